/**
 * Responsible people by post on an area (包抓领导, 网格长, 专职网格员, 1+N+X …), with history: a post is
 * ended, never deleted, so "who held it when" stays answerable. Phones are kept masked only.
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { maskPhone } from '../../../domain/id-card';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { areaPosts, users } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { AREA_POSTS, type AddPostInput, type PostView, TEAM_POST } from './areas.schemas';
import { findManagedArea, findReadableArea } from './areas.service';

type PostRow = typeof areaPosts.$inferSelect;

function presentPost(r: PostRow): PostView {
  return {
    id: r.id,
    areaCode: r.areaCode,
    post: r.post,
    personName: r.personName,
    userId: r.userId,
    specialty: r.specialty,
    phoneMasked: r.phoneMasked,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
  };
}

const postOrder = (post: string) => {
  const i = (AREA_POSTS as readonly string[]).indexOf(post);
  return i < 0 ? AREA_POSTS.length : i;
};

/** Current holders, or with `history` every holder; in post order, the latest first within a post. */
export async function listPosts(ctx: AppContext, actor: Actor, code: string, history: boolean) {
  const area = await findReadableArea(ctx.db, actor, code);
  const rows = await ctx.db
    .select()
    .from(areaPosts)
    .where(and(eq(areaPosts.areaCode, area.code), history ? undefined : isNull(areaPosts.endedAt)))
    .orderBy(desc(areaPosts.startedAt), asc(areaPosts.id));
  rows.sort((a, b) => postOrder(a.post) - postOrder(b.post) || Number(a.endedAt !== null) - Number(b.endedAt !== null));
  return { items: rows.map(presentPost), total: rows.length };
}

/** Keeps only the mask: digits in, "138****5678" out. */
function maskedPhone(phone: string | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[\s-]/g, '');
  if (!/^\+?\d{7,15}$/.test(digits)) throw new AppError('BAD_PHONE', { field: 'phone' });
  return maskPhone(digits);
}

export async function addPost(ctx: AppContext, actor: Actor, code: string, input: AddPostInput): Promise<PostView> {
  const area = await findManagedArea(ctx.db, actor, code, { active: true });
  if (input.post === TEAM_POST && !input.specialty) {
    throw new AppError('FIELD_REQUIRED', { field: 'specialty', message: '1+N+X成员须填写专长(如民警、调解员、法律顾问、社会力量)' });
  }
  const phoneMasked = maskedPhone(input.phone);
  if (input.userId) {
    const [u] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).limit(1);
    if (!u) throw new AppError('NOT_FOUND', { field: 'userId', message: '关联的用户不存在' });
  }
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(areaPosts)
      .values({
        areaCode: area.code,
        post: input.post,
        personName: input.personName,
        userId: input.userId ?? null,
        specialty: input.specialty ?? null,
        phoneMasked,
        startedAt: now,
      })
      .returning();
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'area.post.add',
        targetType: 'area_post',
        targetId: row.id,
        areaCode: area.code,
        detail: { post: input.post, specialty: input.specialty ?? null, linkedUser: !!input.userId },
      },
      now,
    );
    return presentPost(row);
  });
}

/** Ends a post now; the record stays as history. */
export async function endPost(ctx: AppContext, actor: Actor, code: string, id: number): Promise<PostView> {
  const area = await findManagedArea(ctx.db, actor, code);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(areaPosts)
      .set({ endedAt: now })
      .where(and(eq(areaPosts.id, id), eq(areaPosts.areaCode, area.code), isNull(areaPosts.endedAt)))
      .returning();
    if (!row) {
      const [existing] = await tx
        .select({ id: areaPosts.id })
        .from(areaPosts)
        .where(and(eq(areaPosts.id, id), eq(areaPosts.areaCode, area.code)));
      throw new AppError(existing ? 'AREA_POST_ENDED' : 'NOT_FOUND');
    }
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'area.post.end',
        targetType: 'area_post',
        targetId: row.id,
        areaCode: area.code,
        detail: { post: row.post },
      },
      now,
    );
    return presentPost(row);
  });
}
