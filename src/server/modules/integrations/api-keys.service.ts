/** API keys for machine clients: created (shown once), listed and revoked by the administrator. */
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { ApiKeyView, CreateApiKeyBody } from '../../../contracts/integrations';
import type { Actor } from '../../platform/access';
import { newApiKey } from '../../platform/api-keys';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { apiKeys, areas, webhookSubscriptions } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';

type KeyRow = typeof apiKeys.$inferSelect;

async function viewsOf(db: Db, rows: KeyRow[]): Promise<ApiKeyView[]> {
  if (rows.length === 0) return [];
  const codes = [...new Set(rows.map((r) => r.areaCode))];
  const [names, subs] = await Promise.all([
    db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.code, codes)),
    db
      .select({ keyId: webhookSubscriptions.apiKeyId, n: count() })
      .from(webhookSubscriptions)
      .where(and(inArray(webhookSubscriptions.apiKeyId, rows.map((r) => r.id)), isNull(webhookSubscriptions.deletedAt)))
      .groupBy(webhookSubscriptions.apiKeyId),
  ]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    areaCode: r.areaCode,
    areaName: names.find((a) => a.code === r.areaCode)?.name ?? null,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    subscriptions: Number(subs.find((s) => s.keyId === r.id)?.n ?? 0),
  }));
}

export async function listApiKeys(ctx: AppContext) {
  const rows = await ctx.db.select().from(apiKeys).orderBy(desc(apiKeys.id)).limit(500);
  const items = await viewsOf(ctx.db, rows);
  return { items, total: items.length };
}

export async function createApiKey(ctx: AppContext, actor: Actor, body: CreateApiKeyBody) {
  const [area] = await ctx.db.select({ code: areas.code }).from(areas).where(eq(areas.code, body.areaCode)).limit(1);
  if (!area) throw new AppError('API_KEY_AREA', { field: 'areaCode' });
  const { key, prefix, hash } = newApiKey();
  const now = ctx.clock();
  const scopes = [...new Set(body.scopes)];
  const row = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [created] = await tx
      .insert(apiKeys)
      .values({ name: body.name, prefix, keyHash: hash, scopes, areaCode: area.code, createdBy: actor.userId, createdAt: now })
      .returning();
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'api_key.create', targetType: 'api_key', targetId: created.id, areaCode: area.code, detail: { name: body.name, prefix, scopes } },
      now,
    );
    return created;
  });
  const [view] = await viewsOf(ctx.db, [row]);
  return { ...view, key };
}

export async function revokeApiKey(ctx: AppContext, actor: Actor, id: number) {
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: now, revokedBy: actor.userId })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning();
    if (!revoked) throw new AppError('NOT_FOUND');
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'api_key.revoke', targetType: 'api_key', targetId: id, areaCode: revoked.areaCode, detail: { prefix: revoked.prefix } },
      now,
    );
    return revoked;
  });
  const [view] = await viewsOf(ctx.db, [row]);
  return view;
}
