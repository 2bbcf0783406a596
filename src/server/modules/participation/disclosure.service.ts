/**
 * 三公开 (党务, 村务, 财务): posts of a village with a publication period, residents' comments and questions
 * (基层监督) with the village's answers, and the per-village list of overdue publications.
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, max, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { postInput } from '../../../contracts/participation';
import { LEVEL_LENGTH } from '../../../domain/area-code';
import {
  addDays,
  DEFAULT_PUBLICATION_DAYS,
  DISCLOSURE_CATEGORIES,
  DISCLOSURE_LABEL,
  type DisclosureCategory,
  isOverdue,
  nextDue,
  onBoard,
} from '../../../domain/participation/rules';
import { type Actor, areaFilter, assertInScope } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areas, disclosureComments, disclosurePosts as posts } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { notify } from '../../platform/notify';
import { assertReadable, audit, bump, checkArea, isManager, iso, readFilter, requireManager } from './participation.shared';

type Page = { page: number; pageSize: number };
type Post = typeof posts.$inferSelect;

function postOut(p: Post, now: Date) {
  return {
    id: p.id,
    areaCode: p.areaCode,
    category: p.category,
    categoryLabel: DISCLOSURE_LABEL[p.category as DisclosureCategory] ?? p.category,
    title: p.title,
    period: p.period,
    publishFrom: p.publishFrom.toISOString(),
    publishUntil: iso(p.publishUntil),
    status: p.status,
    onBoard: onBoard(p, now),
    source: p.source,
    procedureId: p.procedureId,
    commentCount: p.commentCount,
    version: p.version,
  };
}

export type NewPost = {
  areaCode: string;
  category: DisclosureCategory;
  title: string;
  body: string;
  period?: string | null;
  attachments?: { name: string; url: string; sha256?: string }[];
  publishFrom: Date;
  publishUntil: Date | null;
  source: 'manual' | 'four_step';
  procedureId?: number | null;
};

/** Inserts a post inside the caller's transaction (四议两公开 publishes through here too). */
export async function insertPost(tx: Db, actor: Actor, now: Date, p: NewPost): Promise<Post> {
  const [row] = await tx
    .insert(posts)
    .values({
      areaCode: p.areaCode,
      category: p.category,
      title: p.title,
      body: p.body,
      period: p.period ?? null,
      attachments: p.attachments ?? [],
      publishFrom: p.publishFrom,
      publishUntil: p.publishUntil,
      source: p.source,
      procedureId: p.procedureId ?? null,
      createdBy: actor.userId,
      createdAt: now,
    })
    .returning();
  await audit(tx, actor, now, 'disclosure.publish', { type: 'disclosure_post', id: row.id, areaCode: row.areaCode }, { category: row.category, source: row.source });
  return row;
}

export async function publishPost(ctx: AppContext, actor: Actor, input: z.infer<typeof postInput>) {
  requireManager(actor);
  await checkArea(ctx.db, actor, input.areaCode, [LEVEL_LENGTH.village]);
  const now = ctx.clock();
  const from = input.publishFrom ? new Date(input.publishFrom) : now;
  const until = input.publishUntil ? new Date(input.publishUntil) : addDays(from, DEFAULT_PUBLICATION_DAYS);
  if (until.getTime() < from.getTime()) throw new AppError('VALIDATION_FAILED', { field: 'publishUntil', message: '公开截止时间不能早于开始时间' });
  return ctx.db.transaction(async (tx) => {
    const row = await insertPost(tx, actor, now, { ...input, publishFrom: from, publishUntil: until, source: 'manual' });
    return postOut(row, now);
  });
}

/** Readers see what is on the board; managers of the village also see scheduled, expired and withdrawn posts. */
export async function listPosts(ctx: AppContext, actor: Actor, q: Page & { area?: string; category?: string; all?: boolean }) {
  const now = ctx.clock();
  const conds: SQL[] = [readFilter(actor, posts.areaCode, q.area)];
  if (q.category) conds.push(eq(posts.category, q.category));
  const managerView = q.all && isManager(actor);
  if (managerView) conds.push(areaFilter(actor, posts.areaCode, q.area));
  else conds.push(eq(posts.status, 'published'), lte(posts.publishFrom, now), or(isNull(posts.publishUntil), gte(posts.publishUntil, now))!);
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(posts).where(where).orderBy(desc(posts.publishFrom), desc(posts.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(posts).where(where),
  ]);
  return { items: rows.map((p) => postOut(p, now)), total: Number(total?.n ?? 0) };
}

async function loadPost(ctx: AppContext, actor: Actor, id: number): Promise<Post> {
  const [p] = await ctx.db.select().from(posts).where(eq(posts.id, id)).limit(1);
  assertReadable(actor, p?.areaCode);
  // off the board, a post is the village's record: only its managers still read it
  if (!onBoard(p!, ctx.clock()) && !(isManager(actor) && actor.scopes.some((s) => p!.areaCode.startsWith(s)))) throw new AppError('NOT_FOUND');
  return p!;
}

export async function getPost(ctx: AppContext, actor: Actor, id: number) {
  const p = await loadPost(ctx, actor, id);
  const comments = await ctx.db.select().from(disclosureComments).where(eq(disclosureComments.postId, id)).orderBy(asc(disclosureComments.createdAt), asc(disclosureComments.id));
  return {
    ...postOut(p, ctx.clock()),
    body: p.body,
    attachments: p.attachments,
    comments: comments.map(commentOut),
  };
}

function commentOut(c: typeof disclosureComments.$inferSelect) {
  return { id: c.id, authorName: c.authorName, kind: c.kind, body: c.body, answer: c.answer, answeredAt: iso(c.answeredAt), createdAt: c.createdAt.toISOString() };
}

export async function withdrawPost(ctx: AppContext, actor: Actor, id: number, version: number) {
  requireManager(actor);
  const [p] = await ctx.db.select().from(posts).where(eq(posts.id, id)).limit(1);
  assertInScope(actor, p?.areaCode);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(posts)
      .set({ status: 'withdrawn', version: bump(posts.version) })
      .where(and(eq(posts.id, id), eq(posts.version, version)))
      .returning();
    if (!u) throw new AppError('VERSION_CONFLICT');
    await audit(tx, actor, now, 'disclosure.withdraw', { type: 'disclosure_post', id, areaCode: p!.areaCode });
    return postOut(u, now);
  });
}

/** 基层监督: a reader comments or asks; a question notifies the post's publisher. */
export async function commentPost(ctx: AppContext, actor: Actor, id: number, input: { kind: 'comment' | 'question'; body: string }) {
  const p = await loadPost(ctx, actor, id);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .insert(disclosureComments)
      .values({ postId: id, areaCode: p.areaCode, userId: actor.userId, authorName: actor.displayName, kind: input.kind, body: input.body, createdAt: now })
      .returning();
    await tx.update(posts).set({ commentCount: bump(posts.commentCount) }).where(eq(posts.id, id));
    if (input.kind === 'question' && p.createdBy !== actor.userId) {
      await notify(tx, [{ userId: p.createdBy, kind: 'participation.question', title: `群众对“${p.title}”提出疑问`, link: `/participation/disclosures/${id}`, areaCode: p.areaCode }], now);
    }
    await audit(tx, actor, now, 'disclosure.comment', { type: 'disclosure_post', id, areaCode: p.areaCode }, { commentId: c.id, kind: input.kind });
    return commentOut(c);
  });
}

export async function answerComment(ctx: AppContext, actor: Actor, commentId: number, answer: string) {
  requireManager(actor);
  const [c] = await ctx.db.select().from(disclosureComments).where(eq(disclosureComments.id, commentId)).limit(1);
  assertInScope(actor, c?.areaCode);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx.update(disclosureComments).set({ answer, answeredBy: actor.userId, answeredAt: now }).where(eq(disclosureComments.id, commentId)).returning();
    const [post] = await tx.select({ title: posts.title }).from(posts).where(eq(posts.id, c!.postId)).limit(1);
    if (c!.userId !== actor.userId) {
      await notify(tx, [{ userId: c!.userId, kind: 'participation.answer', title: `您对“${post?.title ?? ''}”的留言已答复`, link: `/m/disclosures/${c!.postId}`, areaCode: c!.areaCode }], now);
    }
    await audit(tx, actor, now, 'disclosure.answer', { type: 'disclosure_comment', id: commentId, areaCode: c!.areaCode });
    return commentOut(u);
  });
}

/**
 * Per village in the actor's scope: when each category was last published and whether the next one is
 * overdue (财务 monthly, 村务 and 党务 quarterly). Withdrawn posts do not count.
 */
export async function overdueByVillage(ctx: AppContext, actor: Actor, q: { area?: string; onlyOverdue?: boolean }) {
  requireManager(actor);
  const now = ctx.clock();
  const villages = await ctx.db
    .select({ code: areas.code, name: areas.name })
    .from(areas)
    .where(and(eq(areas.level, 'village'), eq(areas.status, 'active'), areaFilter(actor, areas.code, q.area)))
    .orderBy(asc(areas.code))
    .limit(5000);
  if (villages.length === 0) return { items: [], total: 0 };
  const last = await ctx.db
    .select({ areaCode: posts.areaCode, category: posts.category, at: max(posts.publishFrom) })
    .from(posts)
    .where(and(inArray(posts.areaCode, villages.map((v) => v.code)), eq(posts.status, 'published')))
    .groupBy(posts.areaCode, posts.category);
  const items = villages.map((v) => {
    const categories = DISCLOSURE_CATEGORIES.map((category) => {
      const at = last.find((l) => l.areaCode === v.code && l.category === category)?.at ?? null;
      const lastAt = at ? new Date(at) : null;
      return {
        category,
        label: DISCLOSURE_LABEL[category],
        lastPublishedAt: iso(lastAt),
        dueAt: nextDue(category, lastAt, now).toISOString(),
        overdue: isOverdue(category, lastAt, now),
      };
    });
    return { areaCode: v.code, name: v.name, categories, overdue: categories.some((c) => c.overdue) };
  });
  const out = q.onlyOverdue ? items.filter((i) => i.overdue) : items;
  return { items: out, total: out.length };
}

