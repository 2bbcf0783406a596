import { describe, expect, it } from 'vitest';
import {
  type AreaGeometry,
  bboxOf,
  boxAround,
  checkGeometry,
  geometryArea,
  pointInGeometry,
  pointInside,
  type Position,
  type Quad,
  quadOfBox,
  quadPolygon,
  seededRandom,
  signedRingArea,
  splitQuad,
} from './geo';

const square = (x: number, y: number, s: number): Position[] => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

const withHole: AreaGeometry = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2).reverse()] };

describe('point in polygon', () => {
  it.each([
    [5, 5, false, 'inside the hole'],
    [1, 1, true, 'inside, outside the hole'],
    [9.9, 0.1, true, 'near a corner'],
    [11, 5, false, 'east of it'],
    [-0.1, 5, false, 'west of it'],
    [5, 10.5, false, 'north of it'],
  ])('(%d, %d) → %s (%s)', (x, y, inside) => {
    expect(pointInGeometry(withHole, x, y)).toBe(inside);
  });

  it('handles MultiPolygons part by part', () => {
    const g: AreaGeometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(pointInGeometry(g, 0.5, 0.5)).toBe(true);
    expect(pointInGeometry(g, 5.5, 5.5)).toBe(true);
    expect(pointInGeometry(g, 3, 3)).toBe(false);
  });

  it('handles concave shapes', () => {
    // a U: the notch between the arms is outside
    const u: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    expect(pointInGeometry(u, 1.5, 2)).toBe(false);
    expect(pointInGeometry(u, 0.5, 2)).toBe(true);
    expect(pointInGeometry(u, 1.5, 0.5)).toBe(true);
    expect(pointInGeometry(u, ...pointInside(u))).toBe(true);
  });

  it('computes bounding boxes and areas', () => {
    expect(bboxOf(withHole)).toEqual({ minX: 0, minY: 0, maxX: 10, maxY: 10 });
    expect(geometryArea(withHole)).toBeCloseTo(96);
  });
});

describe('checkGeometry', () => {
  it('accepts a valid polygon and normalises it (CCW outer, CW holes, no Z, no repeats)', () => {
    const cwOuter = square(105, 34, 0.01).reverse().map(([x, y]) => [x, y, 1500]);
    const res = checkGeometry({ type: 'Polygon', coordinates: [[...cwOuter.slice(0, 2), cwOuter[1], ...cwOuter.slice(2)], square(105.004, 34.004, 0.002)] });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const [outer, hole] = (res.geometry as { coordinates: Position[][] }).coordinates;
    expect(outer).toHaveLength(5);
    expect(outer.every((p) => p.length === 2)).toBe(true);
    expect(signedRingArea(outer)).toBeGreaterThan(0);
    expect(signedRingArea(hole)).toBeLessThan(0);
  });

  it.each([
    ['not an object', 'x', 'type'],
    ['a point', { type: 'Point', coordinates: [1, 2] }, 'type'],
    ['no rings', { type: 'Polygon', coordinates: [] }, 'coordinates'],
    ['a ring that is not an array', { type: 'Polygon', coordinates: [5] }, 'coordinates'],
    ['a bad position', { type: 'Polygon', coordinates: [[[0, 0], [1, 'a'], [1, 1], [0, 0]]] }, 'position'],
    ['a NaN-like position', { type: 'Polygon', coordinates: [[[0, 0], [1], [1, 1], [0, 0]]] }, 'position'],
    ['a latitude beyond 90', { type: 'Polygon', coordinates: [[[0, 0], [1, 95], [1, 1], [0, 0]]] }, 'range'],
    ['an open ring', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, 'ring_open'],
    ['a ring of three points', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, 'ring_short'],
    ['a ring with repeated points only', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 0], [0, 0]]] }, 'ring_short'],
    ['a flat ring', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [0, 0]]] }, 'self_intersection'],
    ['a ring of no area', { type: 'Polygon', coordinates: [[[0, 0], [1e-7, 0], [1e-7, 1e-7], [0, 0]]] }, 'ring_degenerate'],
    ['a bow-tie', { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] }, 'self_intersection'],
    ['a spike', { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [3, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] }, 'self_intersection'],
    ['a ring touching itself', { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 1], [0, 0]]] }, 'self_intersection'],
    ['a hole crossing the outer ring', { type: 'Polygon', coordinates: [square(0, 0, 2), square(1, 1, 2)] }, 'self_intersection'],
    ['a hole outside', { type: 'Polygon', coordinates: [square(0, 0, 2), square(5, 5, 1)] }, 'hole_outside'],
    ['nested holes', { type: 'Polygon', coordinates: [square(0, 0, 10), square(1, 1, 8), square(2, 2, 2)] }, 'hole_outside'],
    ['overlapping parts', { type: 'MultiPolygon', coordinates: [[square(0, 0, 10)], [square(2, 2, 1)]] }, 'overlap'],
    ['crossing parts', { type: 'MultiPolygon', coordinates: [[square(0, 0, 2)], [square(1, 1, 2)]] }, 'self_intersection'],
  ])('rejects %s', (_label, value, problem) => {
    const res = checkGeometry(value);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.problem).toBe(problem);
    expect(res.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('accepts an island inside another part’s hole', () => {
    const res = checkGeometry({
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 10), square(2, 2, 6)], [square(4, 4, 2)]],
    });
    expect(res.ok).toBe(true);
  });

  it('limits the number of points', () => {
    const ring: Position[] = Array.from({ length: 100 }, (_, i) => [Math.cos((i / 100) * 2 * Math.PI), Math.sin((i / 100) * 2 * Math.PI)]);
    ring.push(ring[0]);
    expect(checkGeometry({ type: 'Polygon', coordinates: [ring] }).ok).toBe(true);
    const res = checkGeometry({ type: 'Polygon', coordinates: [ring] }, { maxPoints: 50 });
    expect(res.ok ? null : res.problem).toBe('too_many_points');
  });

  it('checks a 5,000-vertex ring quickly enough to run on every save', () => {
    const n = 5000;
    const ring: Position[] = Array.from({ length: n }, (_, i) => {
      const a = (i / n) * 2 * Math.PI;
      const r = 1 + 0.05 * Math.sin(a * 40);
      return [105 + r * Math.cos(a) * 0.01, 34 + r * Math.sin(a) * 0.01];
    });
    ring.push(ring[0]);
    expect(checkGeometry({ type: 'Polygon', coordinates: [ring] }).ok).toBe(true);
  });
});

describe('demo boundaries', () => {
  const county = quadOfBox(boxAround(105.33, 34.74, 40, 32));

  function expectTiling(parent: Quad, cells: Quad[], seed: string) {
    const parentGeom = quadPolygon(parent);
    const geoms = cells.map(quadPolygon);
    for (const g of geoms) expect(checkGeometry(g).ok).toBe(true);
    // the cells' areas add up to the parent's
    const sum = geoms.reduce((s, g) => s + geometryArea(g), 0);
    expect(sum / geometryArea(parentGeom)).toBeCloseTo(1, 6);
    // every sample point of the parent lies in exactly one cell
    const rand = seededRandom(seed);
    const b = bboxOf(parentGeom);
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const x = b.minX + rand() * (b.maxX - b.minX);
      const y = b.minY + rand() * (b.maxY - b.minY);
      if (!pointInGeometry(parentGeom, x, y)) continue;
      checked++;
      expect(geoms.filter((g) => pointInGeometry(g, x, y))).toHaveLength(1);
    }
    expect(checked).toBeGreaterThan(100);
  }

  it.each([1, 2, 3, 5, 9, 15, 48])('splits a quad into %i adjacent, non-overlapping convex cells', (n) => {
    const cells = splitQuad(county, n, `county-${n}`);
    expect(cells).toHaveLength(n);
    expectTiling(county, cells, `sample-${n}`);
  });

  it('nests: towns in the county, villages in a town, grids in a village', () => {
    const towns = splitQuad(county, 15, 'towns');
    expectTiling(county, towns, 'a');
    const villages = splitQuad(towns[7], 48, 'villages');
    expectTiling(towns[7], villages, 'b');
    const grids = splitQuad(villages[20], 3, 'grids');
    expectTiling(villages[20], grids, 'c');
    const [x, y] = pointInside(quadPolygon(grids[1]));
    expect(pointInGeometry(quadPolygon(towns[7]), x, y)).toBe(true);
    expect(pointInGeometry(quadPolygon(villages[20]), x, y)).toBe(true);
  });

  it('is deterministic and orders cells north-west first', () => {
    expect(splitQuad(county, 9, 'same')).toEqual(splitQuad(county, 9, 'same'));
    expect(splitQuad(county, 9, 'same')).not.toEqual(splitQuad(county, 9, 'other'));
    const cells = splitQuad(county, 9, 'order');
    const centre = (q: Quad) => [(q[0][0] + q[2][0]) / 2, (q[0][1] + q[2][1]) / 2];
    expect(centre(cells[0])[1]).toBeGreaterThan(centre(cells[8])[1]);
    expect(centre(cells[0])[0]).toBeLessThan(centre(cells[2])[0]);
  });

  it('sizes boxes in kilometres', () => {
    const b = boxAround(105.33, 34.74, 40, 32);
    expect((b.maxY - b.minY) * 111.32).toBeCloseTo(32, 3);
    expect((b.maxX - b.minX) * 111.32 * Math.cos((34.74 * Math.PI) / 180)).toBeCloseTo(40, 3);
  });
});
