/**
 * 12345 工单: signed push from the 12345 platform (HMAC-SHA256), Excel/CSV import of its export, deadlines by order
 * type, 首接负责, 退单 within 2 working days, and the outbox that pushes 办结 replies and 回访 results back.
 */
import { and, asc, count, desc, eq, lte, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { chinaDate, computeWarnAt } from '../../../domain/cases/deadline';
import {
  DEFAULT_ORDER_DEADLINES,
  ORDER_CATEGORY,
  ORDER_TYPE_LABEL,
  ORDER_TYPES,
  type OrderType,
  orderDue,
  returnDue,
} from '../../../domain/cases/kinds/hotline';
import { RATING_LABEL, type Rating, STATUS_LABEL, type CaseStatus } from '../../../domain/cases/types';
import { maskPhone } from '../../../domain/id-card';
import { type Actor, areaFilter, assertTargetInScope } from '../../platform/access';
import { recordAudit, recordAuditAlone } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { decrypt, encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/db/client';
import { areas, cases, hotlineOrders, hotlineOutbox, hotlineSettings } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { notify } from '../../platform/notify';
import { sign, verifySignature } from '../../platform/signing';
import { SYSTEM_ACTOR, usersAt, visibleTo } from '../cases/case-support';
import { createCase } from '../cases/cases.service';
import { type EffectInput, registerKindEffects } from '../cases/perform';
import { ensureKindCategories, isoOrNull, loadKindCase } from '../disputes/disputes.shared';

/** Demo default; set FENGQIAO_HOTLINE_SECRET in production (the push is refused there without it). */
export const DEMO_HOTLINE_SECRET = 'fengqiao-demo-12345-secret';
export const SIGNATURE_HEADER = 'x-12345-signature';
export const TIMESTAMP_HEADER = 'x-12345-timestamp';

export function hotlineSecret(env: NodeJS.ProcessEnv = process.env, production = false): string | null {
  const s = env.FENGQIAO_HOTLINE_SECRET?.trim();
  if (s) return s;
  return production ? null : DEMO_HOTLINE_SECRET;
}

// the signing helper is shared with the case-event webhooks; re-exported for existing callers
export { sign, verifySignature };

const TYPE_BY_LABEL: Record<string, OrderType> = Object.fromEntries(ORDER_TYPES.map((t) => [ORDER_TYPE_LABEL[t], t]));
const orderType = z.union([z.enum(ORDER_TYPES), z.enum(Object.keys(TYPE_BY_LABEL) as [string, ...string[]]).transform((l) => TYPE_BY_LABEL[l])]);

export const pushOrderBody = z.object({
  orderNo: z.string().trim().min(1).max(64),
  type: orderType,
  emergency: z.boolean().default(false),
  title: z.string().trim().min(1).max(100),
  content: z.string().trim().max(5000).default(''),
  areaCode: z.string().regex(/^\d{9,15}$/),
  address: z.string().trim().max(200).optional(),
  callerName: z.string().trim().max(50).optional(),
  callerPhone: z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/).optional(),
});
export type PushOrderBody = z.infer<typeof pushOrderBody>;

export const settingsBody = z.object({
  webhookUrl: z.url().max(500).nullable(),
  deadlines: z.object(Object.fromEntries(ORDER_TYPES.map((t) => [t, z.number().int().min(1).max(60)])) as Record<OrderType, z.ZodNumber>),
});

export async function getSettings(db: Db) {
  const [s] = await db.select().from(hotlineSettings).where(eq(hotlineSettings.id, 1)).limit(1);
  return { webhookUrl: s?.webhookUrl ?? null, deadlines: { ...DEFAULT_ORDER_DEADLINES, ...(s?.deadlines ?? {}) } as Record<OrderType, number> };
}

export async function saveSettings(ctx: AppContext, actor: Actor, body: z.infer<typeof settingsBody>) {
  const now = ctx.clock();
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .insert(hotlineSettings)
      .values({ id: 1, webhookUrl: body.webhookUrl, deadlines: body.deadlines, updatedAt: now })
      .onConflictDoUpdate({ target: hotlineSettings.id, set: { webhookUrl: body.webhookUrl, deadlines: body.deadlines, updatedAt: now } });
    await recordAudit(tx, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'hotline.settings', targetType: 'hotline_settings', detail: { deadlines: body.deadlines, webhook: !!body.webhookUrl } }, now);
  });
  return getSettings(ctx.db);
}

const INTAKE_ACTOR: Actor = { ...SYSTEM_ACTOR, displayName: '12345热线平台' };

/** Creates the case and its order row; `via` says whether it came by the signed API or a file import. */
async function intake(ctx: AppContext, body: PushOrderBody, via: 'api' | 'import', by: Actor) {
  const [dup] = await ctx.db.select({ id: hotlineOrders.caseId }).from(hotlineOrders).where(eq(hotlineOrders.externalNo, body.orderNo)).limit(1);
  if (dup) throw new AppError('HOTLINE_DUPLICATE', { field: 'orderNo' });
  const [area] = await ctx.db.select({ code: areas.code }).from(areas).where(eq(areas.code, body.areaCode)).limit(1);
  if (!area) throw new AppError('BAD_AREA_CODE', { field: 'areaCode' });
  await ensureKindCategories(ctx.db);
  const settings = await getSettings(ctx.db);
  return createCase(
    ctx,
    INTAKE_ACTOR,
    {
      kind: 'hotline',
      title: body.title,
      description: body.content,
      categoryCode: ORDER_CATEGORY[body.type],
      areaCode: body.areaCode,
      address: body.address,
      people: [],
      source: 'hotline',
      urgent: body.emergency,
      reporterName: body.callerName ?? '12345来电人',
      reporterPhone: body.callerPhone && /^1\d{10}$/.test(body.callerPhone) ? body.callerPhone : undefined,
    },
    {
      reporterId: null,
      afterInsert: async (tx, row, now) => {
        const due = orderDue(now, body.type, body.emergency, settings.deadlines);
        await tx
          .update(cases)
          .set({ tier: 'town', dueStep: 'handle', dueStartedAt: now, dueAt: due, warnAt: computeWarnAt(now, due, 'workday') })
          .where(eq(cases.id, row.id));
        await tx.insert(hotlineOrders).values({
          caseId: row.id,
          areaCode: row.areaCode,
          externalNo: body.orderNo,
          orderType: body.type,
          emergency: body.emergency,
          via,
          callerName: body.callerName ?? null,
          callerPhoneEnc: body.callerPhone ? encrypt(body.callerPhone) : null,
          receivedAt: now,
          firstArea: row.areaCode.slice(0, 9),
        });
        const centre = await usersAt(tx, 'center_staff', [row.areaCode.slice(0, 9)]);
        await notify(
          tx,
          centre.map((userId) => ({ userId, kind: 'hotline.received', title: `收到12345工单 ${body.orderNo}(${ORDER_TYPE_LABEL[body.type]}${body.emergency ? '，紧急' : ''})`, link: `/hotline/${row.id}`, areaCode: row.areaCode })),
          now,
        );
        if (by !== INTAKE_ACTOR)
          await recordAudit(tx, { actorId: by.userId, actorName: by.username, ip: by.ip, action: 'hotline.import_row', targetType: 'case', targetId: row.id, areaCode: row.areaCode }, now);
      },
    },
  );
}

export async function pushOrder(ctx: AppContext, rawBody: string, headers: Record<string, string | string[] | undefined>) {
  const h = (k: string) => {
    const v = headers[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const secret = hotlineSecret(process.env, ctx.config.production);
  if (!verifySignature(secret, h(TIMESTAMP_HEADER), h(SIGNATURE_HEADER), rawBody, ctx.clock())) throw new AppError('HOTLINE_SIGNATURE');
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError('BAD_JSON');
  }
  const parsed = pushOrderBody.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('VALIDATION_FAILED', { field: issue?.path.join('.') || undefined });
  }
  const r = await intake(ctx, parsed.data, 'api', INTAKE_ACTOR);
  return { id: r.id, number: r.number };
}

/** Columns of the 12345 platform's export (工单导出), matched by header text. */
const COLUMNS: Record<string, keyof PushOrderBody> = {
  工单编号: 'orderNo',
  工单类型: 'type',
  诉求类型: 'type',
  是否紧急: 'emergency',
  标题: 'title',
  工单标题: 'title',
  诉求内容: 'content',
  所属区划: 'areaCode',
  区划代码: 'areaCode',
  地址: 'address',
  来电人: 'callerName',
  来电号码: 'callerPhone',
};

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim()));
}

async function readTable(file: Buffer): Promise<string[][]> {
  if (file[0] === 0x50 && file[1] === 0x4b) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const out: string[][] = [];
    ws?.eachRow((r) => {
      const values = (r.values as unknown[]).slice(1);
      out.push(values.map((v) => (v === null || v === undefined ? '' : typeof v === 'object' && 'text' in (v as object) ? String((v as { text: unknown }).text) : String(v))));
    });
    return out;
  }
  return parseCsv(file.toString('utf8').replace(/^\uFEFF/, ''));
}

export async function importOrders(ctx: AppContext, actor: Actor, file: Buffer) {
  const table = await readTable(file);
  const header = (table[0] ?? []).map((h) => h.trim());
  const keys = header.map((h) => COLUMNS[h]);
  if (!keys.includes('orderNo') || !keys.includes('type') || !keys.includes('areaCode')) throw new AppError('VALIDATION_FAILED', { field: 'file', message: '表头须包含：工单编号、工单类型、所属区划' });
  const imported: { row: number; id: number; number: string }[] = [];
  const errors: { row: number; reason: string }[] = [];
  for (let i = 1; i < table.length; i++) {
    const rec: Record<string, unknown> = {};
    keys.forEach((k, j) => {
      if (k && table[i][j] !== undefined && table[i][j].trim() !== '') rec[k] = table[i][j].trim();
    });
    rec.emergency = ['是', 'true', '1', '紧急'].includes(String(rec.emergency ?? ''));
    const parsed = pushOrderBody.safeParse(rec);
    if (!parsed.success) {
      errors.push({ row: i + 1, reason: `${parsed.error.issues[0]?.path.join('.')}: 内容不正确` });
      continue;
    }
    try {
      assertTargetInScope(actor, parsed.data.areaCode, 'areaCode');
      const r = await intake(ctx, parsed.data, 'import', actor);
      imported.push({ row: i + 1, id: r.id, number: r.number });
    } catch (e) {
      errors.push({ row: i + 1, reason: e instanceof AppError ? e.message : '导入失败' });
    }
  }
  await recordAuditAlone(ctx.db, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'hotline.import', targetType: 'hotline_orders', detail: { imported: imported.length, errors: errors.length } });
  return { imported, errors };
}

// —— effects inside perform()

async function order(input: EffectInput) {
  const [o] = await input.tx.select().from(hotlineOrders).where(eq(hotlineOrders.caseId, input.row.id)).limit(1);
  if (!o) throw new AppError('NOT_FOUND');
  return o;
}

async function enqueue(input: EffectInput, event: 'reply' | 'visit', payload: Record<string, unknown>) {
  const o = await order(input);
  await input.tx.insert(hotlineOutbox).values({
    caseId: input.row.id,
    areaCode: input.row.areaCode,
    externalNo: o.externalNo,
    event,
    payload: { orderNo: o.externalNo, event, at: input.now.toISOString(), ...payload },
    nextAttemptAt: input.now,
    createdAt: input.now,
  });
}

registerKindEffects('hotline', {
  async return(input) {
    const mine = input.dispatches.find((d) => d.departmentId === input.actor.departmentId && d.status === 'returned');
    if (mine && input.now.getTime() > returnDue(mine.dispatchedAt).getTime()) throw new AppError('HOTLINE_RETURN_LATE');
  },
  async feedback(input) {
    await input.tx.update(hotlineOrders).set({ reply: (input.payload as { result: string }).result }).where(eq(hotlineOrders.caseId, input.row.id));
  },
  async close(input) {
    const o = await order(input);
    await enqueue(input, 'reply', { status: '办结', reply: o.reply ?? (input.payload as { note?: string }).note ?? '已办结', closedAt: input.now.toISOString() });
  },
  async follow_up(input) {
    const p = input.payload as { note: string; rating?: Rating };
    await input.tx.update(hotlineOrders).set({ visitResult: p.note, satisfied: p.rating ?? null }).where(eq(hotlineOrders.caseId, input.row.id));
    await enqueue(input, 'visit', { result: p.note, satisfaction: p.rating ? RATING_LABEL[p.rating] : null });
  },
});

// —— outbox delivery (a sweep task)

const MAX_ATTEMPTS = 8;
/** 1, 2, 4, 8 … minutes, at most an hour */
export const backoffMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

export async function deliverOutbox(ctx: AppContext): Promise<{ sent: number; failed: number }> {
  const { webhookUrl } = await getSettings(ctx.db);
  if (!webhookUrl) return { sent: 0, failed: 0 };
  const secret = hotlineSecret(process.env, ctx.config.production);
  const now = ctx.clock();
  const due = await ctx.db
    .select()
    .from(hotlineOutbox)
    .where(and(eq(hotlineOutbox.state, 'pending'), lte(hotlineOutbox.nextAttemptAt, now)))
    .orderBy(asc(hotlineOutbox.id))
    .limit(20);
  let sent = 0;
  let failed = 0;
  for (const m of due) {
    // claim: another instance that read the same row loses this compare-and-set
    const [claimed] = await ctx.db
      .update(hotlineOutbox)
      .set({ nextAttemptAt: new Date(now.getTime() + 5 * 60_000) })
      .where(and(eq(hotlineOutbox.id, m.id), eq(hotlineOutbox.state, 'pending'), eq(hotlineOutbox.nextAttemptAt, m.nextAttemptAt)))
      .returning({ id: hotlineOutbox.id });
    if (!claimed) continue;
    const body = JSON.stringify(m.payload);
    const ts = String(Math.floor(now.getTime() / 1000));
    let error: string | null = null;
    try {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: ts, ...(secret ? { [SIGNATURE_HEADER]: `sha256=${sign(secret, ts, body)}` } : {}) },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? '超时' : '无法连接';
    }
    const attempts = m.attempts + 1;
    if (!error) {
      await ctx.db.update(hotlineOutbox).set({ state: 'sent', attempts, sentAt: now, lastError: null }).where(eq(hotlineOutbox.id, m.id));
      sent++;
    } else {
      const gaveUp = attempts >= MAX_ATTEMPTS;
      await ctx.db
        .update(hotlineOutbox)
        .set({ state: gaveUp ? 'failed' : 'pending', attempts, lastError: error, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) })
        .where(eq(hotlineOutbox.id, m.id));
      failed++;
    }
  }
  return { sent, failed };
}

export async function retryOutbox(ctx: AppContext, actor: Actor, id: number) {
  const [m] = await ctx.db.select().from(hotlineOutbox).where(and(eq(hotlineOutbox.id, id), areaFilter(actor, hotlineOutbox.areaCode, undefined))).limit(1);
  if (!m) throw new AppError('NOT_FOUND');
  const now = ctx.clock();
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.update(hotlineOutbox).set({ state: 'pending', nextAttemptAt: now }).where(eq(hotlineOutbox.id, id));
    await recordAudit(tx, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'hotline.outbox_retry', targetType: 'hotline_outbox', targetId: id, areaCode: m.areaCode }, now);
  });
  return { id };
}

// —— reading

function orderView(c: typeof cases.$inferSelect, o: typeof hotlineOrders.$inferSelect) {
  let phone: string | null = null;
  if (o.callerPhoneEnc) {
    try {
      phone = maskPhone(decrypt(o.callerPhoneEnc));
    } catch {
      phone = '***';
    }
  }
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    areaCode: c.areaCode,
    status: c.status,
    statusLabel: STATUS_LABEL[c.status as CaseStatus] ?? c.status,
    version: c.version,
    orderNo: o.externalNo,
    orderType: o.orderType,
    orderTypeLabel: ORDER_TYPE_LABEL[o.orderType as OrderType] ?? o.orderType,
    emergency: o.emergency,
    via: o.via,
    callerName: o.callerName,
    callerPhone: phone,
    receivedAt: o.receivedAt.toISOString(),
    receivedDay: chinaDate(o.receivedAt),
    firstArea: o.firstArea,
    dueAt: isoOrNull(c.dueAt),
    reply: o.reply,
    visitResult: o.visitResult,
    satisfied: o.satisfied,
  };
}

export const listOrdersQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  area: z.string().regex(/^\d{2,18}$/).optional(),
  type: z.enum(ORDER_TYPES).optional(),
  status: z.string().max(20).optional(),
});

export async function listOrders(ctx: AppContext, actor: Actor, q: z.infer<typeof listOrdersQuery>) {
  const conds: SQL[] = [eq(cases.kind, 'hotline'), visibleTo(actor), areaFilter(actor, cases.areaCode, q.area)];
  if (q.type) conds.push(eq(hotlineOrders.orderType, q.type));
  if (q.status) conds.push(eq(cases.status, q.status));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db.select({ c: cases, o: hotlineOrders }).from(cases).innerJoin(hotlineOrders, eq(hotlineOrders.caseId, cases.id)).where(where).orderBy(desc(cases.createdAt), desc(cases.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(cases).innerJoin(hotlineOrders, eq(hotlineOrders.caseId, cases.id)).where(where),
  ]);
  return { items: rows.map(({ c, o }) => orderView(c, o)), total: Number(total?.n ?? 0) };
}

export async function getOrder(ctx: AppContext, actor: Actor, id: number) {
  const c = await loadKindCase(ctx.db, actor, id, 'hotline');
  const [o] = await ctx.db.select().from(hotlineOrders).where(eq(hotlineOrders.caseId, id)).limit(1);
  if (!o) throw new AppError('NOT_FOUND');
  const outbox = await ctx.db.select().from(hotlineOutbox).where(eq(hotlineOutbox.caseId, id)).orderBy(asc(hotlineOutbox.id));
  return { ...orderView(c, o), outbox: outbox.map(outboxView) };
}

function outboxView(m: typeof hotlineOutbox.$inferSelect) {
  return {
    id: m.id,
    caseId: m.caseId,
    orderNo: m.externalNo,
    event: m.event,
    state: m.state,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt.toISOString(),
    lastError: m.lastError,
    sentAt: isoOrNull(m.sentAt),
    createdAt: m.createdAt.toISOString(),
  };
}

export async function listOutbox(ctx: AppContext, actor: Actor, q: { state?: string }) {
  const conds: SQL[] = [areaFilter(actor, hotlineOutbox.areaCode, undefined)];
  if (q.state) conds.push(eq(hotlineOutbox.state, q.state));
  const rows = await ctx.db.select().from(hotlineOutbox).where(and(...conds)).orderBy(desc(hotlineOutbox.id)).limit(200);
  return { items: rows.map(outboxView), total: rows.length };
}

