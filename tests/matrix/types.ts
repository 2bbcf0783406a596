import type { Role } from '../../src/domain/roles';
import type { TestApp } from '../helpers/test-app';

export type MatrixRequest = { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; body?: unknown };

/**
 * One row of the scope matrix: an endpoint, a request aimed at a record inside every demo account's
 * scope (the first 新兴镇 grid), and one aimed at a record outside it (红砂坝镇).
 * `allowed` roles must get 2xx inside; every other role must get 403/404; nobody but an all-area
 * administrator may get 2xx outside.
 */
export type MatrixEntry = {
  /** "METHOD /route/:param" exactly as registered */
  endpoint: string;
  inside: MatrixRequest | null;
  outside: MatrixRequest | null;
  allowed: Role[];
  /** writes whose allowed call would change shared fixtures: only the denials are exercised */
  denialsOnly?: boolean;
  /** an extra assertion on every 2xx answer (e.g. a list must carry no 红砂坝镇 record) */
  check?: (body: unknown, role: Role) => void;
};

/**
 * Ids a module's `setup` looks up or creates before the matrix runs. In a row's url and body, `{name}`
 * stands for fixture `name` (a string that is only the token becomes the fixture's value, number or
 * string) and `{role}` for the calling role, so that repeated creations stay distinct.
 */
export type MatrixFixtures = Record<string, string | number>;
export type MatrixSetup = (t: TestApp) => Promise<MatrixFixtures>;
export type MatrixModule = { entries: MatrixEntry[]; exemptions?: MatrixExemption[]; setup?: MatrixSetup };

/** Endpoints that own no area-scoped record: who may call them is covered by the permission snapshot. */
export type MatrixExemption = { endpoint: string; why: string };

/** Demo accounts standing for each role (all inside 甘谷县 except the administrator). */
export const ROLE_ACCOUNTS: Record<Role, string> = {
  admin: 'admin',
  center_staff: 'town_center',
  grid_worker: 'grid_worker',
  village_cadre: 'village_cadre',
  dept_staff: 'dept_police',
  mediator: 'mediator',
  leader: 'leader',
  party_member: 'party_member',
  resident: 'resident',
};

export const INSIDE_GRID = '620523101001001';
export const INSIDE_VILLAGE = '620523101001';
export const INSIDE_TOWN = '620523101';
export const OUTSIDE_GRID = '150981109200001';
export const OUTSIDE_VILLAGE = '150981109200';
export const OUTSIDE_TOWN = '150981109';
