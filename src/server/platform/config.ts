import path from 'node:path';

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  production: boolean;
  demo: boolean;
  regions: string[];
  keyFile: string;
  sessionIdleMinutes: number;
  lockAfterFailures: number;
  lockMinutes: number;
  /** second factor (TOTP) required for admin, centre and leader accounts */
  totpRequired: boolean;
  /** failed logins from one address within the window before it answers 429 */
  loginIpMaxFailures: number;
  loginIpWindowMinutes: number;
  /** Fastify trustProxy: which hops may set X-Forwarded-For (the client address drives rate limits and audit) */
  trustProxy: boolean | string;
};

/** 'loopback' by default: only a proxy on this machine may name the client; `true` would let anyone forge it. */
function trustProxySetting(v: string | undefined): boolean | string {
  if (v === undefined || v.trim() === '') return 'loopback';
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

/** The seed localities of the source reports: 甘谷县, 民勤县, 民乐县, 湛江市 five districts, 丰镇市. */
export const DEMO_REGIONS = ['620523', '620621', '620722', '440802', '440811', '440803', '440881', '440823', '150981'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.FENGQIAO_DATA_DIR ?? 'data');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  const demo = env.FENGQIAO_DEMO ? env.FENGQIAO_DEMO === '1' : !production;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    production,
    demo,
    regions: (env.FENGQIAO_REGIONS ?? DEMO_REGIONS.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    keyFile: path.resolve(env.FENGQIAO_KEY_FILE ?? path.join(dataDir, 'fengqiao.key')),
    sessionIdleMinutes: Number(env.FENGQIAO_SESSION_IDLE_MINUTES ?? 30),
    lockAfterFailures: 5,
    lockMinutes: 30,
    // production defaults to required; a production start with the demo seed keeps the demo accounts usable
    totpRequired: env.FENGQIAO_TOTP === 'required' || (env.FENGQIAO_TOTP !== 'off' && production && !demo),
    loginIpMaxFailures: Number(env.FENGQIAO_LOGIN_IP_FAILURES ?? 20),
    loginIpWindowMinutes: 10,
    trustProxy: trustProxySetting(env.FENGQIAO_TRUST_PROXY),
  };
}
