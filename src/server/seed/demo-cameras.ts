/**
 * Demo 雪亮工程 cameras: three dozen points in 新兴镇's grids (一类 at roads and the market, 二类 at schools, clinics
 * and firms, 三类 at village entrances), GB/T 28181-style 20-digit codes, and the demo video-platform link.
 * Deterministic (seeded random), fictitious names.
 */
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { nextPrefix } from '../../domain/area-code';
import { type AreaGeometry, bboxOf, pointInGeometry, seededRandom } from '../../domain/geo';
import type { AppContext } from '../platform/context';
import { areas, cameras, settings } from '../platform/db/schema';

const PLACES: { category: 'class1' | 'class2' | 'class3'; suffix: string }[] = [
  ...['十字路口', '主街东口', '农贸市场', '客运站', '国道入口', '镇政府门前', '加油站', '桥头'].map((suffix) => ({ category: 'class1' as const, suffix })),
  ...['小学校门', '中学校门', '卫生院', '幼儿园', '敬老院', '砖厂', '物流园', '超市', '银行网点', '粮站'].map((suffix) => ({ category: 'class2' as const, suffix })),
  ...Array.from({ length: 18 }, (_, i) => ({ category: 'class3' as const, suffix: ['村口', '文化广场', '村委会', '路口'][i % 4] })),
];

export const DEMO_VIDEO_LINK = 'https://video.example/play?id={code}&t={time}';

export async function seedDemoCameras(ctx: AppContext, townCode: string): Promise<void> {
  const grids = await ctx.db
    .select({ code: areas.code, name: areas.name, parentCode: areas.parentCode, boundary: areas.boundary })
    .from(areas)
    .where(and(eq(areas.level, 'grid'), gte(areas.code, townCode), lt(areas.code, nextPrefix(townCode))))
    .orderBy(asc(areas.code));
  const withBoundary = grids.filter((g) => g.boundary);
  if (withBoundary.length === 0) return;
  const villages = new Map(
    (await ctx.db.select({ code: areas.code, name: areas.name }).from(areas).where(and(eq(areas.level, 'village'), gte(areas.code, townCode), lt(areas.code, nextPrefix(townCode))))).map((v) => [v.code, v.name]),
  );
  const rand = seededRandom(`cameras-${townCode}`);
  const now = ctx.clock();
  const rows = PLACES.map((p, i) => {
    // the first grid (the demo grid worker's) gets a few, the rest spread over the town
    const g = i < 4 ? withBoundary[0] : withBoundary[Math.floor(rand() * withBoundary.length)];
    const geom = g.boundary as AreaGeometry;
    const b = bboxOf(geom);
    let lng = (b.minX + b.maxX) / 2;
    let lat = (b.minY + b.maxY) / 2;
    for (let k = 0; k < 200; k++) {
      const x = b.minX + rand() * (b.maxX - b.minX);
      const y = b.minY + rand() * (b.maxY - b.minY);
      if (pointInGeometry(geom, x, y)) {
        lng = x;
        lat = y;
        break;
      }
    }
    const village = villages.get(g.parentCode ?? '') ?? '';
    const status = i === 11 || i === 27 ? 'offline' : i === 20 ? 'fault' : 'online';
    return {
      code: `${townCode.slice(0, 6)}01001311${String(i + 1).padStart(6, '0')}`,
      name: `${village}${p.suffix}${p.category === 'class3' ? `${Math.floor(i / 4) + 1}号` : ''}`,
      category: p.category,
      lng: Math.round(lng * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      gridCode: g.code,
      areaCode: g.code,
      address: `${village}${g.name}`,
      status,
      note: null,
      createdAt: now,
      updatedAt: now,
    };
  });
  await ctx.db.insert(cameras).values(rows).onConflictDoNothing();
  await ctx.db.insert(settings).values({ key: 'cameras.video', value: { linkTemplate: DEMO_VIDEO_LINK }, updatedAt: now }).onConflictDoNothing();
}
