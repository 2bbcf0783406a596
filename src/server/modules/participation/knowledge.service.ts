/**
 * 政策法规随时知: policies, laws and 村规民约, managed in the console and searched in Chinese. Documents are cut
 * into words with jieba; each word is stored with a weight (title words count most) in `knowledge_terms`, and a
 * search sums the weights of the words it matches — a plain table, the same on PGlite and PostgreSQL.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { and, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { KNOWLEDGE_KIND_LABEL, type knowledgeInput, type knowledgePatch } from '../../../contracts/participation';
import { ancestorsOf, isAreaCode, LEVEL_LENGTH } from '../../../domain/area-code';
import { type Actor, areaScope, can, hasRole, inScope, prefixRange } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { knowledgeDocs as docs, knowledgeTerms as terms } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { audit, checkArea } from './participation.shared';

/** Words of our field jieba's general dictionary would split. */
const OWN_WORDS = ['村规民约', '宅基地', '四议两公开', '人民调解', '调解协议', '信访事项', '信访工作条例', '人民调解法', '网格员', '综治中心', '红白事', '移风易俗', '矛盾纠纷', '土地承包', '村民代表会议', '村务公开'];

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(OWN_WORDS.map((w) => `${w} 100000 n`).join('\n')));
  }
  return jieba;
}

/** Search words of a text: jieba's search mode, lower-cased, without punctuation and single characters. */
export function wordsOf(text: string): string[] {
  return segmenter()
    .cutForSearch(text, true)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length >= 2 && /[\p{L}\p{N}]/u.test(w));
}

function termWeights(doc: { title: string; summary: string; body: string }): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (text: string, w: number) => {
    for (const t of wordsOf(text)) weights.set(t, (weights.get(t) ?? 0) + w);
  };
  add(doc.title, 10);
  add(doc.summary, 3);
  add(doc.body, 1);
  return weights;
}

async function reindex(tx: Db, id: number, doc: { title: string; summary: string; body: string }) {
  await tx.delete(terms).where(eq(terms.docId, id));
  const rows = [...termWeights(doc)].map(([term, weight]) => ({ docId: id, term: term.slice(0, 100), weight }));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(terms).values(rows.slice(i, i + 1000)).onConflictDoNothing();
}

type Doc = typeof docs.$inferSelect;

function docOut(d: Doc, score = 0) {
  return {
    id: d.id,
    areaCode: d.areaCode,
    kind: d.kind,
    kindLabel: KNOWLEDGE_KIND_LABEL[d.kind as keyof typeof KNOWLEDGE_KIND_LABEL] ?? d.kind,
    title: d.title,
    summary: d.summary,
    source: d.source,
    effectiveDate: d.effectiveDate,
    status: d.status,
    score,
    version: d.version,
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function canManageKnowledge(actor: Actor): boolean {
  return can(actor, 'policy:manage') || hasRole(actor, 'center_staff');
}

/** Documents that apply to a place: national ones, those of its ancestors, and those below it. */
function appliesTo(area: string): SQL {
  return or(isNull(docs.areaCode), inArray(docs.areaCode, [...ancestorsOf(area), area]), prefixRange(docs.areaCode, area))!;
}

/** What a signed-in user reads: national documents, those of their areas and of the areas above them. */
function readable(actor: Actor): SQL {
  if (actor.scopes.includes('')) return sql`true`;
  const above = [...new Set(actor.scopes.flatMap((s) => ancestorsOf(s)))];
  const parts: SQL[] = [isNull(docs.areaCode), areaScope(actor, docs.areaCode)];
  if (above.length) parts.push(inArray(docs.areaCode, above));
  return or(...parts)!;
}

function manageable(actor: Actor, d: Doc): boolean {
  if (!canManageKnowledge(actor)) return false;
  return d.areaCode === null ? actor.scopes.includes('') : inScope(actor, d.areaCode);
}

type SearchQuery = { q?: string; kind?: string; page: number; pageSize: number };

/** Relevance search (or newest first without words) under a visibility predicate. */
async function search(db: Db, visible: SQL, q: SearchQuery) {
  const conds: SQL[] = [visible];
  if (q.kind) conds.push(eq(docs.kind, q.kind));
  const words = q.q ? [...new Set(wordsOf(q.q))] : [];
  if (q.q && words.length > 0) {
    const scores = db
      .select({ docId: terms.docId, score: sql<number>`sum(${terms.weight})`.as('score'), matched: sql<number>`count(*)`.as('matched') })
      .from(terms)
      .where(inArray(terms.term, words))
      .groupBy(terms.docId)
      .as('s');
    const where = and(...conds);
    const [rows, [total]] = await Promise.all([
      db
        .select({ d: docs, score: scores.score, matched: scores.matched })
        .from(scores)
        .innerJoin(docs, eq(docs.id, scores.docId))
        .where(where)
        .orderBy(desc(scores.matched), desc(scores.score), desc(docs.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      db.select({ n: count() }).from(scores).innerJoin(docs, eq(docs.id, scores.docId)).where(where),
    ]);
    if (rows.length > 0 || q.page > 1) return { items: rows.map((r) => docOut(r.d, Number(r.score))), total: Number(total?.n ?? 0) };
  }
  if (q.q) {
    // a single character or a word jieba does not know: plain substring match on title and summary
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(or(ilike(docs.title, like), ilike(docs.summary, like))!);
  }
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    db.select().from(docs).where(where).orderBy(desc(docs.updatedAt), desc(docs.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(docs).where(where),
  ]);
  return { items: rows.map((d) => docOut(d)), total: Number(total?.n ?? 0) };
}

/** Public (resident H5, no login): published documents, optionally those that apply to one area. */
export async function searchPublic(ctx: AppContext, q: SearchQuery & { area?: string }) {
  const conds: SQL[] = [eq(docs.status, 'published')];
  if (q.area) conds.push(appliesTo(q.area));
  return search(ctx.db, and(...conds)!, q);
}

export async function getPublic(ctx: AppContext, id: number) {
  const [d] = await ctx.db.select().from(docs).where(and(eq(docs.id, id), eq(docs.status, 'published'))).limit(1);
  if (!d) throw new AppError('NOT_FOUND');
  return { ...docOut(d), body: d.body };
}

/** Console: what the user reads; drafts only for those who manage them. */
export async function searchConsole(ctx: AppContext, actor: Actor, q: SearchQuery & { status?: string }) {
  const conds: SQL[] = [readable(actor)];
  const status = q.status ?? 'published';
  if (status !== 'published' && !canManageKnowledge(actor)) return { items: [], total: 0 };
  conds.push(eq(docs.status, status));
  if (status !== 'published' && !actor.scopes.includes('')) conds.push(areaScope(actor, docs.areaCode));
  return search(ctx.db, and(...conds)!, q);
}

async function loadDoc(ctx: AppContext, actor: Actor, id: number): Promise<Doc> {
  const [d] = await ctx.db.select().from(docs).where(and(eq(docs.id, id), readable(actor))).limit(1);
  if (!d || (d.status !== 'published' && !manageable(actor, d))) throw new AppError('NOT_FOUND');
  return d;
}

export async function getDoc(ctx: AppContext, actor: Actor, id: number) {
  const d = await loadDoc(ctx, actor, id);
  return { ...docOut(d), body: d.body };
}

async function checkDocArea(ctx: AppContext, actor: Actor, areaCode: string | null) {
  if (areaCode === null) {
    if (!actor.scopes.includes('')) throw new AppError('KNOWLEDGE_AREA_REQUIRED', { field: 'areaCode' });
    return;
  }
  if (!isAreaCode(areaCode)) throw new AppError('BAD_AREA_CODE', { field: 'areaCode' });
  await checkArea(ctx.db, actor, areaCode, [LEVEL_LENGTH.province, LEVEL_LENGTH.city, LEVEL_LENGTH.county, LEVEL_LENGTH.town, LEVEL_LENGTH.village]);
}

export async function createDoc(ctx: AppContext, actor: Actor, input: z.infer<typeof knowledgeInput>) {
  if (!canManageKnowledge(actor)) throw new AppError('FORBIDDEN');
  await checkDocArea(ctx, actor, input.areaCode);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [d] = await tx
      .insert(docs)
      .values({ ...input, source: input.source ?? null, effectiveDate: input.effectiveDate ?? null, createdBy: actor.userId, createdAt: now, updatedAt: now })
      .returning();
    await reindex(tx, d.id, d);
    await audit(tx, actor, now, 'knowledge.create', { type: 'knowledge_doc', id: d.id, areaCode: d.areaCode }, { kind: d.kind });
    return { ...docOut(d), body: d.body };
  });
}

export async function updateDoc(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof knowledgePatch>) {
  const d = await loadDoc(ctx, actor, id);
  if (!manageable(actor, d)) throw new AppError('FORBIDDEN');
  const { version, ...changes } = input;
  if (changes.areaCode !== undefined && changes.areaCode !== d.areaCode) await checkDocArea(ctx, actor, changes.areaCode);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [u] = await tx
      .update(docs)
      .set({ ...changes, version: sql`${docs.version} + 1`, updatedAt: now })
      .where(and(eq(docs.id, id), eq(docs.version, version)))
      .returning();
    if (!u) throw new AppError('VERSION_CONFLICT');
    await reindex(tx, id, u);
    await audit(tx, actor, now, 'knowledge.update', { type: 'knowledge_doc', id, areaCode: u.areaCode }, { fields: Object.keys(changes) });
    return { ...docOut(u), body: u.body };
  });
}

/** Removal keeps the row (archived) for the record; it leaves the search index. */
export async function archiveDoc(ctx: AppContext, actor: Actor, id: number) {
  const d = await loadDoc(ctx, actor, id);
  if (!manageable(actor, d)) throw new AppError('FORBIDDEN');
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx.update(docs).set({ status: 'archived', version: sql`${docs.version} + 1`, updatedAt: now }).where(eq(docs.id, id));
    await tx.delete(terms).where(eq(terms.docId, id));
    await audit(tx, actor, now, 'knowledge.archive', { type: 'knowledge_doc', id, areaCode: d.areaCode });
  });
  return { ok: true };
}

/** Seeds call this with an unscoped handle: inserts a document and its index. */
export async function insertDocUnscoped(db: Db, doc: typeof docs.$inferInsert): Promise<number> {
  const [d] = await db.insert(docs).values(doc).returning();
  await reindex(db, d.id, d);
  return d.id;
}
