/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the case engine. Services are the active
 * event categories; a posted request becomes an event through createCase, filed in the grid its lat/long falls
 * in (or the village/grid named by address_id) and inside the API key's area; our states map onto open/closed.
 *
 * Reads need no key: without one (or without `open311:read`) a request shows its status, service, agency and
 * dates only — no description, address, location or photo, which may identify people. A key with
 * `open311:read` sees the whole request for the cases inside its area (access.ts decides, as for a user).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, ne, notInArray, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { type CaseStatus, OPEN_STATUSES } from '../../../domain/cases/types';
import { type ApiKeyPrincipal, apiKeyActor, hasApiScope, resolveApiKey } from '../../platform/api-keys';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areas, caseCategories, caseDispatches, caseTimeline, cases, departments, open311Requests } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { locateGrid } from '../areas/grid-index';
import { visibleTo } from '../cases/case-support';
import { createCase } from '../cases/cases.service';

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

const OPEN = OPEN_STATUSES as CaseStatus[];
const DEFAULT_WINDOW_MS = 90 * 86_400_000;
const MAX_RESULTS = 1000;

/** W3C datetime in China time, as the spec's examples carry an offset: 2026-11-23T10:00:00+08:00 */
export function w3c(d: Date | null | undefined): string | null {
  if (!d) return null;
  const local = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+08:00`;
}

function parseDate(value: string | undefined, field: string): Date | undefined {
  if (!value) return undefined;
  // W3C profiles of ISO 8601: a date, or a date and time with an offset or Z
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) throw new AppError('OPEN311_BAD_DATE', { field });
  const d = new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value);
  if (Number.isNaN(d.getTime())) throw new AppError('OPEN311_BAD_DATE', { field });
  return d;
}

// —— services

export async function listServices(ctx: AppContext) {
  const rows = await ctx.db
    .select()
    .from(caseCategories)
    .where(and(eq(caseCategories.kind, 'event'), eq(caseCategories.active, true)))
    .orderBy(asc(caseCategories.sortOrder), asc(caseCategories.code));
  return rows.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: `事件上报：${c.name}`,
    metadata: false,
    type: 'realtime',
    keywords: c.name,
    group: '事件',
  }));
}

async function activeService(ctx: AppContext, code: string) {
  const [c] = await ctx.db
    .select()
    .from(caseCategories)
    .where(and(eq(caseCategories.code, code), eq(caseCategories.kind, 'event'), eq(caseCategories.active, true)))
    .limit(1);
  if (!c) throw new AppError('OPEN311_SERVICE_UNKNOWN', { field: 'service_code' });
  return c;
}

/** A service definition: our services ask for no extra attributes (metadata false). */
export async function serviceDefinition(ctx: AppContext, code: string) {
  const c = await activeService(ctx, code);
  return { service_code: c.code, attributes: [] as never[] };
}

// —— posting a request

const optionalText = (max: number) => z.string().trim().max(max).optional();

export const postRequestBody = z.object({
  api_key: z.string().max(100).optional(),
  service_code: z.string().min(1).max(40),
  lat: z.coerce.number().min(-90).max(90).optional(),
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: optionalText(200),
  address_id: z.string().regex(/^\d{12}$|^\d{15}$|^\d{18}$/).optional(),
  email: optionalText(200),
  device_id: optionalText(100),
  account_id: optionalText(100),
  first_name: optionalText(25),
  last_name: optionalText(25),
  phone: optionalText(30),
  description: z.string().trim().max(4000).optional(),
  media_url: z.url().max(500).optional(),
});
export type PostRequestBody = z.infer<typeof postRequestBody>;

async function writerKey(ctx: AppContext, fromHeader: ApiKeyPrincipal | null, fromBody: string | undefined): Promise<ApiKeyPrincipal> {
  let key = fromHeader;
  if (!key && fromBody) {
    try {
      key = await resolveApiKey(ctx.db, fromBody, ctx.clock());
    } catch {
      key = null;
    }
  }
  if (!key || !hasApiScope(key, 'open311:write')) throw new AppError('OPEN311_API_KEY', { field: 'api_key' });
  return key;
}

/** lat/long → its grid; otherwise address_id naming a village or grid; the spec's address_string alone can't be placed. */
async function placeOf(ctx: AppContext, body: PostRequestBody): Promise<string> {
  if (body.lat !== undefined && body.long !== undefined) {
    const grid = await locateGrid(ctx, body.long, body.lat);
    if (grid) return grid.code;
  }
  if (body.address_id) {
    const [a] = await ctx.db.select({ code: areas.code, level: areas.level }).from(areas).where(eq(areas.code, body.address_id)).limit(1);
    if (a && (a.level === 'village' || a.level === 'grid' || a.level === 'microgrid')) return a.code;
  }
  throw new AppError('OPEN311_LOCATION', { field: body.lat !== undefined ? 'lat' : 'address_id' });
}

export async function postRequest(ctx: AppContext, headerKey: ApiKeyPrincipal | null, ip: string | null, body: PostRequestBody) {
  const key = await writerKey(ctx, headerKey, body.api_key);
  if ((body.lat === undefined) !== (body.long === undefined)) throw new AppError('OPEN311_LOCATION', { field: body.lat === undefined ? 'lat' : 'long' });
  const service = await activeService(ctx, body.service_code);
  const areaCode = await placeOf(ctx, body);
  const actor = apiKeyActor(key, ip);
  const description = body.description ?? '';
  const title = description ? (description.length > 30 ? `${description.slice(0, 30)}…` : description) : service.name;
  const name = [body.last_name, body.first_name].filter(Boolean).join('');
  const token = randomBytes(16).toString('hex');
  const created = await createCase(
    ctx,
    actor,
    {
      kind: 'event',
      title,
      description,
      categoryCode: service.code,
      lng: body.long,
      lat: body.lat,
      areaCode,
      address: body.address_string,
      people: [],
      source: 'resident',
      urgent: false,
      reporterName: name || `${key.name}用户`,
      reporterPhone: body.phone && /^1\d{10}$/.test(body.phone) ? body.phone : undefined,
    },
    {
      reporterId: null,
      afterInsert: async (tx, row, now) => {
        await tx.insert(open311Requests).values({
          caseId: row.id,
          token,
          apiKeyId: key.id,
          mediaUrl: body.media_url ?? null,
          accountId: body.account_id ?? null,
          deviceId: body.device_id ?? null,
          createdAt: now,
        });
      },
    },
  );
  return [{ service_request_id: created.number, token, service_notice: '', account_id: body.account_id ?? null }];
}

// —— reading requests

export const listRequestsQuery = z.object({
  api_key: z.string().max(100).optional(),
  service_request_id: z.string().max(2000).optional(),
  service_code: z.string().max(2000).optional(),
  start_date: z.string().max(40).optional(),
  end_date: z.string().max(40).optional(),
  status: z.string().max(20).optional(),
});

/** The reader a GET presents: a key with `open311:read` reads fully inside its area; anyone else, the public view. */
export async function readerKey(ctx: AppContext, fromHeader: ApiKeyPrincipal | null, fromQuery: string | undefined): Promise<ApiKeyPrincipal | null> {
  let key = fromHeader;
  if (!key && fromQuery) key = await resolveApiKey(ctx.db, fromQuery, ctx.clock()).catch(() => null);
  return key && hasApiScope(key, 'open311:read') ? key : null;
}

type CaseRow = typeof cases.$inferSelect;

async function viewsOf(db: Db, rows: CaseRow[], full: boolean) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const centreCodes = [...new Set(rows.map((r) => (r.tier === 'county' ? r.areaCode.slice(0, 6) : r.areaCode.slice(0, 9))))];
  const [notes, leads, centres, categories, extras] = await Promise.all([
    // the latest entry written for the public (the reporter's view of the timeline): never internal notes
    db
      .selectDistinctOn([caseTimeline.caseId], { caseId: caseTimeline.caseId, text: caseTimeline.publicText })
      .from(caseTimeline)
      .where(and(inArray(caseTimeline.caseId, ids), isNotNull(caseTimeline.publicText)))
      .orderBy(caseTimeline.caseId, desc(caseTimeline.at), desc(caseTimeline.id)),
    db
      .select({ caseId: caseDispatches.caseId, name: departments.name })
      .from(caseDispatches)
      .innerJoin(departments, eq(departments.id, caseDispatches.departmentId))
      .where(and(inArray(caseDispatches.caseId, ids), eq(caseDispatches.role, 'lead'), ne(caseDispatches.status, 'released')))
      .orderBy(desc(caseDispatches.id)),
    db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.code, centreCodes)),
    db.select({ code: caseCategories.code, name: caseCategories.name }).from(caseCategories).where(eq(caseCategories.kind, 'event')),
    db.select().from(open311Requests).where(inArray(open311Requests.caseId, ids)),
  ]);
  return rows.map((c) => {
    const centreCode = c.tier === 'county' ? c.areaCode.slice(0, 6) : c.areaCode.slice(0, 9);
    const centre = centres.find((a) => a.code === centreCode)?.name;
    const lead = leads.find((d) => d.caseId === c.id)?.name;
    const extra = extras.find((e) => e.caseId === c.id);
    return {
      service_request_id: c.number,
      status: OPEN.includes(c.status as CaseStatus) ? 'open' : 'closed',
      status_notes: notes.find((n) => n.caseId === c.id)?.text ?? null,
      service_name: categories.find((k) => k.code === c.categoryCode)?.name ?? null,
      service_code: c.categoryCode,
      description: full ? c.description || c.title : null,
      agency_responsible: lead ?? (centre ? `${centre}综治中心` : null),
      service_notice: null,
      requested_datetime: w3c(c.createdAt),
      updated_datetime: w3c(c.updatedAt),
      expected_datetime: w3c(c.dueAt),
      address: full ? c.address : null,
      address_id: full ? c.areaCode : null,
      zipcode: null,
      lat: full ? c.lat : null,
      long: full ? c.lng : null,
      media_url: full ? (extra?.mediaUrl ?? null) : null,
    };
  });
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function listRequests(ctx: AppContext, key: ApiKeyPrincipal | null, q: z.infer<typeof listRequestsQuery>) {
  const conds: SQL[] = [eq(cases.kind, 'event')];
  if (key) conds.push(visibleTo(apiKeyActor(key, null)));
  const ids = splitList(q.service_request_id);
  if (ids.length) conds.push(inArray(cases.number, ids.slice(0, MAX_RESULTS)));
  const codes = splitList(q.service_code);
  if (codes.length) conds.push(inArray(cases.categoryCode, codes));
  const start = parseDate(q.start_date, 'start_date');
  const end = parseDate(q.end_date, 'end_date');
  // without ids or dates: the past 90 days, as the spec asks
  if (start) conds.push(gte(cases.createdAt, start));
  else if (!ids.length) conds.push(gte(cases.createdAt, new Date((end ?? ctx.clock()).getTime() - DEFAULT_WINDOW_MS)));
  if (end) conds.push(lt(cases.createdAt, end));
  const statuses = splitList(q.status);
  const wantOpen = statuses.includes('open');
  const wantClosed = statuses.includes('closed');
  if (wantOpen !== wantClosed) conds.push(wantOpen ? inArray(cases.status, OPEN) : notInArray(cases.status, OPEN));
  const rows = await ctx.db
    .select()
    .from(cases)
    .where(and(...conds))
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(MAX_RESULTS);
  return viewsOf(ctx.db, rows, key !== null);
}

export async function getRequest(ctx: AppContext, key: ApiKeyPrincipal | null, number: string) {
  const conds: SQL[] = [eq(cases.number, number), eq(cases.kind, 'event')];
  if (key) conds.push(visibleTo(apiKeyActor(key, null)));
  const [row] = await ctx.db.select().from(cases).where(and(...conds)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', { field: 'service_request_id' });
  return viewsOf(ctx.db, [row], key !== null);
}

export async function getToken(ctx: AppContext, token: string) {
  const [row] = await ctx.db
    .select({ number: cases.number })
    .from(open311Requests)
    .innerJoin(cases, eq(cases.id, open311Requests.caseId))
    .where(eq(open311Requests.token, token))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', { field: 'token' });
  return [{ service_request_id: row.number, token }];
}

/** The discovery document: where the endpoint is and what it speaks. */
export function discovery(baseUrl: string, changeset: Date) {
  return {
    changeset: w3c(changeset),
    contact: '本平台管理员(综治中心)',
    key_service: '向系统管理员申请 API 密钥(系统管理 → 接口与密钥)',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset: w3c(changeset),
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}
