/**
 * Personal data at rest (DESIGN §13): AES-256-GCM for 身份证号 and phone numbers, a keyed hash (HMAC-SHA256)
 * for exact search. The key comes from FENGQIAO_KEY (64 hex chars) or a key file created on first run next
 * to the data, never from the database.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

let cachedKey: Buffer | null = null;

export function loadKey(keyFile: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (cachedKey) return cachedKey;
  const fromEnv = env.FENGQIAO_KEY?.trim();
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('FENGQIAO_KEY must be 64 hex characters (32 bytes)');
    cachedKey = Buffer.from(fromEnv, 'hex');
    return cachedKey;
  }
  if (fs.existsSync(keyFile)) {
    cachedKey = Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'hex');
  } else {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    cachedKey = randomBytes(32);
    fs.writeFileSync(keyFile, cachedKey.toString('hex'), { mode: 0o600 });
  }
  return cachedKey;
}

/** Tests and tools that run without a key file use a fixed key derived per process. */
export function setKeyForTests(key: Buffer): void {
  cachedKey = key;
}

function key(): Buffer {
  if (!cachedKey) throw new Error('encryption key not loaded: call loadKey() at start-up');
  return cachedKey;
}

/** "v1:<iv>:<tag>:<ciphertext>" in base64url. */
export function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
}

export function decrypt(stored: string): string {
  const [v, iv, tag, body] = stored.split(':');
  if (v !== 'v1') throw new Error('unknown ciphertext version');
  const d = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}

/** Keyed hash for exact-match search; normalised so 'x' and 'X' in an ID number match. */
export function searchHash(value: string): string {
  return createHmac('sha256', key()).update(value.trim().toUpperCase()).digest('hex');
}
