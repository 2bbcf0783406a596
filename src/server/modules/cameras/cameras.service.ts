/**
 * 雪亮工程 camera register: cameras with their class (一类/二类/三类), location → grid (locateGrid), status and a
 * link to the county's video platform built from a template; cases cite a camera and a moment.
 * Records are scoped by `area_code` (the grid holding the camera, or the area given) through access.ts.
 */
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  CAMERA_CATEGORY_LABEL,
  CAMERA_STATUS_LABEL,
  type CameraBody,
  type CameraCategory,
  type CameraStatus,
  type CameraView,
  type caseCameraBody,
  type cameraPatch,
  type videoSettings,
} from '../../../contracts/cameras';
import { type Actor, areaFilter, areaScope, assertTargetInScope, can, inScope } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areas, cameras, caseCameraRefs, settings, users } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { locateGrid } from '../areas/grid-index';
import { loadVisibleCase } from '../cases/case-support';
import { timelineNote } from '../disputes/disputes.shared';

type CameraRow = typeof cameras.$inferSelect;
const SETTINGS_KEY = 'cameras.video';

// —— the video platform link

export async function getVideoSettings(db: Db): Promise<z.infer<typeof videoSettings>> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SETTINGS_KEY)).limit(1);
  const v = row?.value as { linkTemplate?: unknown } | undefined;
  return { linkTemplate: typeof v?.linkTemplate === 'string' && v.linkTemplate ? v.linkTemplate : null };
}

export async function saveVideoSettings(ctx: AppContext, actor: Actor, body: z.infer<typeof videoSettings>) {
  const now = ctx.clock();
  const value = { linkTemplate: body.linkTemplate || null };
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .insert(settings)
      .values({ key: SETTINGS_KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
    // the template may carry a platform token: not written to the audit record
    await recordAudit(tx, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'cameras.settings', targetType: 'settings', targetId: SETTINGS_KEY, detail: { set: !!value.linkTemplate } }, now);
  });
  return getVideoSettings(ctx.db);
}

/** yyyyMMddHHmmss in Beijing time, the form most Chinese video platforms take for playback. */
function chinaStamp(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace(/\D/g, '');
}

/** {code} device code, {time} yyyyMMddHHmmss (北京时间), {ts} Unix seconds, {iso} ISO 8601; each URL-encoded. */
export function videoUrl(template: string | null, code: string, at: Date): string | null {
  if (!template) return null;
  const vars: Record<string, string> = { code, time: chinaStamp(at), ts: String(Math.floor(at.getTime() / 1000)), iso: at.toISOString() };
  return template.replace(/\{(code|time|ts|iso)\}/g, (_, k: string) => encodeURIComponent(vars[k]));
}

// —— views

async function gridNames(db: Db, codes: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes.filter((c): c is string => !!c))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.code, wanted));
  return new Map(rows.map((r) => [r.code, r.name]));
}

function view(c: CameraRow, names: Map<string, string>, template: string | null, now: Date): CameraView {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    category: c.category,
    categoryLabel: CAMERA_CATEGORY_LABEL[c.category as CameraCategory] ?? c.category,
    lng: c.lng,
    lat: c.lat,
    gridCode: c.gridCode,
    gridName: c.gridCode ? (names.get(c.gridCode) ?? null) : null,
    areaCode: c.areaCode,
    address: c.address,
    status: c.status,
    statusLabel: CAMERA_STATUS_LABEL[c.status as CameraStatus] ?? c.status,
    note: c.note,
    videoUrl: c.status === 'retired' ? null : videoUrl(template, c.code, now),
    version: c.version,
    updatedAt: c.updatedAt.toISOString(),
  };
}

async function views(ctx: AppContext, rows: CameraRow[]): Promise<CameraView[]> {
  const [names, { linkTemplate }] = await Promise.all([gridNames(ctx.db, rows.map((r) => r.gridCode)), getVideoSettings(ctx.db)]);
  const now = ctx.clock();
  return rows.map((r) => view(r, names, linkTemplate, now));
}

// —— reading

export type ListCamerasQuery = {
  page: number;
  pageSize: number;
  area?: string;
  grid?: string;
  category?: CameraCategory;
  status?: CameraStatus;
  q?: string;
};

export async function listCameras(ctx: AppContext, actor: Actor, q: ListCamerasQuery) {
  const conds: SQL[] = [areaFilter(actor, cameras.areaCode, q.area)];
  if (q.grid) conds.push(eq(cameras.gridCode, q.grid));
  if (q.category) conds.push(eq(cameras.category, q.category));
  if (q.status) conds.push(eq(cameras.status, q.status));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(or(ilike(cameras.name, like), ilike(cameras.code, like), ilike(cameras.address, like)) as SQL);
  }
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(cameras)
      .where(where)
      .orderBy(asc(cameras.areaCode), asc(cameras.code))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(cameras).where(where),
  ]);
  return { items: await views(ctx, rows), total: Number(total?.n ?? 0) };
}

/** Cameras per grid under an area, by class: the 按网格 table. Cameras outside any grid count under 未落入网格. */
export async function camerasByGrid(ctx: AppContext, actor: Actor, area: string | undefined) {
  const rows = await ctx.db
    .select({ gridCode: cameras.gridCode, category: cameras.category, n: count() })
    .from(cameras)
    .where(and(areaFilter(actor, cameras.areaCode, area), sql`${cameras.status} <> 'retired'`))
    .groupBy(cameras.gridCode, cameras.category);
  const names = await gridNames(ctx.db, rows.map((r) => r.gridCode));
  const by = new Map<string, { gridCode: string | null; gridName: string; class1: number; class2: number; class3: number; total: number }>();
  for (const r of rows) {
    const key = r.gridCode ?? '';
    const e = by.get(key) ?? { gridCode: r.gridCode, gridName: r.gridCode ? (names.get(r.gridCode) ?? r.gridCode) : '未落入网格', class1: 0, class2: 0, class3: 0, total: 0 };
    const n = Number(r.n);
    if (r.category === 'class1' || r.category === 'class2' || r.category === 'class3') e[r.category] += n;
    e.total += n;
    by.set(key, e);
  }
  return { items: [...by.values()].sort((a, b) => (a.gridCode ?? '~').localeCompare(b.gridCode ?? '~')) };
}

async function loadScoped(db: Db, actor: Actor, id: number): Promise<CameraRow> {
  const [row] = await db
    .select()
    .from(cameras)
    .where(and(eq(cameras.id, id), areaScope(actor, cameras.areaCode)))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

export async function getCamera(ctx: AppContext, actor: Actor, id: number) {
  const [v] = await views(ctx, [await loadScoped(ctx.db, actor, id)]);
  return v;
}

// —— writing

/** Where a camera belongs: the grid whose boundary holds it, else the area given. */
async function placeOf(ctx: AppContext, actor: Actor, body: { lng?: number | null; lat?: number | null; areaCode?: string }) {
  let gridCode: string | null = null;
  if (typeof body.lng === 'number' && typeof body.lat === 'number') gridCode = (await locateGrid(ctx, body.lng, body.lat))?.code ?? null;
  const areaCode = gridCode ?? body.areaCode ?? null;
  if (!areaCode) throw new AppError('CAMERA_NO_AREA', { field: 'areaCode' });
  if (!gridCode) {
    const [a] = await ctx.db.select({ code: areas.code }).from(areas).where(eq(areas.code, areaCode)).limit(1);
    if (!a) throw new AppError('BAD_AREA_CODE', { field: 'areaCode' });
  }
  assertTargetInScope(actor, areaCode, gridCode ? 'lng' : 'areaCode');
  return { gridCode, areaCode };
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
}

export async function createCamera(ctx: AppContext, actor: Actor, body: CameraBody, via: 'form' | 'import' = 'form') {
  const place = await placeOf(ctx, actor, body);
  const [dup] = await ctx.db.select({ id: cameras.id }).from(cameras).where(eq(cameras.code, body.code)).limit(1);
  if (dup) throw new AppError('CAMERA_CODE_TAKEN', { field: 'code' });
  const now = ctx.clock();
  try {
    const row = await ctx.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const [r] = await tx
        .insert(cameras)
        .values({
          code: body.code,
          name: body.name,
          category: body.category,
          lng: body.lng ?? null,
          lat: body.lat ?? null,
          ...place,
          address: body.address || null,
          status: body.status,
          note: body.note || null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await recordAudit(tx, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'cameras.create', targetType: 'camera', targetId: r.id, areaCode: r.areaCode, detail: { code: r.code, via } }, now);
      return r;
    });
    return (await views(ctx, [row]))[0];
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CAMERA_CODE_TAKEN', { field: 'code' });
    throw e;
  }
}

export async function updateCamera(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof cameraPatch>) {
  const cur = await loadScoped(ctx.db, actor, id);
  const moved = body.lng !== undefined || body.lat !== undefined || body.areaCode !== undefined;
  const place = moved
    ? await placeOf(ctx, actor, { lng: body.lng !== undefined ? body.lng : cur.lng, lat: body.lat !== undefined ? body.lat : cur.lat, areaCode: body.areaCode ?? cur.areaCode })
    : {};
  if (body.code && body.code !== cur.code) {
    const [dup] = await ctx.db.select({ id: cameras.id }).from(cameras).where(eq(cameras.code, body.code)).limit(1);
    if (dup) throw new AppError('CAMERA_CODE_TAKEN', { field: 'code' });
  }
  const now = ctx.clock();
  const { version, areaCode: _area, ...fields } = body;
  try {
    const row = await ctx.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const [r] = await tx
        .update(cameras)
        .set({ ...fields, ...place, updatedAt: now, version: sql`${cameras.version} + 1` })
        .where(and(eq(cameras.id, id), eq(cameras.version, version)))
        .returning();
      if (!r) throw new AppError('VERSION_CONFLICT');
      await recordAudit(
        tx,
        { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'cameras.update', targetType: 'camera', targetId: id, areaCode: r.areaCode, detail: { fields: Object.keys(body).filter((k) => k !== 'version') } },
        now,
      );
      return r;
    });
    return (await views(ctx, [row]))[0];
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('CAMERA_CODE_TAKEN', { field: 'code' });
    throw e;
  }
}

export async function deleteCamera(ctx: AppContext, actor: Actor, id: number) {
  const cur = await loadScoped(ctx.db, actor, id);
  const [cited] = await ctx.db.select({ id: caseCameraRefs.id }).from(caseCameraRefs).where(eq(caseCameraRefs.cameraId, id)).limit(1);
  if (cited) throw new AppError('CAMERA_CITED');
  const now = ctx.clock();
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.delete(cameras).where(eq(cameras.id, id));
    await recordAudit(tx, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'cameras.delete', targetType: 'camera', targetId: id, areaCode: cur.areaCode, detail: { code: cur.code } }, now);
  });
  return { ok: true };
}

// —— cases cite a camera and a time

async function caseFor(db: Db, actor: Actor, caseId: number) {
  const row = await loadVisibleCase(db, actor, caseId);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Who works a case (受理, 派遣, 处置, 督办) may cite footage; readers only see the citations. */
function assertCaseWorker(actor: Actor): void {
  if (!(['case:intake', 'case:dispatch', 'case:handle', 'case:supervise'] as const).some((p) => can(actor, p))) throw new AppError('FORBIDDEN');
}

export async function listCaseCameras(ctx: AppContext, actor: Actor, caseId: number) {
  await caseFor(ctx.db, actor, caseId);
  const rows = await ctx.db
    .select({ ref: caseCameraRefs, cam: cameras, by: users.displayName })
    .from(caseCameraRefs)
    .innerJoin(cameras, eq(cameras.id, caseCameraRefs.cameraId))
    .leftJoin(users, eq(users.id, caseCameraRefs.createdBy))
    .where(eq(caseCameraRefs.caseId, caseId))
    .orderBy(desc(caseCameraRefs.at), desc(caseCameraRefs.id));
  const { linkTemplate } = await getVideoSettings(ctx.db);
  return {
    items: rows.map(({ ref, cam, by }) => ({
      id: ref.id,
      cameraId: cam.id,
      code: cam.code,
      name: cam.name,
      categoryLabel: CAMERA_CATEGORY_LABEL[cam.category as CameraCategory] ?? cam.category,
      at: ref.at.toISOString(),
      note: ref.note,
      createdBy: by ?? null,
      createdAt: ref.createdAt.toISOString(),
      videoUrl: videoUrl(linkTemplate, cam.code, ref.at),
    })),
  };
}

export async function citeCamera(ctx: AppContext, actor: Actor, caseId: number, body: z.infer<typeof caseCameraBody>) {
  const row = await caseFor(ctx.db, actor, caseId);
  assertCaseWorker(actor);
  const [cam] = await ctx.db.select().from(cameras).where(eq(cameras.id, body.cameraId)).limit(1);
  if (!cam || !inScope(actor, cam.areaCode)) throw new AppError('NOT_FOUND', { field: 'cameraId' });
  const at = new Date(body.at);
  const now = ctx.clock();
  const id = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [ref] = await tx
      .insert(caseCameraRefs)
      .values({ caseId, cameraId: cam.id, at, note: body.note || null, createdBy: actor.userId, createdAt: now })
      .returning({ id: caseCameraRefs.id });
    await timelineNote(tx, row, actor, 'camera_cite', `引用视频点位 ${cam.name}(${cam.code})，时间 ${chinaStamp(at).replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)\d\d$/, '$1-$2-$3 $4:$5')}${body.note ? `：${body.note}` : ''}`, now);
    await recordAudit(tx, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'cameras.cite', targetType: 'case', targetId: caseId, areaCode: row.areaCode, detail: { cameraId: cam.id, refId: ref.id } }, now);
    return ref.id;
  });
  return (await listCaseCameras(ctx, actor, caseId)).items.find((i) => i.id === id)!;
}

export async function uncite(ctx: AppContext, actor: Actor, caseId: number, refId: number) {
  const row = await caseFor(ctx.db, actor, caseId);
  assertCaseWorker(actor);
  const now = ctx.clock();
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [gone] = await tx
      .delete(caseCameraRefs)
      .where(and(eq(caseCameraRefs.id, refId), eq(caseCameraRefs.caseId, caseId)))
      .returning({ cameraId: caseCameraRefs.cameraId });
    if (!gone) throw new AppError('NOT_FOUND');
    await recordAudit(tx, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'cameras.uncite', targetType: 'case', targetId: caseId, areaCode: row.areaCode, detail: { cameraId: gone.cameraId, refId } }, now);
  });
  return { ok: true };
}
