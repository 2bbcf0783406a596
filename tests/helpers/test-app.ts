import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import type { AppContext } from '../../src/server/platform/context';
import { DEMO_PASSWORD } from '../../src/server/seed';
import { openTestDatabase, testConfig } from './db-template';

export type Res<T = unknown> = { status: number; body: T; headers: Record<string, unknown> };

/** A logged-in (or anonymous) HTTP client over the app, carrying its session cookie like a browser. */
export class Client {
  cookie: string | null = null;
  constructor(readonly app: FastifyInstance) {}

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      payload: body === undefined ? undefined : (body as object),
      headers: {
        'x-requested-with': 'fengqiao-test',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
    });
    const set = res.headers['set-cookie'];
    const cookies = Array.isArray(set) ? set : set ? [set] : [];
    for (const c of cookies) {
      const [pair] = c.split(';');
      if (pair.startsWith('fq_session=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    let parsed: unknown = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      // not JSON
    }
    return { status: res.statusCode, body: parsed as T, headers: res.headers };
  }
  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', url, body ?? {}, headers);
  }
  patch<T = any>(url: string, body?: unknown) {
    return this.request<T>('PATCH', url, body ?? {});
  }
}

export type TestApp = {
  app: FastifyInstance;
  ctx: AppContext;
  /** moves the clock the app sees */
  setNow: (d: Date) => void;
  anon: () => Client;
  login: (username: string, password?: string) => Promise<Client>;
  close: () => Promise<void>;
};

export async function startTestApp(): Promise<TestApp> {
  const database = await openTestDatabase();
  let now: Date | null = null;
  const ctx: AppContext = {
    db: database.db,
    dbKind: database.kind,
    config: testConfig(),
    clock: () => now ?? new Date(),
  };
  const app = await buildApp({ ...ctx, serveWeb: false });
  await app.ready();
  return {
    app,
    ctx,
    setNow: (d) => {
      now = d;
    },
    anon: () => new Client(app),
    login: async (username, password = DEMO_PASSWORD) => {
      const c = new Client(app);
      const res = await c.post('/api/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(res.body)}`);
      return c;
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
