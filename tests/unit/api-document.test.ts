/**
 * The OpenAPI document passes a strict validator (@redocly/openapi-core, `recommended-strict`), and the
 * generated TypeScript client in clients/ts/ is current (regenerated here and compared) and works.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, FengqiaoApiError } from '../../clients/ts';
import { CLIENT_DIR, generateClient } from '../../scripts/gen-client';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/platform/config';
import type { Db } from '../../src/server/platform/db/client';

let app: FastifyInstance;
let doc: { paths: Record<string, Record<string, { operationId?: string }>> } & Record<string, unknown>;

beforeAll(async () => {
  // registering routes reads no database: the document needs none
  app = await buildApp({ db: {} as Db, dbKind: 'pglite', config: loadConfig({ NODE_ENV: 'test', FENGQIAO_DEMO: '0' }), clock: () => new Date(), serveWeb: false });
  await app.ready();
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = JSON.parse(res.body);
});
afterAll(async () => {
  await app?.close();
});

/** Paths whose templates overlap but which share no method can't be confused by a client. */
function ambiguousForReal(message: string): boolean {
  const [a, b] = [...message.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  if (!a || !b) return true;
  const methods = (p: string) => new Set(Object.keys(doc.paths[p] ?? {}));
  const ma = methods(a);
  return [...methods(b)].some((m) => ma.has(m));
}

describe('the API document', () => {
  it('passes redocly recommended-strict', async () => {
    const config = await createConfig({ extends: ['recommended-strict'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const real = problems.filter((p) => p.ruleId !== 'no-ambiguous-paths' || ambiguousForReal(p.message));
    expect(real.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('names every operation once, declares the error answer, and marks public routes', () => {
    const ids: string[] = [];
    for (const item of Object.values(doc.paths)) for (const op of Object.values(item)) if (op.operationId) ids.push(op.operationId);
    expect(ids.length).toBeGreaterThan(100);
    expect(new Set(ids).size).toBe(ids.length);
    const cases = doc.paths['/api/cases'] as Record<string, { operationId: string; responses: Record<string, unknown>; security?: unknown }>;
    expect(cases.get.operationId).toBe('getCases');
    expect(cases.get.responses['4XX']).toBeDefined();
    expect(cases.get.security).toEqual([{ session: [] }, { apiKey: [] }, { bearer: [] }]);
    const services = doc.paths['/open311/v2/services.{format}'] as Record<string, { security?: unknown }>;
    expect(services.get.security).toEqual([{}, { apiKey: [] }, { bearer: [] }]);
    const login = doc.paths['/api/auth/login'] as Record<string, { security?: unknown }>;
    expect(login.post.security).toEqual([]);
  });

  it('the generated client in clients/ts is current (run `npm run client` after changing the API)', async () => {
    const files = await generateClient(doc);
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(CLIENT_DIR, name);
      expect(fs.existsSync(file), `clients/ts/${name} is missing: run npm run client`).toBe(true);
      expect(fs.readFileSync(file, 'utf8') === text, `clients/ts/${name} is stale: run npm run client`).toBe(true);
    }
  });

  it('the client calls operations by path or operationId and throws the error code', async () => {
    const seen: { url: string; auth: string | undefined }[] = [];
    const viaApp: typeof fetch = async (input, init) => {
      const url = new URL(String(input));
      const headers = init?.headers as Record<string, string>;
      seen.push({ url: url.pathname + url.search, auth: headers.authorization });
      const res = await app.inject({ method: (init?.method ?? 'GET') as 'GET', url: url.pathname + url.search, headers });
      return new Response(res.body, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? '') } });
    };
    const client = createClient({ baseUrl: 'http://fengqiao.test/', fetch: viaApp });
    const health = await client.call('getHealth');
    expect(health.ok).toBe(true);
    expect(typeof health.version).toBe('string');
    const same = await client.request('get', '/api/health');
    expect(same.db).toBe('pglite');
    // a malformed key is refused before any lookup: the stable error code comes back typed
    const keyed = createClient({ baseUrl: 'http://fengqiao.test', apiKey: 'fq_example', fetch: viaApp });
    const err = await keyed.request('get', '/api/cases/{id}', { path: { id: 7 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FengqiaoApiError);
    expect(err).toMatchObject({ status: 401, code: 'API_KEY_INVALID' });
    expect(seen).toEqual([
      { url: '/api/health', auth: undefined },
      { url: '/api/health', auth: undefined },
      { url: '/api/cases/7', auth: 'Bearer fq_example' },
    ]);
  });
});
