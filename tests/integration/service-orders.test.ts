import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceOrders } from '../../src/server/platform/db/schema';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;

type CaseBody = { id: number; version: number; status: string; nextActions: { action: string }[]; rating: string | null };

async function view(c: Client, id: number) {
  const res = await c.get<CaseBody>(`/api/cases/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function act(c: Client, id: number, action: string, payload: Record<string, unknown> = {}) {
  const cur = await view(c, id);
  const res = await c.post(`/api/cases/${id}/actions/${action}`, { version: cur.version, ...payload });
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body as { status: string; version: number };
}

async function place(resident: Client, title = '家中老人需要代购药品') {
  const res = await resident.post<{ id: number; number: string; status: string }>('/api/cases', {
    kind: 'service',
    title,
    description: `${title}，请党员志愿者帮忙`,
    categoryCode: 'service_errand',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  const pool = (t?.ctx.db as unknown as { $client?: { on?: (e: string, f: () => void) => void } })?.$client;
  pool?.on?.('error', () => undefined);
  await t?.close();
});

describe('为民服务: 居民点单 → 社区派单 → 党员接单 → 完成 → 好差评', () => {
  it('runs the whole journey with the right buttons for each party', async () => {
    const resident = await t.login('resident');
    const cadre = await t.login('village_cadre');
    const party = await t.login('party_member');

    const order = await place(resident);
    expect(order.number).toMatch(/^FW-/);
    expect(order.status).toBe('reported');

    // the party member sees the order of the area but cannot take it before the community dispatches it
    expect((await view(party, order.id)).nextActions).toEqual([]);
    expect((await view(cadre, order.id)).nextActions.map((a) => a.action)).toEqual(['dispatch_volunteer', 'decline']);

    expect((await act(cadre, order.id, 'dispatch_volunteer', { note: '请就近党员接单' })).status).toBe('assigned');
    const notes = (await party.get<{ items: { kind: string }[] }>('/api/notifications')).body.items;
    expect(notes.some((n) => n.kind === 'service.dispatched')).toBe(true);

    expect((await view(party, order.id)).nextActions.map((a) => a.action)).toEqual(['claim']);
    expect((await act(party, order.id, 'claim')).status).toBe('in_progress');
    const [row] = await t.ctx.db.select().from(serviceOrders).where(eq(serviceOrders.caseId, order.id));
    expect(row.volunteerId).not.toBeNull();

    // the resident cannot complete on the volunteer's behalf
    const cur = await view(resident, order.id);
    const refused = await resident.post(`/api/cases/${order.id}/actions/complete`, { version: cur.version, result: '已完成' });
    expect(refused.status).toBe(403);
    expect((refused.body as { error: { code: string } }).error.code).toBe('CASE_ACTION_FORBIDDEN');

    expect((await act(party, order.id, 'complete', { result: '已代购药品并送到家中', hours: 2 })).status).toBe('closed');
    const [done] = await t.ctx.db.select().from(serviceOrders).where(eq(serviceOrders.caseId, order.id));
    expect(done.hours).toBe(2);
    expect(done.completedAt).not.toBeNull();

    expect((await view(resident, order.id)).nextActions.map((a) => a.action)).toEqual(['rate']);
    expect((await act(resident, order.id, 'rate', { rating: 'satisfied', comment: '很及时' })).status).toBe('evaluated');
    const final = await view(resident, order.id);
    expect(final.rating).toBe('satisfied');

    const timeline = (await cadre.get<{ items: { action: string }[] }>(`/api/cases/${order.id}/timeline`)).body.items;
    expect(timeline.map((x) => x.action)).toEqual(expect.arrayContaining(['dispatch_volunteer', 'claim', 'complete', 'rate']));
  });

  it('once taken, only the taker completes; staff of another town do not see the order', async () => {
    const resident = await t.login('resident');
    const cadre = await t.login('village_cadre');
    const party = await t.login('party_member');
    const order = await place(resident, '楼道灯坏了需要维修');
    await act(cadre, order.id, 'dispatch_volunteer');
    await act(party, order.id, 'claim');
    // a second claim is refused: the order is no longer waiting
    const v = (await view(party, order.id)).version;
    const again = await party.post(`/api/cases/${order.id}/actions/claim`, { version: v });
    expect(again.status).toBe(409);
    expect((await view(party, order.id)).nextActions.map((a) => a.action)).toEqual(['complete']);

    const hsb = await t.login('hsb_grid_worker');
    expect((await hsb.get(`/api/cases/${order.id}`)).status).toBe(404);
  });

  it('the resident may cancel before it is taken', async () => {
    const resident = await t.login('resident');
    const order = await place(resident, '想请人辅导孩子作业');
    expect((await act(resident, order.id, 'cancel', { reason: '已自行解决' })).status).toBe('rejected');
  });
});
