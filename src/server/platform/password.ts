import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the enum is a const enum that isolated modules cannot read
const ARGON2ID = 2;

/** 等保2.0: at least 8 characters from at least 3 of: upper, lower, digit, symbol. */
export function passwordProblems(pw: string): boolean {
  if (pw.length < 8 || pw.length > 128) return true;
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  return classes < 3;
}

export function hashPassword(pw: string): Promise<string> {
  return hash(pw, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(stored: string, pw: string): Promise<boolean> {
  try {
    return await verify(stored, pw);
  } catch {
    return false;
  }
}
