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

export async function runSweeps(ctx: AppContext): Promise<SweepResult> {
  const result = await lockedSweeps(ctx);
  for (const task of SWEEP_TASKS) {
    try {
      await task(ctx);
    } catch (e) {
      console.error('[枫桥] 定时任务失败', (e as Error).message);
    }
  }
  return result;
}

async function lockedSweeps(ctx: AppContext): Promise<SweepResult> {
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const res = (await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${SWEEP_LOCK}) AS locked`)) as unknown as { rows: { locked: boolean }[] };
    if (!res.rows[0]?.locked) return { ran: false, supervised: 0 };
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
    runSweeps(ctx)
      .catch((e) => console.error('[枫桥] 定时任务失败', (e as Error).message))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
