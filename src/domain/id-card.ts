/** 公民身份号码 (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdCardProblem = 'format' | 'birthDate' | 'checkDigit';

export function idCardCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function validateIdCard(raw: string, today: Date = new Date()): IdCardProblem | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    birth.getUTCFullYear() !== y ||
    birth.getUTCMonth() !== m - 1 ||
    birth.getUTCDate() !== d ||
    birth.getTime() > today.getTime()
  ) {
    return 'birthDate';
  }
  if (idCardCheckDigit(id.slice(0, 17)) !== id[17]) return 'checkDigit';
  return null;
}

/** 620523********1234: area kept, birth date and sequence hidden, last four shown. */
export function maskIdCard(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** Builds a valid number from an area code, a birth date (YYYYMMDD) and a sequence; for demo data and tests. */
export function makeIdCard(area6: string, birth: string, seq: number): string {
  const first17 = area6 + birth + String(seq % 1000).padStart(3, '0');
  return first17 + idCardCheckDigit(first17);
}
