import { inArray } from 'drizzle-orm';
import { ID_CARD_PROBLEM_TEXT, PHONE_RE } from '../../../contracts/people';
import { maskIdCard, maskPhone, validateIdCard } from '../../../domain/id-card';
import type { Actor } from '../../platform/access';
import type { AuditContext } from '../../platform/audit';
import { encrypt, searchHash } from '../../platform/crypto';
import type { Db } from '../../platform/db/client';
import { areas } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';

export function auditBy(actor: Actor): AuditContext {
  return { actorId: actor.userId, actorName: actor.username, ip: actor.ip };
}

export { ID_CARD_PROBLEM_TEXT, PHONE_RE };

export type ProtectedIdCard = {
  idCardEnc: string;
  idCardHash: string;
  idCardMasked: string;
  birthDate: string;
  gender: '男' | '女';
};

/** Encrypts a valid 身份证号 and derives what may be stored in clear (birth date, gender). */
export function protectIdCard(raw: string): ProtectedIdCard {
  const id = raw.trim().toUpperCase();
  return {
    idCardEnc: encrypt(id),
    idCardHash: searchHash(id),
    idCardMasked: maskIdCard(id),
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? '男' : '女',
  };
}

export function protectPhone(raw: string): { phoneEnc: string; phoneHash: string; phoneMasked: string } {
  const p = raw.trim();
  return { phoneEnc: encrypt(p), phoneHash: searchHash(p), phoneMasked: maskPhone(p) };
}

/** Throws BAD_ID_CARD naming the problem, or returns the protected columns. */
export function checkedIdCard(raw: string, now: Date, field = 'idCard'): ProtectedIdCard {
  const problem = validateIdCard(raw, now);
  if (problem) throw new AppError('BAD_ID_CARD', { field, message: ID_CARD_PROBLEM_TEXT[problem] });
  return protectIdCard(raw);
}

export function checkedPhone(raw: string, field = 'phone') {
  if (!PHONE_RE.test(raw.trim())) throw new AppError('BAD_PHONE', { field });
  return protectPhone(raw);
}

export async function areaNames(db: Db, codes: Iterable<string>): Promise<Map<string, string>> {
  const list = [...new Set(codes)];
  if (list.length === 0) return new Map();
  const rows = await db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.code, list));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Grid or micro-grid codes (15 or 18 digits) that exist and are in use. */
export async function existingGrids(db: Db, codes: Iterable<string>): Promise<Set<string>> {
  const list = [...new Set(codes)].filter((c) => /^\d{15}(\d{3})?$/.test(c));
  if (list.length === 0) return new Set();
  const rows = await db.select({ code: areas.code, status: areas.status }).from(areas).where(inArray(areas.code, list));
  return new Set(rows.filter((r) => r.status === 'active').map((r) => r.code));
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
