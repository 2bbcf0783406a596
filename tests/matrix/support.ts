/** Helpers shared by the matrix modules and the scope-matrix suite. */
import { expect } from 'vitest';
import type { Role } from '../../src/domain/roles';
import type { Res } from '../helpers/test-app';
import { type MatrixFixtures, type MatrixRequest, OUTSIDE_TOWN } from './types';

const TOKEN = /\{([A-Za-z][\w.]*)\}/g;

function lookup(name: string, fx: MatrixFixtures, role: Role): string | number {
  if (name === 'role') return role;
  const v = fx[name];
  if (v === undefined) throw new Error(`scope matrix: no fixture named {${name}}`);
  return v;
}

/** Replaces `{name}` tokens in strings (deeply); a string that is only a token takes the fixture's own type. */
export function fillTokens(value: unknown, fx: MatrixFixtures, role: Role): unknown {
  if (typeof value === 'string') {
    const whole = /^\{([A-Za-z][\w.]*)\}$/.exec(value);
    if (whole) return lookup(whole[1], fx, role);
    return value.replace(TOKEN, (_, name: string) => String(lookup(name, fx, role)));
  }
  if (Array.isArray(value)) return value.map((v) => fillTokens(v, fx, role));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillTokens(v, fx, role)]));
  }
  return value;
}

export function fillRequest(req: MatrixRequest, fx: MatrixFixtures, role: Role): MatrixRequest {
  return { method: req.method, url: fillTokens(req.url, fx, role) as string, body: fillTokens(req.body, fx, role) };
}

/** A list answered to anyone but the all-area administrator carries no 红砂坝镇 record. */
export function noOutside(body: unknown, role: Role): void {
  if (role === 'admin') return;
  expect(JSON.stringify(body), `${role} sees a 红砂坝镇 record`).not.toContain(`"${OUTSIDE_TOWN}`);
}

/** A list filtered on 红砂坝镇 (or one of its records) is empty for everyone but the all-area administrator. */
export function emptyPage(body: unknown, role: Role): void {
  if (role === 'admin') return;
  const items = (body as { items?: unknown[] }).items;
  expect(Array.isArray(items), 'a list answer carries items').toBe(true);
  expect(items, `${role} sees records of 红砂坝镇`).toEqual([]);
}

/** Setup calls must succeed: a fixture that could not be made would turn denials into false passes. */
export function must<T>(res: Res<T>, what: string): T {
  if (res.status >= 300) throw new Error(`scope matrix setup: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
