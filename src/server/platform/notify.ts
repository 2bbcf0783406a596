import type { Db } from './db/client';
import { notifications } from './db/schema';

export type Notice = { userId: number; kind: string; title: string; body?: string; link?: string; areaCode?: string };

/** Writes in-app notices inside the caller's transaction, so a notice exists exactly when its cause does. */
export async function notify(tx: Db, notices: Notice[], now: Date): Promise<void> {
  if (notices.length === 0) return;
  await tx.insert(notifications).values(notices.map((n) => ({ ...n, createdAt: now })));
}
