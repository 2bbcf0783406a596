/**
 * HMAC-SHA256 signatures of pushed bodies, shared by the 12345 link and the case-event webhooks:
 * the signature is hex HMAC-SHA256(secret, "<unix seconds>.<raw body>"), sent as `sha256=<hex>` beside the timestamp.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** a signature older or newer than this is refused (replays, skewed clocks) */
export const MAX_SIGNATURE_SKEW_MS = 5 * 60_000;

/** hex HMAC-SHA256 of "<timestamp>.<raw body>" */
export function sign(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** The two headers of a signed push at `now`: timestamp (seconds) and `sha256=<hex>`. */
export function signedHeaders(secret: string, rawBody: string, now: Date): { timestamp: string; signature: string } {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { timestamp, signature: `sha256=${sign(secret, timestamp, rawBody)}` };
}

export function verifySignature(secret: string | null, timestamp: string | undefined, signature: string | undefined, rawBody: string, now: Date): boolean {
  if (!secret || !timestamp || !signature) return false;
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(now.getTime() - ts * 1000) > MAX_SIGNATURE_SKEW_MS) return false;
  const expected = Buffer.from(sign(secret, timestamp, rawBody), 'hex');
  const given = Buffer.from(signature.replace(/^sha256=/, ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
