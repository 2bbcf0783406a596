/**
 * The code lists of the areas module (DESIGN §2), shared by the server's schemas and the console's forms.
 * Plain constants (no zod), so the browser bundle can import them.
 */
export const GRID_TYPES = ['综合网格', '专属网格'] as const;

/** Responsible posts on an area; "1+N+X成员" carries a specialty (民警, 调解员, 法律顾问, 社会力量 …). */
export const AREA_POSTS = [
  '包抓领导',
  '片长',
  '街长',
  '网格长',
  '专职网格员',
  '兼职网格员',
  '楼栋长',
  '党建指导员',
  '1+N+X成员',
] as const;
export type AreaPost = (typeof AREA_POSTS)[number];
export const TEAM_POST: AreaPost = '1+N+X成员';
export const TEAM_SPECIALTIES = ['民警', '调解员', '法律顾问', '社会力量'] as const;

/** 群防群治力量 kinds, in the order the seed reports list them. */
export const FORCE_KINDS = ['综治信息员', '治安户长', '护村联防队员', '流动人口协管员', '村民议事会', '村治保会', '村调委会'] as const;

/** Posts that fit a level, offered first in the post picker. */
export function postsFor(level: string): string[] {
  const byLevel: Record<string, string[]> = {
    grid: ['网格长', '专职网格员', '兼职网格员', '1+N+X成员', '包抓领导', '党建指导员'],
    microgrid: ['楼栋长', '兼职网格员', '党建指导员'],
    village: ['包抓领导', '片长', '街长', '党建指导员'],
  };
  const first = byLevel[level] ?? ['包抓领导', '党建指导员'];
  return [...first, ...AREA_POSTS.filter((p) => !first.includes(p))];
}
