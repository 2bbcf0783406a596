/**
 * API keys for machine clients (issue 12). A key is `fq_` + 40 random characters, sent as
 * `Authorization: Bearer fq_…` or `X-Api-Key: fq_…`; only its SHA-256 is stored. A key acts inside the area it
 * is bound to like a centre user of that area, so access.ts still decides what it sees — but only through the
 * routes its scopes open (`apiKeyMayCall`): reads of cases and areas, its own webhook subscriptions, Open311.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { API_KEY_SCOPES } from '../../contracts/integrations';
import type { Permission } from '../../domain/roles';
import type { Actor } from './access';
import type { Db } from './db/client';
import { apiKeys } from './db/schema';
import { AppError } from './errors';

export const API_SCOPES = API_KEY_SCOPES;
export type ApiScope = (typeof API_SCOPES)[number];

/** What each scope lets the key's actor do on /api routes that check a permission. */
const SCOPE_PERMISSIONS: Record<ApiScope, Permission[]> = {
  'open311:read': [],
  'open311:write': ['case:report'],
  'cases:read': ['area:read', 'case:read'],
  'webhooks:manage': ['webhook:manage'],
};

export type ApiKeyPrincipal = { id: number; name: string; prefix: string; scopes: ApiScope[]; areaCode: string };

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

const KEY_PATTERN = /^fq_[A-Za-z0-9_-]{40}$/;

/** A new key: the plain key (shown once), the prefix kept for lists and the hash kept for lookups. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `fq_${randomBytes(30).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), hash: hashKey(key) };
}

/** The key a request presents, if any: `Authorization: Bearer fq_…` or `X-Api-Key`. */
export function apiKeyFromHeaders(headers: Record<string, string | string[] | undefined>): string | null {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const auth = one(headers.authorization)?.trim();
  if (auth && /^bearer\s+fq_/i.test(auth)) return auth.replace(/^bearer\s+/i, '');
  const header = one(headers['x-api-key'])?.trim();
  return header || null;
}

/** Looks a key up (not revoked) and notes its use at most once a minute; an unknown key answers 401. */
export async function resolveApiKey(db: Db, key: string, now: Date): Promise<ApiKeyPrincipal> {
  if (!KEY_PATTERN.test(key)) throw new AppError('API_KEY_INVALID');
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) throw new AppError('API_KEY_INVALID');
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes.filter(isApiScope), areaCode: row.areaCode };
}

export function isApiScope(s: string): s is ApiScope {
  return (API_SCOPES as readonly string[]).includes(s);
}

export function hasApiScope(key: ApiKeyPrincipal, scope: ApiScope): boolean {
  return key.scopes.includes(scope);
}

/**
 * The actor a key acts as: a centre user of its area (so case visibility is the area's), with only the
 * permissions its scopes grant. userId 0 with a `apikey:` username: the audit names the key's prefix.
 */
export function apiKeyActor(key: ApiKeyPrincipal, ip: string | null): Actor {
  return {
    userId: 0,
    username: `apikey:${key.prefix}`,
    displayName: key.name,
    roles: ['center_staff'],
    scopes: [key.areaCode],
    departmentId: null,
    permissions: new Set(key.scopes.flatMap((s) => SCOPE_PERMISSIONS[s])),
    ip,
  };
}

const CASE_READS = ['/api/cases', '/api/case-categories', '/api/case-rules', '/api/areas', '/api/departments'];

/** Routes (as registered) a key may call; everything else answers 403 whatever the route's own access says. */
export function apiKeyMayCall(key: ApiKeyPrincipal, method: string, routeUrl: string): boolean {
  if (routeUrl.startsWith('/open311/')) return true;
  if (routeUrl.startsWith('/api/integrations/webhooks')) return hasApiScope(key, 'webhooks:manage');
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (routeUrl === '/api/health') return true;
  return hasApiScope(key, 'cases:read') && CASE_READS.some((p) => routeUrl === p || routeUrl.startsWith(`${p}/`));
}
