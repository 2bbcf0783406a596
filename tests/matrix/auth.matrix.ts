import type { MatrixEntry, MatrixExemption } from './types';

/** The second factor and the account-security page act on the caller's own account only. */
export const exemptions: MatrixExemption[] = [
  { endpoint: 'POST /api/auth/totp', why: 'public login step, bound to its own httpOnly login-challenge cookie' },
  { endpoint: 'POST /api/auth/totp/enrolment', why: 'public login step (forced enrolment), bound to its login-challenge cookie' },
  { endpoint: 'POST /api/auth/totp/enrolment/confirm', why: 'public login step (forced enrolment), bound to its login-challenge cookie' },
  { endpoint: 'GET /api/auth/security', why: 'own account' },
  { endpoint: 'POST /api/auth/security/totp', why: 'own account' },
  { endpoint: 'POST /api/auth/security/totp/confirm', why: 'own account' },
  { endpoint: 'POST /api/auth/security/totp/disable', why: 'own account' },
  { endpoint: 'POST /api/auth/security/recovery-codes', why: 'own account' },
];

export const entries: MatrixEntry[] = [
  {
    endpoint: 'POST /api/users/:id/second-factor/reset',
    inside: { method: 'POST', url: '/api/users/2/second-factor/reset' },
    outside: null,
    allowed: ['admin'],
    denialsOnly: true,
  },
];
