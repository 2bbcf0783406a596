/**
 * The grid worker's outbox (PEERS: offline reporting that never duplicates or silently overwrites).
 * Every write is queued in IndexedDB first with an Idempotency-Key fixed at that moment, then sent; a send
 * that fails for want of a connection stays queued and is retried with the same key, so the server answers
 * a retry with the first result instead of making a second record. A 409 (the case moved on) turns the item
 * into a conflict kept with the server's current state for the worker to decide.
 */
import { ApiError, get, newKey, type Page, post, request } from '../api';

export type QueuedPhoto = { filename: string; mime: 'image/jpeg'; dataBase64: string; takenAt?: string; lng?: number; lat?: number };

export type ServerState = { number: string; title: string; status: string; statusLabel: string; version: number; nextActions: { action: string; label: string }[] };

export type OutboxItem = {
  /** Idempotency-Key, fixed when queued */
  key: string;
  userId: number;
  kind: 'report' | 'action' | 'visit' | 'weekly';
  /** POST unless said (一周一结 edits are PATCH) */
  method?: 'PATCH';
  /** what the worker did, in words */
  label: string;
  path: string;
  body: Record<string, unknown>;
  caseId?: number;
  photos?: QueuedPhoto[];
  /** a report or a visit with photos: the record made on the server, and how many photos went up */
  created?: { id: number; number: string };
  photosSent?: number;
  queuedAt: string;
  state: 'pending' | 'conflict' | 'failed';
  message?: string;
  server?: ServerState;
  attempts: number;
};

const DB_NAME = 'fq-mobile';
const STORE = 'outbox';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'key' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const r = fn(t.objectStore(STORE));
    t.oncomplete = () => {
      db.close();
      resolve(r?.result);
    };
    t.onerror = () => {
      db.close();
      reject(t.error);
    };
  });
}

export async function listOutbox(userId: number): Promise<OutboxItem[]> {
  const all = ((await tx<OutboxItem[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>)) ?? []) as OutboxItem[];
  return all.filter((i) => i.userId === userId).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

async function putItem(item: OutboxItem): Promise<void> {
  await tx('readwrite', (s) => s.put(item));
  emit();
}

export async function removeItem(key: string): Promise<void> {
  await tx('readwrite', (s) => s.delete(key));
  emit();
}

export async function clearOutbox(userId: number): Promise<void> {
  for (const i of await listOutbox(userId)) await tx('readwrite', (s) => s.delete(i.key));
  emit();
}

const listeners = new Set<() => void>();
export function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
function emit() {
  for (const fn of listeners) fn();
}

/** Queues a write (its key is fixed now) and tries to send it at once. */
export async function enqueue(
  userId: number,
  entry: Pick<OutboxItem, 'kind' | 'label' | 'path' | 'body'> & Partial<Pick<OutboxItem, 'caseId' | 'photos' | 'method'>>,
): Promise<OutboxItem> {
  const item: OutboxItem = { ...entry, key: newKey(), userId, queuedAt: new Date().toISOString(), state: 'pending', attempts: 0 };
  await putItem(item);
  void flush(userId);
  return item;
}

/** Why a sync stopped early: no connection or no session. */
export type FlushResult = { sent: number; stopped: 'offline' | 'login' | 'later' | null };

let running: Promise<FlushResult> | null = null;
let again = false;

/** Sends every pending item of this user, oldest first. Only one flush runs at a time. */
export function flush(userId: number): Promise<FlushResult> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    let result: FlushResult;
    do {
      again = false;
      result = await flushOnce(userId);
    } while (again && result.stopped === null);
    return result;
  })().finally(() => {
    running = null;
  });
  return running;
}

async function flushOnce(userId: number): Promise<FlushResult> {
  let sent = 0;
  for (const item of await listOutbox(userId)) {
    if (item.state !== 'pending') continue;
    try {
      await send(item);
      await removeItem(item.key);
      sent++;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.network) return { sent, stopped: 'offline' };
      if (e.status === 401) return { sent, stopped: 'login' };
      if (e.status >= 500 || e.code === 'IDEMPOTENCY_IN_PROGRESS') {
        await putItem({ ...item, attempts: item.attempts + 1 });
        return { sent, stopped: 'later' };
      }
      if (e.status === 409) {
        // the case moved on while the worker was offline: keep both sides, never overwrite
        let server: ServerState | undefined;
        const caseId = item.caseId ?? item.created?.id;
        if (caseId) {
          try {
            server = await get<ServerState>(`/api/cases/${caseId}`);
          } catch {
            server = undefined;
          }
        }
        await putItem({ ...item, state: 'conflict', message: e.message, server, attempts: item.attempts + 1 });
      } else {
        await putItem({ ...item, state: 'failed', message: e.message, attempts: item.attempts + 1 });
      }
    }
  }
  return { sent, stopped: null };
}

async function send(item: OutboxItem): Promise<void> {
  const headers = { 'idempotency-key': item.key };
  if (item.kind === 'weekly') {
    await sendWeekly(item, headers);
    return;
  }
  // a report's photos go to its case, a visit's to the visit: after the record exists, each under a key of its own
  const photoPath = item.kind === 'report' ? (id: number) => `/api/cases/${id}/attachments` : item.kind === 'visit' ? (id: number) => `/api/visits/${id}/photos` : null;
  if (!photoPath || (item.kind === 'visit' && !item.photos?.length)) {
    await post(item.path, item.body, headers);
    return;
  }
  let created = item.created;
  if (!created) {
    const r = await post<{ id: number; number?: string }>(item.path, item.body, headers);
    created = { id: r.id, number: r.number ?? '' };
    item.created = created;
    item.photosSent = 0;
    await putItem(item);
  }
  const photos = item.photos ?? [];
  for (let i = item.photosSent ?? 0; i < photos.length; i++) {
    await post(photoPath(created.id), photos[i], { 'idempotency-key': `${item.key}:photo:${i}` });
    item.photosSent = i + 1;
    await putItem(item);
  }
}

/** Puts a failed or conflicting item back in line (the same key: the server still dedups it). */
export async function retryItem(item: OutboxItem): Promise<void> {
  await putItem({ ...item, state: 'pending', message: undefined, server: undefined });
  void flush(item.userId);
}

type WeeklySignal = { id?: number; category: string; grade: string; description: string; location?: string | null; lng?: number | null; lat?: number | null };
type WeeklyBody = { week: string; gridCode: string; summary: string; signals: WeeklySignal[] };

/**
 * 一周一结: a POST answered RISK_REPORT_EXISTS (the grid's report was filed meanwhile, e.g. from another phone
 * or before this one could load it) is turned into a PATCH of that report: its signals kept by id, ours added.
 */
async function sendWeekly(item: OutboxItem, headers: Record<string, string>): Promise<void> {
  if (item.method === 'PATCH') {
    await request('PATCH', item.path, item.body, headers);
    return;
  }
  try {
    await post(item.path, item.body, headers);
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'RISK_REPORT_EXISTS') throw e;
    const body = item.body as WeeklyBody;
    const list = await get<Page<{ id: number; areaCode: string }>>(`/api/risk/weekly-reports?area=${body.gridCode}&week=${body.week}`);
    const found = list.items.find((r) => r.areaCode === body.gridCode);
    if (!found) throw e;
    const current = await get<{ version: number; summary: string; signals: WeeklySignal[] }>(`/api/risk/weekly-reports/${found.id}`);
    const kept = current.signals.map((s) => ({
      id: s.id,
      category: s.category,
      grade: s.grade,
      description: s.description,
      ...(s.location ? { location: s.location } : {}),
      ...(s.lng != null && s.lat != null ? { lng: s.lng, lat: s.lat } : {}),
    }));
    const summary = [current.summary, body.summary].filter((t) => t.trim() !== '').join('\n');
    await request('PATCH', `/api/risk/weekly-reports/${found.id}`, { version: current.version, summary, signals: [...kept, ...body.signals] }, { 'idempotency-key': `${item.key}:merge` });
  }
}
