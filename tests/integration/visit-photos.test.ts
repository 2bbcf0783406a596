/**
 * 入户走访 photos (issue #6): uploaded after the visit (or named at creation once uploaded), checked by their bytes,
 * stored once, listed on the visit, every read audited; out of scope is 404 and a wrong file a clear 400.
 */
import { createHash } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, households, users } from '../../src/server/platform/db/schema';
import { type TestApp, startTestApp } from '../helpers/test-app';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG_SHA = createHash('sha256').update(Buffer.from(PNG, 'base64')).digest('hex');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe('visit photos', () => {
  it('takes a photo after the visit, lists it, serves it with an audit record, and refuses what is not a photo', async () => {
    const gw = await t.login('grid_worker');
    const [me] = await t.ctx.db.select({ scopes: users.scopes }).from(users).where(eq(users.username, 'grid_worker'));
    const [hh] = await t.ctx.db
      .select({ id: households.id })
      .from(households)
      .where(like(households.areaCode, `${me.scopes[0]}%`))
      .limit(1);
    const v = await gw.post('/api/visits', { householdId: hh.id, peopleMet: 2, findings: '老人独居，屋顶漏雨' });
    expect(v.status, JSON.stringify(v.body)).toBe(201);

    const up = await gw.post(`/api/visits/${v.body.id}/photos`, { mime: 'image/png', dataBase64: PNG, filename: 'roof.png' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ sha256: PNG_SHA, mime: 'image/png', photos: [PNG_SHA] });
    // the same photo twice is kept once
    expect((await gw.post(`/api/visits/${v.body.id}/photos`, { mime: 'image/png', dataBase64: PNG })).body.photos).toEqual([PNG_SHA]);

    const list = await gw.get(`/api/visits?householdId=${hh.id}`);
    expect(list.body.items.find((i: { id: number }) => i.id === v.body.id).photos).toEqual([PNG_SHA]);

    const read = await t.app.inject({ method: 'GET', url: `/api/visits/${v.body.id}/photos/${PNG_SHA}`, headers: { cookie: gw.cookie ?? '' } });
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toBe('image/png');
    expect(createHash('sha256').update(read.rawPayload).digest('hex')).toBe(PNG_SHA);
    const audits = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'visit.photo.read'), eq(auditLog.targetId, String(v.body.id))));
    expect(audits).toHaveLength(1);

    // a PDF, or bytes that are not what they claim, get a clear refusal
    const pdf = Buffer.from('%PDF-1.4 test').toString('base64');
    const bad = await gw.post(`/api/visits/${v.body.id}/photos`, { mime: 'image/png', dataBase64: pdf });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VISIT_PHOTO_TYPE', field: 'mime' });
    expect(bad.body.error.message).toMatch(/JPG|PNG/);

    // a photo named at creation must have been uploaded before
    const named = await gw.post('/api/visits', { householdId: hh.id, findings: '复访', photos: [PNG_SHA] });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    const unknown = await gw.post('/api/visits', { householdId: hh.id, findings: '复访', photos: ['0'.repeat(64)] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VISIT_PHOTO_UNKNOWN');

    // another town's grid worker neither adds to nor sees it
    const other = await t.login('hsb_grid_worker');
    expect((await other.post(`/api/visits/${v.body.id}/photos`, { mime: 'image/png', dataBase64: PNG })).status).toBe(404);
    expect((await other.get(`/api/visits/${v.body.id}/photos/${PNG_SHA}`)).status).toBe(404);
  });
});
