/** Small 2-D geometry shared by measurement, solver and rendering. */
export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Affine map p' = (a x + b y + c, d x + e y + f). */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export function apply(m: Affine, p: Point): Point {
  return { x: m.a * p.x + m.b * p.y + m.c, y: m.d * p.x + m.e * p.y + m.f };
}

/** compose(m, n) applies n first, then m. */
export function compose(m: Affine, n: Affine): Affine {
  return {
    a: m.a * n.a + m.b * n.d,
    b: m.a * n.b + m.b * n.e,
    c: m.a * n.c + m.b * n.f + m.c,
    d: m.d * n.a + m.e * n.d,
    e: m.d * n.b + m.e * n.e,
    f: m.d * n.c + m.e * n.f + m.f,
  };
}

export function invert(m: Affine): Affine {
  const det = m.a * m.e - m.b * m.d;
  if (Math.abs(det) < 1e-12) throw new Error('singular affine map');
  const a = m.e / det;
  const b = -m.b / det;
  const d = -m.d / det;
  const e = m.a / det;
  return { a, b, c: -(a * m.c + b * m.f), d, e, f: -(d * m.c + e * m.f) };
}

/**
 * Levels, scales and places: a line at angle `radians` (atan2(dy, dx), y pointing down) becomes horizontal,
 * lengths are multiplied by `scale`, and `centre` lands on `target`.
 */
export function similarity(scale: number, radians: number, centre: Point, target: Point): Affine {
  const cos = Math.cos(radians) * scale;
  const sin = Math.sin(radians) * scale;
  return {
    a: cos,
    b: sin,
    c: target.x - cos * centre.x - sin * centre.y,
    d: -sin,
    e: cos,
    f: target.y + sin * centre.x - cos * centre.y,
  };
}

export function scaleOf(m: Affine): number {
  return Math.sqrt(Math.abs(m.a * m.e - m.b * m.d));
}

export function distance(p: Point, q: Point): number {
  return Math.hypot(p.x - q.x, p.y - q.y);
}

export function midpoint(p: Point, q: Point): Point {
  return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
