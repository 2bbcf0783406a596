/** Webhook channel: every notice POSTed as JSON to one configured URL, signed like the 12345 link. */
import { createHmac } from 'node:crypto';
import type { AppContext } from '../context';
import { DeliveryError, type OutboxRow, type Sender, sendHttp } from '../outbox';
import { loadChannel } from './channels';

export const WEBHOOK_SIGNATURE_HEADER = 'x-fengqiao-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-fengqiao-timestamp';
/** the outbox row's dedupe key: a receiver that sees it twice (after a manual re-send) may drop the repeat */
export const WEBHOOK_DELIVERY_HEADER = 'x-fengqiao-delivery';

/** hex HMAC-SHA256 of "<timestamp>.<raw body>" */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** POSTs `body` signed with `secret`; other modules (webhook subscriptions) reuse it from their own sender. */
export async function postSigned(url: string, secret: string, body: string, deliveryId: string, now: Date): Promise<void> {
  const ts = String(Math.floor(now.getTime() / 1000));
  await sendHttp(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [WEBHOOK_TIMESTAMP_HEADER]: ts,
      [WEBHOOK_SIGNATURE_HEADER]: `sha256=${signWebhook(secret, ts, body)}`,
      [WEBHOOK_DELIVERY_HEADER]: deliveryId,
    },
    body,
  });
}

export const webhookSender: Sender = {
  label: 'Webhook 推送',
  async send(ctx: AppContext, m: OutboxRow) {
    const s = await loadChannel(ctx.db, 'webhook');
    if (!s.enabled) throw new DeliveryError('Webhook 渠道已停用', true);
    if (!s.values.url || !s.values.secret) throw new DeliveryError('Webhook 渠道未配置接收地址或密钥', true);
    const body = JSON.stringify({ id: m.dedupeKey, kind: m.template, createdAt: m.createdAt.toISOString(), ...m.payload });
    await postSigned(s.values.url, s.values.secret, body, m.dedupeKey, ctx.clock());
  },
};
