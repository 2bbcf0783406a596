/**
 * The optional basemap (DESIGN §11): maps draw grid polygons offline with no basemap unless an
 * administrator sets a tile URL template (e.g. 天地图 with its key). The URL may carry a key, so it is
 * not written to the audit record.
 */
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { settings } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';

const KEY = 'map';

export type MapSettings = { tileUrl: string | null };

export async function getMapSettings(ctx: AppContext): Promise<MapSettings> {
  const [row] = await ctx.db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY)).limit(1);
  const value = row?.value as Partial<MapSettings> | undefined;
  return { tileUrl: typeof value?.tileUrl === 'string' && value.tileUrl ? value.tileUrl : null };
}

/** Tiles load in the browser under the page's CSP (img-src 'self' https:), so only https or same-site paths work. */
function checkTileUrl(url: string): void {
  const placeholders = ['{z}', '{x}', '{y}'].every((p) => url.includes(p));
  let shapeOk = false;
  if (url.startsWith('/') && !url.startsWith('//')) shapeOk = true;
  else {
    try {
      shapeOk = new URL(url.replace(/[{}]/g, '')).protocol === 'https:';
    } catch {
      shapeOk = false;
    }
  }
  if (!placeholders || !shapeOk) throw new AppError('BAD_TILE_URL', { field: 'tileUrl' });
}

export async function setMapSettings(ctx: AppContext, actor: Actor, input: MapSettings): Promise<MapSettings> {
  const tileUrl = input.tileUrl?.trim() || null;
  if (tileUrl) checkTileUrl(tileUrl);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: KEY, value: { tileUrl }, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: sql`excluded.value`, updatedAt: now } });
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'settings.map.update',
        targetType: 'setting',
        targetId: KEY,
        detail: { basemap: tileUrl ? 'tiles' : 'none' },
      },
      now,
    );
  });
  return { tileUrl };
}
