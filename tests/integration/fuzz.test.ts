/**
 * Fuzzing every operation of the OpenAPI document (fast-check, fixed seed): malformed, oversized, wrong-type,
 * unicode, injection-shaped and boundary bodies, query strings and path ids, sent as the administrator, as a
 * town centre clerk (a scoped role) and, for public operations, anonymously. Every answer must be a 2xx or a 4xx
 * with the documented error shape {code, message (Chinese), field?}; never a 5xx, a stack trace or SQL text.
 */
import { eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areas, users } from '../../src/server/platform/db/schema';
import { routeRegistry } from '../../src/server/platform/http';
import { answerProblem, type FuzzPools, type FuzzRequest, type Operation, operationsOf, requestArb, seedFor } from '../helpers/openapi-fuzz';
import { type TestApp, startTestApp } from '../helpers/test-app';

const SEED = 20_261_123;
/** runs per operation and actor; FQ_FUZZ_RUNS raises it for a longer local session */
const RUNS = Number(process.env.FQ_FUZZ_RUNS ?? 3);
/** when an actor may not call an operation at all, a few requests prove the refusal keeps the shape */
const RUNS_REFUSED = 2;
const IN_FLIGHT = 4;

let t: TestApp;
let pools: FuzzPools;
const cookies: Record<string, string | null> = {};

beforeAll(async () => {
  t = await startTestApp();
  for (const name of ['admin', 'town_center']) {
    const c = await t.login(name);
    cookies[name] = c.cookie;
  }
  cookies.anonymous = null;
  // the user fuzzing may edit and reset: never the fuzzing accounts themselves
  const admin = await t.login('admin');
  const target = await admin.post('/api/users', {
    username: 'fuzz_target',
    displayName: '模糊测试账号',
    password: 'Fuzz@2026x',
    roles: ['grid_worker'],
    scopes: ['620523101'],
  });
  const [targetRow] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.username, 'fuzz_target'));
  expect(targetRow, JSON.stringify(target.body)).toBeTruthy();
  const known = ['620523', '620523101', '150981109', '620621'];
  const rows = await t.ctx.db.select({ code: areas.code }).from(areas).where(inArray(areas.code, known));
  const grids = await t.ctx.db.select({ code: areas.code }).from(areas).where(eq(areas.level, 'grid')).limit(3);
  pools = {
    ids: [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144],
    codes: [...rows.map((r) => r.code), ...grids.map((g) => g.code), '1', '62052310100100100'],
    actions: ['accept', 'reject', 'dispatch', 'acknowledge', 'return', 'feedback', 'close', 'rate', 'merge', 'escalate', 'escalate_skip', 'supervise', 'urge', 'own', 'request_extension', 'request_pause', 'resume', 'reopen', 'rework', 'cancel'],
    fields: {
      kind: ['event', 'dispute', 'petition', 'hotline'],
      categoryCode: ['municipal', 'environment', 'safety'],
      grade: ['routine', 'key', 'hard'],
      version: [1, 2, 3],
      lng: [105.32],
      lat: [34.74],
      personId: [1, 2],
      householdId: [1, 2],
      departmentId: [1, 2],
    },
    // editing, resetting or removing the second factor of a user ends that user's sessions
    pinned: { '/api/users/{id}': [String(targetRow.id)] },
  };
}, 120_000);

afterAll(async () => {
  const pool = (t?.ctx.db as unknown as { $client?: { on?: (e: string, f: () => void) => void } })?.$client;
  pool?.on?.('error', () => undefined);
  await t?.close();
});

type Failure = { actor: string; op: string; request: string; problem: string };

async function send(actor: string, req: FuzzRequest) {
  const cookie = cookies[actor];
  const res = await t.app.inject({
    method: req.method as 'GET',
    url: req.url,
    payload: req.payload,
    headers: { ...req.headers, ...(cookie ? { cookie } : {}) },
  });
  return { status: res.statusCode, body: res.body, contentType: res.headers['content-type'] as string | undefined };
}

function describeRequest(req: FuzzRequest): string {
  const p = req.payload === undefined ? '' : typeof req.payload === 'string' ? req.payload.slice(0, 160) : `<${req.payload.length} bytes>`;
  return `${req.method} ${req.url.slice(0, 200)} ${p} [${req.note}]`;
}

/** Operations that would end the fuzzing session itself; they are fuzzed anonymously instead. */
const SESSION_ENDING = new Set(['POST /api/auth/logout']);

function isPublic(op: Operation) {
  const url = op.path.replace(/\{(\w+)\}/g, ':$1');
  return routeRegistry.some((r) => r.method === op.method && r.url === url && r.access === 'public');
}

describe('fuzzing every endpoint from the OpenAPI document', () => {
  it('never answers 5xx, a stack trace or SQL; every 4xx has the error shape with a Chinese message', async () => {
    const doc = JSON.parse((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(100);
    const failures: Failure[] = [];
    let sent = 0;
    let fiveXX = 0;
    const statusCounts: Record<string, number> = {};
    const big = JSON.stringify({ title: 'x'.repeat(2.5 * 1024 * 1024) });

    for (const actor of ['town_center', 'admin', 'anonymous']) {
      const started = Date.now();
      const sentBefore = sent;
      for (const op of ops) {
        const key = `${op.method} ${op.path}`;
        const anonymousOnly = SESSION_ENDING.has(key);
        if (actor === 'anonymous' ? !anonymousOnly && !isPublic(op) : anonymousOnly) continue;
        const arb = requestArb(op, pools);
        const first = fc.sample(arb, { seed: seedFor(SEED, `${actor} ${key}`), numRuns: 1 })[0];
        const probe = await send(actor, first);
        const refused = probe.status === 403 || probe.status === 401;
        const samples = [first, ...fc.sample(arb, { seed: seedFor(SEED, `${actor} ${key} runs`), numRuns: (refused ? RUNS_REFUSED : RUNS) - 1 })];
        if (actor !== 'admin' && ['POST', 'PUT', 'PATCH'].includes(op.method)) {
          samples.push({ method: op.method, url: first.url.split('?')[0], payload: big, headers: { 'content-type': 'application/json', 'x-requested-with': 'fengqiao-fuzz' }, note: 'oversized body' });
        }
        const queue = [...samples.entries()];
        const worker = async () => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            const [i, req] = next;
            const res = i === 0 ? probe : await send(actor, req);
            sent++;
            statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
            if (res.status >= 500) fiveXX++;
            const problem = answerProblem(res.status, res.body, res.contentType, req.url);
            if (problem) failures.push({ actor, op: key, request: describeRequest(req), problem });
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      }
      console.log(`fuzz as ${actor}: ${sent - sentBefore} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    // the fuzzing sessions stayed valid, so the requests really ran as those users
    for (const actor of ['town_center', 'admin']) {
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookies[actor]! } });
      expect(me.statusCode, `${actor} session`).toBe(200);
    }
    console.log(`fuzz: ${sent} requests, ${fiveXX} 5xx (${ops.length} operations; statuses ${JSON.stringify(statusCounts)})`);
    const byOp = new Map<string, Failure>();
    for (const f of failures) if (!byOp.has(`${f.op} ${f.problem.slice(0, 40)}`)) byOp.set(`${f.op} ${f.problem.slice(0, 40)}`, f);
    expect([...byOp.values()].map((f) => `${f.actor} ${f.op}\n    ${f.request}\n    → ${f.problem}`)).toEqual([]);
  }, 400_000);
});
