/** Types and helpers shared by the participation pages (议事协商, 表决, 四议两公开, 三公开, 双报到, 政策法规, 为民服务). */
import type { z } from 'zod';
import type {
  knowledgeDetail,
  knowledgeView,
  meetingDetail,
  meetingView,
  overdueView,
  postCommentView,
  postDetail,
  postView,
  procedureDetail,
  procedureView,
  registrationView,
  taskView,
  topicDetail,
  topicView,
  electorView,
  voteView,
} from '../../../../contracts/participation';
import { ApiError, type ApiErrorBody, CSRF_HEADER } from '../../../app/api';

export type Topic = z.infer<typeof topicView>;
export type TopicDetail = z.infer<typeof topicDetail>;
export type Meeting = z.infer<typeof meetingView>;
export type MeetingDetail = z.infer<typeof meetingDetail>;
export type Task = z.infer<typeof taskView>;
export type Vote = z.infer<typeof voteView>;
export type Elector = z.infer<typeof electorView>;
export type Procedure = z.infer<typeof procedureView>;
export type ProcedureDetail = z.infer<typeof procedureDetail>;
export type Post = z.infer<typeof postView>;
export type PostDetail = z.infer<typeof postDetail>;
export type PostComment = z.infer<typeof postCommentView>;
export type Overdue = z.infer<typeof overdueView>;
export type Registration = z.infer<typeof registrationView>;
export type Knowledge = z.infer<typeof knowledgeView>;
export type KnowledgeDetail = z.infer<typeof knowledgeDetail>;

/** DELETE with the CSRF header (the shared client has no delete verb). */
export async function apiDelete<T>(path: string): Promise<T> {
  const res = await fetch(path, { method: 'DELETE', credentials: 'same-origin', headers: { ...CSRF_HEADER, accept: 'application/json' } });
  const data = (await res.json().catch(() => null)) as (ApiErrorBody & T) | null;
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? `请求失败(${res.status})`, e?.field);
  }
  return data as T;
}

export const fmt = (s: string | null | undefined, withTime = false) => {
  if (!s) return '—';
  const d = new Date(s);
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  return withTime ? `${date} ${p(d.getHours())}:${p(d.getMinutes())}` : date;
};
