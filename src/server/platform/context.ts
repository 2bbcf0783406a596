import type { Config } from './config';
import type { Db } from './db/client';

/** What every module gets: the database, the configuration and the clock (tests move it). */
export type AppContext = {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  config: Config;
  clock: () => Date;
};
