/** A tiny fetch client for the phone apps (the console's client pulls in antd). */

export type ApiErrorBody = { error?: { code?: string; message?: string; field?: string } };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
  /** no answer at all: offline, or the connection broke */
  get network(): boolean {
    return this.status === 0;
  }
}

export type Me = {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  roleLabels: string[];
  scopes: { code: string; name: string; level: string }[];
  permissions: string[];
  mustChangePassword: boolean;
};

export type Page<T> = { items: T[]; total: number };

export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(method === 'GET' ? {} : { 'x-requested-with': 'fetch' }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接不上，请稍后再试');
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data as ApiErrorBody | null)?.error;
    throw new ApiError(res.status, e?.code ?? 'HTTP', e?.message ?? `请求失败(${res.status})`, e?.field);
  }
  return data as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, body ?? {}, headers);

export function qs(params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export function newKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}月${d.getDate()}日 ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

export type Category = { code: string; name: string; active: boolean };

/** Event categories, remembered for offline use. */
export async function loadCategories(): Promise<Category[]> {
  const cacheKey = 'fq-m-categories';
  try {
    const r = await get<Page<Category>>('/api/case-categories?kind=event');
    const items = r.items.filter((c) => c.active);
    localStorage.setItem(cacheKey, JSON.stringify(items));
    return items;
  } catch (e) {
    const cached = localStorage.getItem(cacheKey);
    if (cached) return JSON.parse(cached) as Category[];
    throw e;
  }
}
