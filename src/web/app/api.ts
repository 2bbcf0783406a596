/**
 * The one HTTP client of the web app: JSON over the cookie session, the CSRF header on writes,
 * and errors turned into ApiError carrying the server's Chinese message and the offending field.
 */

export type ApiErrorBody = { error?: { code?: string; message?: string; field?: string; details?: unknown } };

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  constructor(status: number, code: string, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

export type Page<T> = { items: T[]; total: number };

type AuthListener = (reason: 'unauthenticated' | 'password-change', message: string) => void;
const listeners = new Set<AuthListener>();

/** The auth context listens here: a 401 anywhere sends the user to the login page. */
export function onAuthProblem(listener: AuthListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const CSRF_HEADER = { 'x-requested-with': 'fengqiao' };

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') Object.assign(headers, CSRF_HEADER);
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (data as ApiErrorBody | null)?.error;
    const err = new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `请求失败(${res.status})`, e?.field);
    // the login call itself answers 401 for a wrong password: that is a form error, not a lost session
    if (res.status === 401 && !path.startsWith('/api/auth/login') && !path.startsWith('/api/auth/totp')) for (const l of listeners) l('unauthenticated', err.message);
    if (res.status === 403 && err.code === 'PASSWORD_CHANGE_REQUIRED') for (const l of listeners) l('password-change', err.message);
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
};

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return '操作失败';
}
