/**
 * Periodic sweeps (DESIGN §14). Each run takes a transaction-scoped advisory lock, so of several app
 * instances only one sweeps at a time; the others skip. main.ts runs this every minute; tests call it.
 */
import { and, inArray, lt, sql } from 'drizzle-orm';
import { STEP_LABEL } from '../../domain/cases/deadline';
import type { DeadlineStep } from '../../domain/cases/engine';
import { OPEN_STATUSES } from '../../domain/cases/types';
import { SYSTEM_ACTOR, overdueToken } from '../modules/cases/case-support';
import { perform } from '../modules/cases/perform';
import { refreshRollups } from '../modules/metrics/rollup';
import { sweepRisk } from '../modules/risk/rules.service';
import type { AppContext } from './context';
import type { Db } from './db/client';
import { cases } from './db/schema';

const SWEEP_LOCK = 7_461_010;

export type SweepResult = { ran: boolean; supervised: number };

/** Overdue cases raise 督办 to the next level through the engine, once per overdue clock. */
async function superviseOverdue(ctx: AppContext, tx: Db): Promise<number> {
  const now = ctx.clock();
  const candidates = await tx
    .select({ id: cases.id, version: cases.version, dueStep: cases.dueStep, dueAt: cases.dueAt, supervisedStep: cases.supervisedStep })
    .from(cases)
    .where(and(inArray(cases.status, [...OPEN_STATUSES]), lt(cases.dueAt, now)))
    .limit(500);
  let done = 0;
  for (const c of candidates) {
    const token = overdueToken(c.dueStep, c.dueAt);
    if (!token || token === c.supervisedStep) continue;
    const label = STEP_LABEL[c.dueStep as DeadlineStep] ?? c.dueStep;
    try {
      await perform({ ...ctx, db: tx }, SYSTEM_ACTOR, c.id, 'supervise', {
        version: c.version,
        note: `${label}超期，系统自动督办`,
        overdueStep: token,
      });
      done++;
    } catch {
      // a case changed under us (409) is picked up by the next sweep
    }
  }
  return done;
}

/**
 * Work a module adds to every sweep, run after the locked transaction (e.g. delivering an outbox over the
 * network, which must not hold a transaction open). Each task claims its own rows, so instances don't collide.
 */
export type SweepTask = (ctx: AppContext) => Promise<void>;
const SWEEP_TASKS: SweepTask[] = [];
export function registerSweepTask(task: SweepTask): void {
  if (!SWEEP_TASKS.includes(task)) SWEEP_TASKS.push(task);
}

/**
 * `periodMs` (the timer passes its interval): the run records its period inside the locked transaction, so of
 * several instances whose timers fire at different moments only the first sweeps each period; the others find the
 * period done and skip. Without it (tests, manual runs) every call sweeps.
 */
export type SweepOptions = { periodMs?: number };

export async function runSweeps(ctx: AppContext, opts: SweepOptions = {}): Promise<SweepResult> {
  const result = await lockedSweeps(ctx, opts.periodMs ?? null);
  for (const task of SWEEP_TASKS) {
    try {
      await task(ctx);
    } catch (e) {
      console.error('[枫桥] 定时任务失败', (e as Error).message);
    }
  }
  return result;
}

async function lockedSweeps(ctx: AppContext, periodMs: number | null): Promise<SweepResult> {
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const res = (await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS locked`)) as unknown as { rows: { locked: boolean }[] };
    if (!res.rows[0]?.locked) return { ran: false, supervised: 0 };
    if (periodMs) {
      // committed with the sweep's work: an aborted sweep leaves its period open for the next instance
      const period = Math.floor(ctx.clock().getTime() / periodMs);
      const done = (await tx.execute(sql`SELECT (value->>'period')::bigint AS period FROM settings WHERE key = 'sweep.period'`)) as unknown as {
        rows: { period: number | string }[];
      };
      if (done.rows[0] && Number(done.rows[0].period) >= period) return { ran: false, supervised: 0 };
      await tx.execute(sql`INSERT INTO settings (key, value, updated_at) VALUES ('sweep.period', ${JSON.stringify({ period, periodMs })}::jsonb, now())
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
    }
    const supervised = await superviseOverdue(ctx, tx);
    await sweepRisk(ctx, tx);
    await refreshRollups(tx, ctx.clock());
    return { ran: true, supervised };
  });
}

/** Starts the minute timer; returns a stop function. */
export function startSweepTimer(ctx: AppContext, everyMs = 60_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runSweeps(ctx, { periodMs: everyMs })
      .catch((e) => console.error('[枫桥] 定时任务失败', (e as Error).message))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
