/** Duplicate detection (DESIGN §4): near in place and time, same category, similar words. */

const EARTH_RADIUS_M = 6_371_000;

export function distanceMeters(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Degrees of latitude/longitude that cover `meters` around a latitude, for a bounding-box prefilter. */
export function degreeBox(lat: number, meters: number): { dLat: number; dLng: number } {
  const dLat = meters / 111_320;
  const dLng = meters / (111_320 * Math.max(0.1, Math.cos((lat * Math.PI) / 180)));
  return { dLat, dLng };
}

const STOP = new Set(['的', '了', '在', '是', '有', '和', '与', '及', '等', '也', '就', '都', '这', '那', '一个', '我们', '他们', '反映', '群众', '问题', '情况']);

/** Keeps the words that carry meaning: no punctuation, digits or filler words. */
export function meaningfulTokens(tokens: readonly string[]): string[] {
  return [...new Set(tokens.map((t) => t.trim()).filter((t) => t.length > 0 && !STOP.has(t) && /[\p{L}]/u.test(t)))];
}

/** Jaccard similarity of two token sets, 0..1. */
export function textSimilarity(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 || sb.size === 0) return 0;
  let inter = 0;
  for (const t of sa) if (sb.has(t)) inter++;
  return inter / (sa.size + sb.size - inter);
}

export const DUPLICATE_RADIUS_M = 300;
export const DUPLICATE_WINDOW_DAYS = 7;
export const DUPLICATE_MIN_SIMILARITY = 0.2;

export type DuplicateCandidate = { id: number; lng: number | null; lat: number | null; areaCode: string; tokens: string[] };

/**
 * Scores a candidate: it must lie within the radius (or in the same grid when either has no location)
 * and share enough words. Returns null when it is not a likely duplicate.
 */
export function duplicateScore(
  subject: { lng: number | null; lat: number | null; areaCode: string; tokens: string[] },
  other: DuplicateCandidate,
): { distanceM: number | null; similarity: number } | null {
  let distanceM: number | null = null;
  if (subject.lng !== null && subject.lat !== null && other.lng !== null && other.lat !== null) {
    distanceM = Math.round(distanceMeters({ lng: subject.lng, lat: subject.lat }, { lng: other.lng, lat: other.lat }));
    if (distanceM > DUPLICATE_RADIUS_M) return null;
  } else if (subject.areaCode !== other.areaCode) return null;
  const similarity = textSimilarity(subject.tokens, other.tokens);
  if (similarity < DUPLICATE_MIN_SIMILARITY) return null;
  return { distanceM, similarity: Math.round(similarity * 100) / 100 };
}
