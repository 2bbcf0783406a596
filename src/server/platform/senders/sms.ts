/**
 * SMS-gateway channel: a generic HTTP template (URL, method, body with {phone} {text} {apiKey}) fits most
 * county gateways. The phone is decrypted only here, at send time, and never stored in the outbox, an error
 * or a log line.
 */
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import { decrypt } from '../crypto';
import { notifyPreferences } from '../db/schema';
import { DeliveryError, type OutboxRow, type Sender, sendHttp } from '../outbox';
import { fillTemplate, jsonEscape, loadChannel } from './channels';

export type SmsRequest = { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body: string | undefined };

/** Builds the gateway request; each value is escaped for where it lands (URL, JSON string or form field). */
export function renderSmsRequest(values: Record<string, string>, vars: { phone: string; text: string }): SmsRequest {
  const all = { ...vars, apiKey: values.apiKey ?? '' };
  const method = values.method === 'GET' ? 'GET' : 'POST';
  const url = fillTemplate(values.url ?? '', all, encodeURIComponent);
  const headers: Record<string, string> = {};
  const auth = values.authHeader?.trim();
  if (auth) {
    const i = auth.indexOf(':');
    if (i > 0) headers[auth.slice(0, i).trim().toLowerCase()] = fillTemplate(auth.slice(i + 1).trim(), all);
  }
  if (method === 'GET') return { url, method, headers, body: undefined };
  const form = values.contentType === 'form';
  headers['content-type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
  const body = fillTemplate(values.bodyTemplate ?? '', all, form ? encodeURIComponent : jsonEscape);
  return { url, method, headers, body };
}

/** 【签名】title：body, kept to two SMS segments. */
export function smsText(signName: string, payload: Record<string, unknown>): string {
  const title = String(payload.title ?? '');
  const body = payload.body ? `：${String(payload.body)}` : '';
  const text = `【${signName || '枫桥'}】${title}${body}`;
  return text.length > 134 ? `${text.slice(0, 133)}…` : text;
}

export const smsSender: Sender = {
  label: '短信',
  async send(ctx: AppContext, m: OutboxRow) {
    const s = await loadChannel(ctx.db, 'sms');
    if (!s.enabled) throw new DeliveryError('短信渠道已停用', true);
    if (!s.values.url) throw new DeliveryError('短信渠道未配置网关地址', true);
    const userId = Number(m.recipient.replace(/^user:/, ''));
    const [pref] = await ctx.db.select({ phoneEnc: notifyPreferences.phoneEnc }).from(notifyPreferences).where(eq(notifyPreferences.userId, userId)).limit(1);
    if (!pref?.phoneEnc) throw new DeliveryError('收件人未登记手机号', true);
    let phone: string;
    try {
      phone = decrypt(pref.phoneEnc);
    } catch {
      throw new DeliveryError('收件人手机号无法解密', true);
    }
    const req = renderSmsRequest(s.values, { phone, text: smsText(s.values.signName, m.payload) });
    await sendHttp(req.url, { method: req.method, headers: req.headers, body: req.body });
  },
};
