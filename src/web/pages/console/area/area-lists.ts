/**
 * The code lists the area forms offer. They mirror src/server/modules/areas/areas.schemas.ts (the server
 * validates against its own copy and answers VALIDATION_FAILED on a mismatch); importing that file here
 * would pull zod into the browser bundle.
 */
export const GRID_TYPES = ['综合网格', '专属网格'];

export const AREA_POSTS = ['包抓领导', '片长', '街长', '网格长', '专职网格员', '兼职网格员', '楼栋长', '党建指导员', '1+N+X成员'];
export const TEAM_POST = '1+N+X成员';
export const TEAM_SPECIALTIES = ['民警', '调解员', '法律顾问', '社会力量'];

export const FORCE_KINDS = ['综治信息员', '治安户长', '护村联防队员', '流动人口协管员', '村民议事会', '村治保会', '村调委会'];

/** Posts that fit a level, offered first in the post picker (DESIGN §2). */
export function postsFor(level: string): string[] {
  const byLevel: Record<string, string[]> = {
    grid: ['网格长', '专职网格员', '兼职网格员', '1+N+X成员', '包抓领导', '党建指导员'],
    microgrid: ['楼栋长', '兼职网格员', '党建指导员'],
    village: ['包抓领导', '片长', '街长', '党建指导员'],
  };
  const first = byLevel[level] ?? ['包抓领导', '党建指导员'];
  return [...first, ...AREA_POSTS.filter((p) => !first.includes(p))];
}
