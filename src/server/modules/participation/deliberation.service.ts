/** 议事协商: topics (村民说事/民情恳谈), meetings with sign-in and minutes, decisions and their follow-up tasks. */
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { decisionInput, meetingInput, minutesInput, signInInput, topicInput } from '../../../contracts/participation';
import { LEVEL_LENGTH } from '../../../domain/area-code';
import { type Actor, assertInScope, hasRole } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import {
  followUpTasks,
  meetingAttendance,
  meetingDecisions,
  meetings,
  topicComments,
  topicSupports,
  deliberationTopics as topics,
  users,
  votes,
} from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { notify } from '../../platform/notify';
import { assertReadable, audit, bump, checkArea, defaultVillage, iso, readFilter, requireManager } from './participation.shared';

type Page = { page: number; pageSize: number };
const AREA_LEVELS_TOPIC = [LEVEL_LENGTH.village, LEVEL_LENGTH.grid];
/** 三级协商: county, village (and town), grid. */
const AREA_LEVELS_MEETING = [LEVEL_LENGTH.county, LEVEL_LENGTH.town, LEVEL_LENGTH.village, LEVEL_LENGTH.grid];
const MEETING_LEVEL: Record<number, string> = { 6: 'county', 9: 'town', 12: 'village', 15: 'grid' };

function topicOut(t: typeof topics.$inferSelect) {
  return {
    id: t.id,
    areaCode: t.areaCode,
    title: t.title,
    content: t.content,
    source: t.source,
    raisedByName: t.raisedByName,
    status: t.status,
    supportCount: t.supportCount,
    commentCount: t.commentCount,
    createdAt: t.createdAt.toISOString(),
  };
}

export async function listTopics(ctx: AppContext, actor: Actor, q: Page & { area?: string; status?: string }) {
  const conds: SQL[] = [readFilter(actor, topics.areaCode, q.area)];
  if (q.status) conds.push(eq(topics.status, q.status));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(topics).where(where).orderBy(desc(topics.createdAt), desc(topics.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(topics).where(where),
  ]);
  return { items: rows.map(topicOut), total: Number(total?.n ?? 0) };
}

async function loadTopic(db: Db, actor: Actor, id: number) {
  const [t] = await db.select().from(topics).where(eq(topics.id, id)).limit(1);
  assertReadable(actor, t?.areaCode);
  return t!;
}

export async function raiseTopic(ctx: AppContext, actor: Actor, input: z.infer<typeof topicInput>) {
  const areaCode = input.areaCode ?? defaultVillage(actor);
  if (!areaCode) throw new AppError('FIELD_REQUIRED', { field: 'areaCode', message: '请选择议题所在的村(社区)或网格' });
  await checkArea(ctx.db, actor, areaCode, AREA_LEVELS_TOPIC);
  // residents speak for themselves; only cadres and the centre may file a topic as 干部提出
  const source = input.source === 'cadre' && hasRole(actor, 'resident', 'party_member') ? 'resident_says' : input.source;
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(topics)
      .values({ areaCode, title: input.title, content: input.content, source, raisedBy: actor.userId, raisedByName: actor.displayName, createdAt: now, updatedAt: now })
      .returning();
    await audit(tx, actor, now, 'topic.raise', { type: 'topic', id: row.id, areaCode });
    return topicOut(row);
  });
}

export async function getTopic(ctx: AppContext, actor: Actor, id: number) {
  const t = await loadTopic(ctx.db, actor, id);
  const [comments, mine] = await Promise.all([
    ctx.db.select().from(topicComments).where(eq(topicComments.topicId, id)).orderBy(asc(topicComments.createdAt), asc(topicComments.id)),
    ctx.db.select({ id: topicSupports.id }).from(topicSupports).where(and(eq(topicSupports.topicId, id), eq(topicSupports.userId, actor.userId))),
  ]);
  return {
    ...topicOut(t),
    version: t.version,
    supportedByMe: mine.length > 0,
    comments: comments.map((c) => ({ id: c.id, authorName: c.authorName, body: c.body, createdAt: c.createdAt.toISOString() })),
  };
}

export async function supportTopic(ctx: AppContext, actor: Actor, id: number) {
  const t = await loadTopic(ctx.db, actor, id);
  if (t.status === 'closed') throw new AppError('TOPIC_CLOSED');
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const ins = await tx.insert(topicSupports).values({ topicId: id, userId: actor.userId, createdAt: now }).onConflictDoNothing().returning();
    if (ins.length === 0) {
      return { supportCount: t.supportCount, supportedByMe: true };
    }
    const [u] = await tx.update(topics).set({ supportCount: bump(topics.supportCount), updatedAt: now }).where(eq(topics.id, id)).returning();
    await audit(tx, actor, now, 'topic.support', { type: 'topic', id, areaCode: t.areaCode });
    return { supportCount: u.supportCount, supportedByMe: true };
  });
}

export async function commentTopic(ctx: AppContext, actor: Actor, id: number, body: string) {
  const t = await loadTopic(ctx.db, actor, id);
  if (t.status === 'closed') throw new AppError('TOPIC_CLOSED');
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx.insert(topicComments).values({ topicId: id, userId: actor.userId, authorName: actor.displayName, body, createdAt: now }).returning();
    await tx.update(topics).set({ commentCount: bump(topics.commentCount), updatedAt: now }).where(eq(topics.id, id));
    await audit(tx, actor, now, 'topic.comment', { type: 'topic', id, areaCode: t.areaCode }, { commentId: c.id });
    return { id: c.id, authorName: c.authorName, body: c.body, createdAt: c.createdAt.toISOString() };
  });
}

// ------------------------------------------------------------------------------------------ meetings

async function attendedCounts(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: meetingAttendance.meetingId, n: count() })
    .from(meetingAttendance)
    .where(inArray(meetingAttendance.meetingId, ids))
    .groupBy(meetingAttendance.meetingId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

function meetingOut(m: typeof meetings.$inferSelect, attended: number) {
  return {
    id: m.id,
    areaCode: m.areaCode,
    kind: m.kind,
    level: m.level,
    title: m.title,
    agenda: m.agenda,
    topicIds: m.topicIds,
    scheduledAt: m.scheduledAt.toISOString(),
    location: m.location,
    expected: m.expected,
    attended,
    status: m.status,
    version: m.version,
  };
}

export async function listMeetings(ctx: AppContext, actor: Actor, q: Page & { area?: string; kind?: string; level?: string }) {
  const conds: SQL[] = [readFilter(actor, meetings.areaCode, q.area)];
  if (q.kind) conds.push(eq(meetings.kind, q.kind));
  if (q.level) conds.push(eq(meetings.level, q.level));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(meetings).where(where).orderBy(desc(meetings.scheduledAt), desc(meetings.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(meetings).where(where),
  ]);
  const att = await attendedCounts(ctx.db, rows.map((r) => r.id));
  return { items: rows.map((m) => meetingOut(m, att.get(m.id) ?? 0)), total: Number(total?.n ?? 0) };
}

export async function loadMeeting(db: Db, actor: Actor, id: number) {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, id)).limit(1);
  assertReadable(actor, m?.areaCode);
  return m!;
}

/** Writes on a meeting need a manager whose scope holds the meeting (readers of the village board may not). */
async function loadMeetingForWrite(db: Db, actor: Actor, id: number) {
  requireManager(actor);
  const m = await loadMeeting(db, actor, id);
  assertInScope(actor, m.areaCode);
  return m;
}

export async function scheduleMeeting(ctx: AppContext, actor: Actor, input: z.infer<typeof meetingInput>) {
  requireManager(actor);
  await checkArea(ctx.db, actor, input.areaCode, AREA_LEVELS_MEETING);
  if (input.topicIds.length) {
    const found = await ctx.db.select({ id: topics.id, areaCode: topics.areaCode }).from(topics).where(inArray(topics.id, input.topicIds));
    if (found.length !== new Set(input.topicIds).size || found.some((t) => !t.areaCode.startsWith(input.areaCode) && !input.areaCode.startsWith(t.areaCode))) {
      throw new AppError('NOT_FOUND', { field: 'topicIds', message: '议题不存在或不属于该区域' });
    }
  }
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [m] = await tx
      .insert(meetings)
      .values({
        areaCode: input.areaCode,
        kind: input.kind,
        level: MEETING_LEVEL[input.areaCode.length],
        title: input.title,
        agenda: input.agenda,
        topicIds: input.topicIds,
        scheduledAt: new Date(input.scheduledAt),
        location: input.location ?? null,
        expected: input.expected,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    if (input.topicIds.length) {
      await tx.update(topics).set({ status: 'scheduled', version: bump(topics.version), updatedAt: now }).where(and(inArray(topics.id, input.topicIds), eq(topics.status, 'open')));
    }
    await audit(tx, actor, now, 'meeting.schedule', { type: 'meeting', id: m.id, areaCode: m.areaCode }, { kind: m.kind });
    return meetingOut(m, 0);
  });
}

export async function getMeeting(ctx: AppContext, actor: Actor, id: number) {
  const m = await loadMeeting(ctx.db, actor, id);
  const [attendance, decisions] = await Promise.all([
    ctx.db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, id)).orderBy(asc(meetingAttendance.signedAt), asc(meetingAttendance.id)),
    ctx.db.select().from(meetingDecisions).where(eq(meetingDecisions.meetingId, id)).orderBy(asc(meetingDecisions.id)),
  ]);
  const tasks = decisions.length
    ? await ctx.db.select().from(followUpTasks).where(inArray(followUpTasks.decisionId, decisions.map((d) => d.id))).orderBy(asc(followUpTasks.id))
    : [];
  return {
    ...meetingOut(m, attendance.length),
    minutes: m.minutes,
    photos: m.photos,
    heldAt: iso(m.heldAt),
    attendance: attendance.map((a) => ({ name: a.name, signedAt: a.signedAt.toISOString() })),
    decisions: decisions.map((d) => ({
      id: d.id,
      content: d.content,
      voteId: d.voteId,
      tasks: tasks.filter((t) => t.decisionId === d.id).map(taskOut),
    })),
  };
}

/** 签到: attendees sign in once each (by name); the count is what the minutes and quorum read. */
export async function signIn(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof signInInput>) {
  const m = await loadMeetingForWrite(ctx.db, actor, id);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const added = await tx
      .insert(meetingAttendance)
      .values(input.attendees.map((a) => ({ meetingId: id, name: a.name, personId: a.personId ?? null, userId: a.userId ?? null, signedAt: now })))
      .onConflictDoNothing()
      .returning({ id: meetingAttendance.id });
    const [{ n }] = await tx.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, id));
    await audit(tx, actor, now, 'meeting.sign_in', { type: 'meeting', id, areaCode: m.areaCode }, { added: added.length });
    return { added: added.length, attended: Number(n), expected: m.expected };
  });
}

export async function recordMinutes(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof minutesInput>) {
  const m = await loadMeetingForWrite(ctx.db, actor, id);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(meetings)
      .set({ minutes: input.minutes, photos: input.photos, status: 'held', heldAt: m.heldAt ?? now, version: bump(meetings.version) })
      .where(and(eq(meetings.id, id), eq(meetings.version, input.version)))
      .returning({ version: meetings.version });
    if (!u) throw new AppError('VERSION_CONFLICT');
    await audit(tx, actor, now, 'meeting.minutes', { type: 'meeting', id, areaCode: m.areaCode }, { photos: input.photos.length });
    return { version: u.version };
  });
}

function taskOut(t: typeof followUpTasks.$inferSelect) {
  return {
    id: t.id,
    decisionId: t.decisionId,
    areaCode: t.areaCode,
    title: t.title,
    assigneeName: t.assigneeName,
    dueDate: iso(t.dueDate),
    status: t.status,
    result: t.result,
    version: t.version,
  };
}

/** A decision of the meeting; its follow-up tasks notify their assignees, and the meeting's topics become decided. */
export async function recordDecision(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof decisionInput>) {
  const m = await loadMeetingForWrite(ctx.db, actor, id);
  if (input.voteId) {
    const [v] = await ctx.db.select().from(votes).where(eq(votes.id, input.voteId)).limit(1);
    if (!v?.areaCode.startsWith(m.areaCode.slice(0, Math.min(m.areaCode.length, 12)))) throw new AppError('NOT_FOUND', { field: 'voteId' });
    if (v.status !== 'closed') throw new AppError('FOUR_STEP_VOTE_REQUIRED', { field: 'voteId', message: '关联的表决尚未结束' });
  }
  const assigneeIds = input.tasks.map((t) => t.assigneeUserId).filter((x): x is number => !!x);
  const assignees = assigneeIds.length
    ? await ctx.db.select({ id: users.id, displayName: users.displayName, scopes: users.scopes }).from(users).where(inArray(users.id, assigneeIds))
    : [];
  for (const aid of assigneeIds) {
    const u = assignees.find((x) => x.id === aid);
    // an assignee must work in or above the meeting's area
    if (!u?.scopes.some((s) => m.areaCode.startsWith(s) || s.startsWith(m.areaCode))) {
      throw new AppError('NOT_FOUND', { field: 'tasks.assigneeUserId', message: '责任人不存在或不在该区域' });
    }
  }
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [d] = await tx
      .insert(meetingDecisions)
      .values({ meetingId: id, areaCode: m.areaCode, content: input.content, voteId: input.voteId ?? null, createdBy: actor.userId, createdAt: now })
      .returning();
    const tasks = input.tasks.length
      ? await tx
          .insert(followUpTasks)
          .values(
            input.tasks.map((t) => ({
              decisionId: d.id,
              areaCode: m.areaCode,
              title: t.title,
              assigneeUserId: t.assigneeUserId ?? null,
              assigneeName: t.assigneeName ?? assignees.find((u) => u.id === t.assigneeUserId)?.displayName ?? null,
              dueDate: t.dueDate ? new Date(t.dueDate) : null,
              createdAt: now,
            })),
          )
          .returning()
      : [];
    if (m.topicIds.length) {
      await tx.update(topics).set({ status: 'decided', version: bump(topics.version), updatedAt: now }).where(and(inArray(topics.id, m.topicIds), sql`${topics.status} IN ('open','scheduled')`));
    }
    await notify(
      tx,
      tasks
        .filter((t) => t.assigneeUserId)
        .map((t) => ({ userId: t.assigneeUserId!, kind: 'participation.task', title: `议事决定任务：${t.title}`, link: `/participation/meetings/${id}`, areaCode: m.areaCode })),
      now,
    );
    await audit(tx, actor, now, 'meeting.decide', { type: 'meeting', id, areaCode: m.areaCode }, { decisionId: d.id, tasks: tasks.length });
    return { id: d.id, content: d.content, voteId: d.voteId, tasks: tasks.map(taskOut) };
  });
}

export async function listTasks(ctx: AppContext, actor: Actor, q: Page & { area?: string; status?: string; mine?: boolean }) {
  const conds: SQL[] = [readFilter(actor, followUpTasks.areaCode, q.area)];
  if (q.status) conds.push(eq(followUpTasks.status, q.status));
  if (q.mine) conds.push(eq(followUpTasks.assigneeUserId, actor.userId));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(followUpTasks).where(where).orderBy(asc(followUpTasks.status), asc(followUpTasks.dueDate), asc(followUpTasks.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(followUpTasks).where(where),
  ]);
  return { items: rows.map(taskOut), total: Number(total?.n ?? 0) };
}

/** The assignee or a manager of the area closes a follow-up task with its result. */
export async function completeTask(ctx: AppContext, actor: Actor, id: number, input: { version: number; result: string }) {
  const [t] = await ctx.db.select().from(followUpTasks).where(eq(followUpTasks.id, id)).limit(1);
  assertReadable(actor, t?.areaCode);
  if (t!.assigneeUserId !== actor.userId) {
    requireManager(actor);
    assertInScope(actor, t!.areaCode);
  }
  if (t!.status === 'done') throw new AppError('TASK_DONE');
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(followUpTasks)
      .set({ status: 'done', result: input.result, doneAt: now, version: bump(followUpTasks.version) })
      .where(and(eq(followUpTasks.id, id), eq(followUpTasks.version, input.version)))
      .returning();
    if (!u) throw new AppError('VERSION_CONFLICT');
    await audit(tx, actor, now, 'task.complete', { type: 'follow_up_task', id, areaCode: t!.areaCode });
    return taskOut(u);
  });
}
