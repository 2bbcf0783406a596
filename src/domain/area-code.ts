/**
 * Hierarchical area codes (区划/网格编码). Codes are stored trimmed to their level's length so that
 * a code's prefixes are its ancestors: 620523 ⊃ 620523101 ⊃ 620523101201 ⊃ 620523101201001.
 */
export type AreaLevel = 'province' | 'city' | 'county' | 'town' | 'village' | 'grid' | 'microgrid';

export const AREA_LEVELS: readonly AreaLevel[] = ['province', 'city', 'county', 'town', 'village', 'grid', 'microgrid'];

export const LEVEL_LENGTH: Record<AreaLevel, number> = {
  province: 2,
  city: 4,
  county: 6,
  town: 9,
  village: 12,
  grid: 15,
  microgrid: 18,
};

export const LEVEL_LABEL: Record<AreaLevel, string> = {
  province: '省',
  city: '市',
  county: '县(区)',
  town: '乡镇(街道)',
  village: '村(社区)',
  grid: '网格',
  microgrid: '微网格',
};

const LENGTH_TO_LEVEL = new Map<number, AreaLevel>(AREA_LEVELS.map((l) => [LEVEL_LENGTH[l], l]));

export function isAreaCode(code: string): boolean {
  return /^\d+$/.test(code) && LENGTH_TO_LEVEL.has(code.length);
}

export function levelOf(code: string): AreaLevel {
  const level = LENGTH_TO_LEVEL.get(code.length);
  if (!level || !/^\d+$/.test(code)) throw new Error(`not an area code: ${code}`);
  return level;
}

/** Trims a 12-digit statistical code (GB/T 2260 extended) to the shortest code of its level. */
export function trimStatCode(code12: string): string {
  const c = code12.padEnd(12, '0');
  if (c.slice(2) === '0000000000') return c.slice(0, 2);
  if (c.slice(4) === '00000000') return c.slice(0, 4);
  if (c.slice(6) === '000000') return c.slice(0, 6);
  if (c.slice(9) === '000') return c.slice(0, 9);
  return c;
}

export function parentOf(code: string): string | null {
  const idx = AREA_LEVELS.indexOf(levelOf(code));
  if (idx === 0) return null;
  return code.slice(0, LEVEL_LENGTH[AREA_LEVELS[idx - 1]]);
}

/** All ancestors from the province down, excluding the code itself. */
export function ancestorsOf(code: string): string[] {
  const out: string[] = [];
  for (const level of AREA_LEVELS) {
    const len = LEVEL_LENGTH[level];
    if (len >= code.length) break;
    out.push(code.slice(0, len));
  }
  return out;
}

export function isWithin(code: string, scope: string): boolean {
  return code.startsWith(scope);
}

/**
 * The smallest string greater than every string starting with `prefix`, for index range scans:
 * `code >= prefix AND code < nextPrefix(prefix)`. Codes are digits only, so incrementing the last
 * character is enough ('620523' → '620524', '62059' → '6205:').
 */
export function nextPrefix(prefix: string): string {
  if (prefix === '') return '\u{10FFFF}';
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Drops scopes already covered by a shorter scope in the list. */
export function normaliseScopes(scopes: readonly string[]): string[] {
  const sorted = [...new Set(scopes)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const s of sorted) if (!out.some((o) => s.startsWith(o))) out.push(s);
  return out.sort();
}

export function childCode(parent: string, serial: number): string {
  const level = levelOf(parent);
  const idx = AREA_LEVELS.indexOf(level);
  const childLevel = AREA_LEVELS[idx + 1];
  if (!childLevel) throw new Error(`${parent} has no child level`);
  const width = LEVEL_LENGTH[childLevel] - parent.length;
  return parent + String(serial).padStart(width, '0');
}
