import type { MatrixEntry, MatrixExemption } from './types';
import { INSIDE_TOWN, OUTSIDE_TOWN } from './types';

export const exemptions: MatrixExemption[] = [
  { endpoint: 'GET /api/health', why: 'public health check' },
  { endpoint: 'GET /api/openapi.json', why: 'public API document' },
  { endpoint: 'POST /api/auth/login', why: 'public' },
  { endpoint: 'POST /api/auth/logout', why: 'own session' },
  { endpoint: 'GET /api/auth/me', why: 'own account' },
  { endpoint: 'POST /api/auth/password', why: 'own account' },
  { endpoint: 'GET /api/notifications', why: "own messages only (filtered by the caller's user id)" },
  { endpoint: 'POST /api/notifications/:id/read', why: "own messages only (filtered by the caller's user id)" },
  { endpoint: 'GET /api/audit', why: 'administrators only; audit rows span areas' },
  { endpoint: 'GET /api/audit/verify', why: 'administrators only' },
];

export const entries: MatrixEntry[] = [
  {
    endpoint: 'GET /api/users',
    inside: { method: 'GET', url: '/api/users' },
    outside: null,
    allowed: ['admin'],
  },
  {
    endpoint: 'POST /api/users',
    inside: {
      method: 'POST',
      url: '/api/users',
      body: { username: 'matrix_u', displayName: '矩阵', password: 'Matrix@2026', roles: ['grid_worker'], scopes: [INSIDE_TOWN] },
    },
    outside: null,
    allowed: ['admin'],
    denialsOnly: true,
  },
  {
    endpoint: 'PATCH /api/users/:id',
    inside: { method: 'PATCH', url: '/api/users/2', body: { version: 1, displayName: '改名' } },
    outside: null,
    allowed: ['admin'],
    denialsOnly: true,
  },
  {
    endpoint: 'POST /api/users/:id/reset-password',
    inside: { method: 'POST', url: '/api/users/2/reset-password', body: { password: 'Reset@2026' } },
    outside: null,
    allowed: ['admin'],
    denialsOnly: true,
  },
  {
    endpoint: 'GET /api/departments',
    inside: { method: 'GET', url: `/api/departments?area=${INSIDE_TOWN}` },
    outside: null,
    allowed: ['admin', 'center_staff', 'grid_worker', 'village_cadre', 'dept_staff', 'mediator', 'leader', 'party_member'],
  },
];

/** A department of 红砂坝镇 is never listed to a 新兴镇 account: checked in the matrix test itself. */
export const OUTSIDE_DEPARTMENT_AREA = OUTSIDE_TOWN;
