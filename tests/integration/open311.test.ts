/**
 * Open311 GeoReport v2 conformance: the calls a typical client makes (discovery, list services, service
 * definition, post a request with a location and a photo URL, read it back by token and by id, list with
 * filters), checked against the request and response shapes of http://wiki.open311.org/GeoReport_v2 in
 * JSON and XML, with errors in the spec's error-array shape.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areas, cases } from '../../src/server/platform/db/schema';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;
let key: string;
let readOnly: string;
let gridCode: string;
let inside: { lng: number; lat: number };
let outside: { lng: number; lat: number };

const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
const BASE = '/open311/v2';

async function centreOfGrid(code: string) {
  const [g] = await t.ctx.db.select({ boundary: areas.boundary }).from(areas).where(eq(areas.code, code));
  const b = g.boundary as { type: string; coordinates: number[][][] };
  const ring = (b.type === 'Polygon' ? b.coordinates[0] : (b.coordinates as unknown as number[][][][])[0][0]).slice(0, -1);
  return { lng: ring.reduce((a, p) => a + p[0], 0) / ring.length, lat: ring.reduce((a, p) => a + p[1], 0) / ring.length };
}

function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

/** As the spec sends it: application/x-www-form-urlencoded. */
function postForm(url: string, fields: Record<string, string | number>) {
  const payload = new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
  return t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** The children of the first `<tag>…</tag>` element, as a map of leaf element → text. */
function xmlLeaves(xml: string, tag: string): Record<string, string> {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  if (!m) throw new Error(`no <${tag}> in ${xml.slice(0, 200)}`);
  const out: Record<string, string> = {};
  for (const leaf of m[1].matchAll(/<([a-z_]+)>([^<]*)<\/\1>|<([a-z_]+)\/>/g)) out[leaf[1] ?? leaf[3]] = leaf[2] ?? '';
  return out;
}

function expectErrors(res: { statusCode: number; body: string }, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body) as { code: number; description: string }[];
  expect(Array.isArray(body)).toBe(true);
  expect(body[0]).toEqual({ code: status, description: expect.any(String) });
  return body[0];
}

beforeAll(async () => {
  t = await startTestApp();
  const admin: Client = await t.login('admin');
  const created = await admin.post('/api/integrations/api-keys', { name: '城市服务App', areaCode: '620523101', scopes: ['open311:read', 'open311:write'] });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  key = created.body.key;
  readOnly = (await admin.post('/api/integrations/api-keys', { name: '只读客户端', areaCode: '620523101', scopes: ['open311:read'] })).body.key;
  const gw = await t.login('grid_worker');
  gridCode = (await gw.get('/api/auth/me')).body.scopes[0].code;
  inside = await centreOfGrid(gridCode);
  outside = await centreOfGrid('150981109200001');
});
afterAll(async () => {
  await t?.close();
});

describe('Open311 GeoReport v2', () => {
  it('discovery names the endpoint, the specification and both formats', async () => {
    const res = await get(`${BASE}/discovery.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    const d = JSON.parse(res.body);
    expect(d).toMatchObject({ changeset: expect.stringMatching(W3C), contact: expect.any(String), key_service: expect.any(String) });
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['application/json', 'text/xml'] });
    expect(d.endpoints[0].url).toMatch(/\/open311\/v2$/);
    const xml = await get(`${BASE}/discovery.xml`);
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery>.*<endpoints><endpoint>.*<formats><format>application\/json<\/format><format>text\/xml<\/format><\/formats>/s);
  });

  it('services are the active event categories, with the fields and types of the spec', async () => {
    const res = await get(`${BASE}/services.json`);
    expect(res.statusCode).toBe(200);
    const services = JSON.parse(res.body) as Record<string, unknown>[];
    expect(services.length).toBeGreaterThan(5);
    for (const s of services) {
      expect(Object.keys(s).sort()).toEqual(['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
      expect(typeof s.service_code).toBe('string');
      expect(typeof s.service_name).toBe('string');
      expect(typeof s.metadata).toBe('boolean');
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
    }
    expect(services.find((s) => s.service_code === 'municipal')).toMatchObject({ service_name: '市政设施', metadata: false });

    const xml = await get(`${BASE}/services.xml`);
    expect(xml.statusCode).toBe(200);
    expect(xml.body).toMatch(/^<\?xml[^>]*\?>\n<services><service>/);
    expect(xml.body.match(/<service>/g)?.length).toBe(services.length);
    expect(xmlLeaves(xml.body, 'service')).toMatchObject({ service_code: expect.any(String), metadata: 'false', type: 'realtime' });

    const def = await get(`${BASE}/services/municipal.json`);
    expect(JSON.parse(def.body)).toEqual({ service_code: 'municipal', attributes: [] });
    const defXml = await get(`${BASE}/services/municipal.xml`);
    expect(defXml.body).toContain('<service_definition><service_code>municipal</service_code><attributes></attributes></service_definition>');

    const unknown = await get(`${BASE}/services/no_such.json`);
    expectErrors(unknown, 404);
    const unknownXml = await get(`${BASE}/services/no_such.xml`);
    expect(unknownXml.statusCode).toBe(404);
    expect(unknownXml.body).toMatch(/<errors><error><code>404<\/code><description>[^<]+<\/description><\/error><\/errors>$/);
  });

  it('a client posts a request with a location and a photo URL, then reads it back by token and by id', async () => {
    const description = '幸福路口井盖缺失 <夜间> 行人 & 车辆容易出事';
    const posted = await postForm(`${BASE}/requests.json`, {
      api_key: key,
      service_code: 'municipal',
      lat: inside.lat,
      long: inside.lng,
      address_string: '新兴镇幸福路与建设路口',
      description,
      media_url: 'https://photos.example.org/manhole.jpg',
      first_name: '明',
      last_name: '李',
      phone: '13800138000',
      email: 'li@example.org',
      device_id: 'device-1',
      account_id: 'acct-42',
    });
    expect(posted.statusCode, posted.body).toBe(200);
    const [answer] = JSON.parse(posted.body) as { service_request_id: string; token: string; service_notice: string; account_id: string | null }[];
    expect(answer.service_request_id).toMatch(/^SJ-620523101-\d{8}-\d{4}$/);
    expect(answer.token).toMatch(/^[0-9a-f]{32}$/);
    expect(answer.account_id).toBe('acct-42');

    // the event was filed through the case engine in the grid the point lies in
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.number, answer.service_request_id));
    expect(row).toMatchObject({ kind: 'event', status: 'reported', areaCode: gridCode, categoryCode: 'municipal', reporterId: null });
    expect(row.reporterPhoneEnc).not.toContain('13800138000');

    // by token
    const byToken = await get(`${BASE}/tokens/${answer.token}.json`);
    expect(JSON.parse(byToken.body)).toEqual([{ service_request_id: answer.service_request_id, token: answer.token }]);
    const byTokenXml = await get(`${BASE}/tokens/${answer.token}.xml`);
    expect(xmlLeaves(byTokenXml.body, 'request')).toEqual({ service_request_id: answer.service_request_id, token: answer.token });
    expect(byTokenXml.body).toMatch(/<service_requests><request>/);
    expectErrors(await get(`${BASE}/tokens/${'0'.repeat(32)}.json`), 404);

    // by id, with a key that may read: the whole request
    const byId = await get(`${BASE}/requests/${answer.service_request_id}.json?api_key=${readOnly}`);
    expect(byId.statusCode, byId.body).toBe(200);
    const [r] = JSON.parse(byId.body) as Record<string, unknown>[];
    expect(r).toMatchObject({
      service_request_id: answer.service_request_id,
      status: 'open',
      service_name: '市政设施',
      service_code: 'municipal',
      description,
      agency_responsible: '新兴镇综治中心',
      address: '新兴镇幸福路与建设路口',
      address_id: gridCode,
      media_url: 'https://photos.example.org/manhole.jpg',
      status_notes: '您反映的问题已提交，等待受理',
    });
    expect(r.lat).toBeCloseTo(inside.lat, 6);
    expect(r.long).toBeCloseTo(inside.lng, 6);
    expect(r.requested_datetime).toMatch(W3C);
    expect(r.updated_datetime).toMatch(W3C);
    expect(r.expected_datetime).toMatch(W3C);
    for (const f of ['service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url']) {
      expect(r, f).toHaveProperty(f);
    }

    // the same in XML, escaped
    const xml = await get(`${BASE}/requests/${answer.service_request_id}.xml`, { 'x-api-key': readOnly });
    expect(xml.statusCode).toBe(200);
    expect(xml.body).toMatch(/^<\?xml[^>]*\?>\n<service_requests><request>/);
    const leaves = xmlLeaves(xml.body, 'request');
    expect(leaves).toMatchObject({ service_request_id: answer.service_request_id, status: 'open', media_url: 'https://photos.example.org/manhole.jpg' });
    expect(leaves.description).toBe('幸福路口井盖缺失 &lt;夜间&gt; 行人 &amp; 车辆容易出事');

    // without a key: status, service, agency and dates only
    const anon = JSON.parse((await get(`${BASE}/requests/${answer.service_request_id}.json`)).body)[0];
    expect(anon).toMatchObject({ service_request_id: answer.service_request_id, status: 'open', service_code: 'municipal', description: null, lat: null, long: null, address: null, media_url: null });

    // list with filters
    const list = async (q: string) => JSON.parse((await get(`${BASE}/requests.json?api_key=${readOnly}&${q}`)).body) as { service_request_id: string }[];
    expect((await list(`service_request_id=${answer.service_request_id}`)).map((x) => x.service_request_id)).toEqual([answer.service_request_id]);
    expect((await list('service_code=municipal&status=open')).map((x) => x.service_request_id)).toContain(answer.service_request_id);
    expect((await list(`service_request_id=${answer.service_request_id}&status=closed`)).length).toBe(0);
    expect((await list('start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z')).length).toBe(0);
    expectErrors(await get(`${BASE}/requests.json?start_date=yesterday`), 400);
    const listXml = await get(`${BASE}/requests.xml?service_request_id=${answer.service_request_id}`);
    expect(listXml.body.match(/<request>/g)?.length).toBe(1);

    // the centre handles and closes it: our states map onto closed, with the public note
    // a report from a town-bound key enters at the town centre: accepted, dispatched, handled, closed
    const tc = await t.login('town_center');
    const act = async (c: Client, action: string, payload: Record<string, unknown>) => {
      const cur = await c.get(`/api/cases/${row.id}`);
      const res = await c.post(`/api/cases/${row.id}/actions/${action}`, { version: cur.body.version, ...payload });
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    };
    await act(tc, 'accept', { grade: 'routine' });
    const police = ((await tc.get('/api/departments')).body.items as { id: number; name: string }[]).find((d) => d.name === '新兴派出所')!.id;
    await act(tc, 'dispatch', { lead: police });
    const assigned = JSON.parse((await get(`${BASE}/requests/${answer.service_request_id}.json?api_key=${readOnly}`)).body)[0];
    expect(assigned.agency_responsible).toBe('新兴派出所');
    const pol = await t.login('dept_police');
    await act(pol, 'acknowledge', {});
    await act(pol, 'feedback', { result: '已补装井盖' });
    await act(tc, 'close', { note: '核查属实' });
    const closed = JSON.parse((await get(`${BASE}/requests/${answer.service_request_id}.json?api_key=${readOnly}`)).body)[0];
    expect(closed).toMatchObject({ status: 'closed', status_notes: '已办结，欢迎您评价', expected_datetime: null });
  });

  it('errors come in the spec shape: missing or read-only key, unknown service, no usable location, outside the key area', async () => {
    const base = { service_code: 'municipal', lat: inside.lat, long: inside.lng, description: '路灯不亮' };
    expect(expectErrors(await postForm(`${BASE}/requests.json`, base), 403).description).toContain('api_key');
    expectErrors(await postForm(`${BASE}/requests.json`, { ...base, api_key: readOnly }), 403);
    expectErrors(await postForm(`${BASE}/requests.json`, { ...base, api_key: `fq_${'x'.repeat(40)}` }), 403);
    expectErrors(await postForm(`${BASE}/requests.json`, { ...base, api_key: key, service_code: 'no_such' }), 404);
    expectErrors(await postForm(`${BASE}/requests.json`, { api_key: key, service_code: 'municipal', address_string: '某地', description: '路灯不亮' }), 400);
    // a point in another county's grid is outside the key's area
    expectErrors(await postForm(`${BASE}/requests.json`, { ...base, api_key: key, lat: outside.lat, long: outside.lng }), 403);
    // address_id names the village or grid when there is no point; the key may also come as a header
    const byHeader = await t.app.inject({
      method: 'POST',
      url: `${BASE}/requests.xml`,
      payload: JSON.stringify({ service_code: 'sanitation', address_id: '620523101001', description: '垃圾未清运' }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    });
    expect(byHeader.statusCode, byHeader.body).toBe(200);
    expect(xmlLeaves(byHeader.body, 'request').service_request_id).toMatch(/^SJ-620523101-/);
    const bad = await postForm(`${BASE}/requests.xml`, { ...base, api_key: key, lat: 'north' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/<errors><error><code>400<\/code><description>[^<]*lat[^<]*<\/description><\/error><\/errors>$/);
  });
});
