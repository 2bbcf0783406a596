/** Small pieces shared by the 实有人口 / 重点人群 / 入户走访 pages. */
import { ApiError, type ApiErrorBody, CSRF_HEADER, withQuery } from '../../../app/api';
import { AreaPicker } from '../../../ui/area-picker';
import type { SpecialPerson } from '../../../features/people/types';

export type {
  Building,
  Household,
  HouseholdDetail,
  ImportResult,
  Person,
  PersonDetail,
  SpecialPerson,
  Visit,
  VisitPolicy,
} from '../../../features/people/types';

export const MOVE_LABEL: Record<string, string> = { out: '迁出', transfer: '区内变动', in: '迁入' };
export const PERSON_STATUS: Record<string, { label: string; color: string }> = {
  active: { label: '在册', color: 'green' },
  moved_out: { label: '已迁出', color: 'default' },
  deceased: { label: '已故', color: 'default' },
};

async function failure(res: Response): Promise<ApiError> {
  let body: ApiErrorBody | null = null;
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    body = null;
  }
  const e = body?.error;
  return new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `请求失败(${res.status})`, e?.field);
}

/** Downloads a file answer (exports, templates) under the name the server gives it. */
export async function downloadFile(path: string, query: Record<string, string | undefined>, fallbackName: string): Promise<Response> {
  const res = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/.exec(cd);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = m ? decodeURIComponent(m[1]) : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  return res;
}

/** Sends a file as the raw request body (the .xlsx import). */
export async function uploadRaw<T>(path: string, file: Blob, mime: string): Promise<T> {
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...CSRF_HEADER, 'content-type': mime, accept: 'application/json' },
    body: file,
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** One area for a filter bar: the area picker keeps the last area picked. */
export function AreaFilter({ value, onChange, placeholder }: { value?: string; onChange: (v: string | undefined) => void; placeholder?: string }) {
  return (
    <div style={{ width: 260 }}>
      <AreaPicker
        value={value ? [value] : []}
        placeholder={placeholder ?? '按区域/网格筛选'}
        onChange={(codes) => onChange(codes.length ? codes[codes.length - 1] : undefined)}
      />
    </div>
  );
}

/** 红黄灯 of a follow-up due date. */
export function dueLight(s: SpecialPerson['dueStatus']): { color: string; label: string } {
  if (s === 'overdue') return { color: 'red', label: '逾期' };
  if (s === 'due_soon') return { color: 'gold', label: '临期' };
  return { color: 'green', label: '正常' };
}
