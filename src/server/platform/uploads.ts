/**
 * Stored files (case attachments, visit photos): checked by size and magic bytes, kept once under their SHA-256 in
 * the data folder's uploads/ (shared by the instances of a city deployment, see docs/deploy.md).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from './context';
import { AppError } from './errors';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export type UploadMime = 'image/jpeg' | 'image/png' | 'application/pdf';

export function detectMime(buf: Buffer): UploadMime | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

export function uploadsDir(ctx: AppContext): string {
  return path.join(ctx.config.dataDir, 'uploads');
}

export type StoredFile = { sha256: string; mime: UploadMime; size: number };

/**
 * Decodes, checks and stores a file: the declared type must be what the bytes are and one of `allowed`
 * (`typeError` names the error code when it is not). Writes nothing to the database.
 */
export function storeCheckedFile(
  ctx: AppContext,
  body: { mime: string; dataBase64: string },
  allowed: readonly UploadMime[],
  typeError: 'ATTACHMENT_TYPE' | 'VISIT_PHOTO_TYPE' = 'ATTACHMENT_TYPE',
): StoredFile {
  if (body.dataBase64.length > Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 8) throw new AppError('ATTACHMENT_TOO_LARGE');
  const buf = Buffer.from(body.dataBase64, 'base64');
  if (buf.length === 0) throw new AppError('VALIDATION_FAILED', { field: 'dataBase64' });
  if (buf.length > MAX_UPLOAD_BYTES) throw new AppError('ATTACHMENT_TOO_LARGE');
  const detected = detectMime(buf);
  if (!detected || detected !== body.mime || !allowed.includes(detected)) throw new AppError(typeError, { field: 'mime' });
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const dir = uploadsDir(ctx);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, sha256);
  if (!fs.existsSync(file)) fs.writeFileSync(file, buf);
  return { sha256, mime: detected, size: buf.length };
}

/** A stored file's bytes and type, or null when it is not there. */
export function readStoredFile(ctx: AppContext, sha256: string): { data: Buffer; mime: UploadMime | null } | null {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  const file = path.join(uploadsDir(ctx), sha256);
  if (!fs.existsSync(file)) return null;
  const data = fs.readFileSync(file);
  return { data, mime: detectMime(data) };
}

export function storedFileExists(ctx: AppContext, sha256: string): boolean {
  return /^[0-9a-f]{64}$/.test(sha256) && fs.existsSync(path.join(uploadsDir(ctx), sha256));
}
