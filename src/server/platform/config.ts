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
};

/** The seed localities of the source reports: 甘谷县, 民勤县, 民乐县, 湛江市 five districts, 丰镇市. */
export const DEMO_REGIONS = ['620523', '620621', '620722', '440802', '440811', '440803', '440881', '440823', '150981'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const dataDir = path.resolve(env.FENGQIAO_DATA_DIR ?? 'data');
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    production,
    demo: env.FENGQIAO_DEMO ? env.FENGQIAO_DEMO === '1' : !production,
    regions: (env.FENGQIAO_REGIONS ?? DEMO_REGIONS.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    keyFile: path.resolve(env.FENGQIAO_KEY_FILE ?? path.join(dataDir, 'fengqiao.key')),
    sessionIdleMinutes: Number(env.FENGQIAO_SESSION_IDLE_MINUTES ?? 30),
    lockAfterFailures: 5,
    lockMinutes: 30,
  };
}
