/**
 * Plane geometry for area boundaries (GeoJSON Polygon / MultiPolygon, WGS84 lng/lat): point in polygon
 * with holes, bounding boxes, a validity check for boundaries people draw or import, and a
 * deterministic generator of demo boundaries (nested, adjacent, non-overlapping convex quads).
 * Areas are small (a grid is a few hundred metres), so planar maths on degrees is good enough.
 */

/** [lng, lat] */
export type Position = [number, number];
export type Ring = Position[];
export type PolygonGeometry = { type: 'Polygon'; coordinates: Ring[] };
export type MultiPolygonGeometry = { type: 'MultiPolygon'; coordinates: Ring[][] };
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;
/** The shape rbush indexes. */
export type BBox = { minX: number; minY: number; maxX: number; maxY: number };

/** Polygons of a geometry, each as [outer ring, ...holes]. */
export function polygonsOf(g: AreaGeometry): Ring[][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Even-odd ray casting; points exactly on an edge may fall either side. */
export function pointInRing(lng: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring of one of the polygons and outside all of that polygon's holes. */
export function pointInGeometry(g: AreaGeometry, lng: number, lat: number): boolean {
  for (const [outer, ...holes] of polygonsOf(g)) {
    if (!pointInRing(lng, lat, outer)) continue;
    if (holes.some((h) => pointInRing(lng, lat, h))) continue;
    return true;
  }
  return false;
}

export function bboxOf(g: AreaGeometry): BBox {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const poly of polygonsOf(g)) {
    for (const [x, y] of poly[0]) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return { minX, minY, maxX, maxY };
}

export function bboxUnion(boxes: readonly BBox[]): BBox {
  return {
    minX: Math.min(...boxes.map((b) => b.minX)),
    minY: Math.min(...boxes.map((b) => b.minY)),
    maxX: Math.max(...boxes.map((b) => b.maxX)),
    maxY: Math.max(...boxes.map((b) => b.maxY)),
  };
}

/** Shoelace area in square degrees; positive for counter-clockwise rings. */
export function signedRingArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s / 2;
}

/** Area in square degrees (outer rings minus holes); used to prefer the smaller of overlapping grids. */
export function geometryArea(g: AreaGeometry): number {
  let a = 0;
  for (const [outer, ...holes] of polygonsOf(g)) {
    a += Math.abs(signedRingArea(outer));
    for (const h of holes) a -= Math.abs(signedRingArea(h));
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Validity

export type GeometryProblem =
  | 'type'
  | 'coordinates'
  | 'position'
  | 'range'
  | 'ring_open'
  | 'ring_short'
  | 'ring_degenerate'
  | 'self_intersection'
  | 'hole_outside'
  | 'overlap'
  | 'too_many_points';

const PROBLEM_MESSAGE: Record<GeometryProblem, string> = {
  type: '边界类型须为 Polygon 或 MultiPolygon',
  coordinates: '边界坐标的结构不正确',
  position: '坐标点须为[经度, 纬度]数字',
  range: '经度须在-180至180之间，纬度须在-90至90之间',
  ring_open: '边界环的首尾坐标须相同(闭合)',
  ring_short: '边界环至少需要3个不同的顶点',
  ring_degenerate: '边界环的面积为零',
  self_intersection: '边界的边相互交叉或重叠',
  hole_outside: '内环(洞)须位于外环之内且互不包含',
  overlap: '多个多边形相互重叠',
  too_many_points: '边界顶点过多',
};

export type GeometryCheck =
  | { ok: true; geometry: AreaGeometry }
  | { ok: false; problem: GeometryProblem; path: string; message: string };

const MAX_POINTS = 20_000;
/** ~1 cm: keeps stored boundaries compact and makes shared vertices compare equal. */
const DECIMALS = 1e7;

function round(v: number): number {
  return Math.round(v * DECIMALS) / DECIMALS;
}

function fail(problem: GeometryProblem, path: string): GeometryCheck {
  return { ok: false, problem, path, message: PROBLEM_MESSAGE[problem] };
}

type Seg = { ax: number; ay: number; bx: number; by: number; ring: number; idx: number; len: number; minX: number; maxX: number };

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return Math.abs(v) < 1e-18 ? 0 : Math.sign(v);
}

function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

function segmentsIntersect(s: Seg, t: Seg): boolean {
  const o1 = orient(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const o2 = orient(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  const o3 = orient(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const o4 = orient(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(s.ax, s.ay, s.bx, s.by, t.ax, t.ay)) return true;
  if (o2 === 0 && onSegment(s.ax, s.ay, s.bx, s.by, t.bx, t.by)) return true;
  if (o3 === 0 && onSegment(t.ax, t.ay, t.bx, t.by, s.ax, s.ay)) return true;
  if (o4 === 0 && onSegment(t.ax, t.ay, t.bx, t.by, s.bx, s.by)) return true;
  return false;
}

/** Consecutive edges of one ring share a vertex; they are invalid only when they fold back (a spike): antiparallel. */
function adjacentFoldsBack(s: Seg, t: Seg): boolean {
  const cross = (s.bx - s.ax) * (t.by - t.ay) - (s.by - s.ay) * (t.bx - t.ax);
  const dot = (s.bx - s.ax) * (t.bx - t.ax) + (s.by - s.ay) * (t.by - t.ay);
  return Math.abs(cross) < 1e-18 && dot < 0;
}

/** Sweep over x: compares only edges whose x ranges overlap, so typical boundaries check in near-linear time. */
function firstCrossing(rings: Ring[]): boolean {
  const segs: Seg[] = [];
  rings.forEach((ring, r) => {
    const len = ring.length - 1;
    for (let i = 0; i < len; i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[i + 1];
      segs.push({ ax, ay, bx, by, ring: r, idx: i, len, minX: Math.min(ax, bx), maxX: Math.max(ax, bx) });
    }
  });
  segs.sort((a, b) => a.minX - b.minX);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    for (let j = i + 1; j < segs.length && segs[j].minX <= s.maxX; j++) {
      const t = segs[j];
      if (s.ring === t.ring) {
        const d = Math.abs(s.idx - t.idx);
        if (d === 1 || d === s.len - 1) {
          if (adjacentFoldsBack(s, t)) return true;
          continue;
        }
      }
      if (Math.max(s.ay, s.by) < Math.min(t.ay, t.by) || Math.max(t.ay, t.by) < Math.min(s.ay, s.by)) continue;
      if (segmentsIntersect(s, t)) return true;
    }
  }
  return false;
}

function isNumberPair(p: unknown): p is number[] {
  return Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/**
 * Checks a boundary and returns it normalised: Z dropped, coordinates rounded to 1e-7°, repeated
 * vertices removed, outer rings counter-clockwise and holes clockwise (RFC 7946).
 */
export function checkGeometry(value: unknown, opts: { maxPoints?: number } = {}): GeometryCheck {
  const maxPoints = opts.maxPoints ?? MAX_POINTS;
  if (typeof value !== 'object' || value === null) return fail('type', '');
  const v = value as { type?: unknown; coordinates?: unknown };
  if (v.type !== 'Polygon' && v.type !== 'MultiPolygon') return fail('type', 'type');
  if (!Array.isArray(v.coordinates) || v.coordinates.length === 0) return fail('coordinates', 'coordinates');
  const rawPolys: unknown[] = v.type === 'Polygon' ? [v.coordinates] : v.coordinates;
  let points = 0;
  // a zero-area ring is reported after crossings: a bow-tie has zero area but is better called crossed
  let degenerate: string | null = null;
  const polys: Ring[][] = [];
  for (let p = 0; p < rawPolys.length; p++) {
    const rawRings = rawPolys[p];
    const base = v.type === 'Polygon' ? 'coordinates' : `coordinates.${p}`;
    if (!Array.isArray(rawRings) || rawRings.length === 0) return fail('coordinates', base);
    const rings: Ring[] = [];
    for (let r = 0; r < rawRings.length; r++) {
      const rawRing = rawRings[r];
      const path = `${base}.${r}`;
      if (!Array.isArray(rawRing)) return fail('coordinates', path);
      points += rawRing.length;
      if (points > maxPoints) return fail('too_many_points', path);
      const ring: Ring = [];
      for (let i = 0; i < rawRing.length; i++) {
        const pos = rawRing[i];
        if (!isNumberPair(pos)) return fail('position', `${path}.${i}`);
        const [lng, lat] = pos;
        if (lng < -180 || lng > 180 || lat < -90 || lat > 90) return fail('range', `${path}.${i}`);
        const q: Position = [round(lng), round(lat)];
        const last = ring[ring.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) ring.push(q);
      }
      if (rawRing.length < 4) return fail('ring_short', path);
      const first = ring[0];
      const end = ring[ring.length - 1];
      if (first[0] !== end[0] || first[1] !== end[1]) return fail('ring_open', path);
      if (ring.length < 4) return fail('ring_short', path);
      const area = signedRingArea(ring);
      if (Math.abs(area) < 1e-14) degenerate ??= path;
      const wantPositive = r === 0;
      rings.push(area > 0 === wantPositive ? ring : [...ring].reverse());
    }
    polys.push(rings);
  }
  // crossings anywhere in the geometry: within a ring, between a polygon's rings, between polygons
  if (firstCrossing(polys.flat())) return fail('self_intersection', 'coordinates');
  if (degenerate !== null) return fail('ring_degenerate', degenerate);
  for (let p = 0; p < polys.length; p++) {
    const [outer, ...holes] = polys[p];
    const base = v.type === 'Polygon' ? 'coordinates' : `coordinates.${p}`;
    for (let h = 0; h < holes.length; h++) {
      const [x, y] = holes[h][0];
      if (!pointInRing(x, y, outer)) return fail('hole_outside', `${base}.${h + 1}`);
      for (let k = 0; k < holes.length; k++) {
        if (k !== h && pointInRing(x, y, holes[k])) return fail('hole_outside', `${base}.${h + 1}`);
      }
    }
    // with no crossings, two polygons overlap only if one lies inside the other's area
    for (let q = 0; q < polys.length; q++) {
      if (q === p) continue;
      const [x, y] = polys[q][0][0];
      if (pointInGeometry({ type: 'Polygon', coordinates: polys[p] }, x, y)) return fail('overlap', `coordinates.${q}`);
    }
  }
  const geometry: AreaGeometry = v.type === 'Polygon' ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  return { ok: true, geometry };
}

/**
 * A point inside the geometry: the vertex average when it is inside (always for convex shapes),
 * otherwise a deterministic search over the bounding box. For demo data and tests.
 */
export function pointInside(g: AreaGeometry, rand: () => number = seededRandom('inside')): Position {
  const outer = polygonsOf(g)[0][0];
  const n = outer.length - 1;
  const cx = outer.slice(0, n).reduce((s, p) => s + p[0], 0) / n;
  const cy = outer.slice(0, n).reduce((s, p) => s + p[1], 0) / n;
  if (pointInGeometry(g, cx, cy)) return [cx, cy];
  const b = bboxOf(g);
  for (let i = 0; i < 10_000; i++) {
    const x = b.minX + rand() * (b.maxX - b.minX);
    const y = b.minY + rand() * (b.maxY - b.minY);
    if (pointInGeometry(g, x, y)) return [x, y];
  }
  return [cx, cy];
}

// ---------------------------------------------------------------------------------------------
// Demo boundaries

/** Deterministic pseudo-random numbers in [0, 1) from a string seed (FNV-1a, then mulberry32). */
export function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Corners counter-clockwise from the south-west: [SW, SE, NE, NW]. */
export type Quad = [Position, Position, Position, Position];

const KM_PER_DEGREE = 111.32;

/** A box of the given size in kilometres centred on a point. */
export function boxAround(lng: number, lat: number, widthKm: number, heightKm: number): BBox {
  const dx = widthKm / (KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180)) / 2;
  const dy = heightKm / KM_PER_DEGREE / 2;
  return { minX: lng - dx, minY: lat - dy, maxX: lng + dx, maxY: lat + dy };
}

export function quadOfBox(b: BBox): Quad {
  return [
    [b.minX, b.minY],
    [b.maxX, b.minY],
    [b.maxX, b.maxY],
    [b.minX, b.maxY],
  ];
}

function lerp(a: Position, b: Position, t: number): Position {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

function distanceKm(a: Position, b: Position): number {
  const lat = ((a[1] + b[1]) / 2) * (Math.PI / 180);
  const dx = (b[0] - a[0]) * KM_PER_DEGREE * Math.cos(lat);
  const dy = (b[1] - a[1]) * KM_PER_DEGREE;
  return Math.hypot(dx, dy);
}

/**
 * Splits a convex quad into `n` convex quads that tile it exactly: rows cut by straight chords
 * between the west and east sides, each row cut into cells by slanted chords. Jitter moves the
 * cuts (at most half a cell) so the result does not look like graph paper. The cells come in
 * reading order (north row first, west to east). Same quad, n and seed → same cells.
 */
export function splitQuad(quad: Quad, n: number, seed: string, jitter = 0.5): Quad[] {
  if (n <= 0) return [];
  if (n === 1) return [quad];
  const rand = seededRandom(seed);
  const j = Math.min(Math.max(jitter, 0), 0.9);
  const [sw, se, ne, nw] = quad;
  const width = (distanceKm(sw, se) + distanceKm(nw, ne)) / 2;
  const height = (distanceKm(sw, nw) + distanceKm(se, ne)) / 2;
  const cols = Math.max(1, Math.min(n, Math.round(Math.sqrt((n * width) / height))));
  const rows = Math.ceil(n / cols);
  const perRow = Array.from({ length: rows }, (_, r) => Math.floor(n / rows) + (r < n % rows ? 1 : 0));
  // row cut r runs from west[r] to east[r]; cuts 0 and rows are the quad's south and north sides
  const cut = (r: number): [Position, Position] => {
    if (r === 0) return [sw, se];
    if (r === rows) return [nw, ne];
    const tw = (r + (rand() - 0.5) * j) / rows;
    const te = (r + (rand() - 0.5) * j) / rows;
    return [lerp(sw, nw, tw), lerp(se, ne, te)];
  };
  const cuts = Array.from({ length: rows + 1 }, (_, r) => cut(r));
  const fractions = (k: number): number[] =>
    Array.from({ length: k + 1 }, (_, i) => (i === 0 ? 0 : i === k ? 1 : (i + (rand() - 0.5) * j) / k));
  const out: Quad[] = [];
  for (let r = rows - 1; r >= 0; r--) {
    const k = perRow[rows - 1 - r];
    const [bw, be] = cuts[r];
    const [tw, te] = cuts[r + 1];
    const fb = fractions(k);
    const ft = fractions(k);
    for (let i = 0; i < k; i++) {
      out.push([lerp(bw, be, fb[i]), lerp(bw, be, fb[i + 1]), lerp(tw, te, ft[i + 1]), lerp(tw, te, ft[i])]);
    }
  }
  return out;
}

/** A closed, counter-clockwise, rounded GeoJSON Polygon of a quad. */
export function quadPolygon(q: Quad): PolygonGeometry {
  const ring = q.map(([x, y]) => [round(x), round(y)] as Position);
  ring.push([ring[0][0], ring[0][1]]);
  return { type: 'Polygon', coordinates: [signedRingArea(ring) >= 0 ? ring : ring.reverse()] };
}

export function boxPolygon(b: BBox): PolygonGeometry {
  return quadPolygon(quadOfBox(b));
}

/** The bounding box of a set of quads. */
export function quadsBBox(quads: readonly Quad[]): BBox {
  return bboxUnion(quads.map((q) => bboxOf({ type: 'Polygon', coordinates: [[...q, q[0]]] })));
}
