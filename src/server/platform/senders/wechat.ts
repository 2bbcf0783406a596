/**
 * WeChat template-message channel (公众号模板消息, HTTP API form): an access token from the configured token
 * endpoint, cached until shortly before it expires, then one POST per message to the recipient's openid.
 */
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import { notifyPreferences } from '../db/schema';
import { DeliveryError, type OutboxRow, type Sender, sendHttp } from '../outbox';
import { fillTemplate, jsonEscape, loadChannel } from './channels';

const tokens = new Map<string, { token: string; expiresAt: number }>();

/** Tests and a settings change drop cached tokens. */
export function clearWechatTokens(): void {
  tokens.clear();
}

async function json(res: Response): Promise<Record<string, unknown>> {
  try {
    return (await res.json()) as Record<string, unknown>;
  } catch {
    throw new DeliveryError('微信接口返回的内容无法解析');
  }
}

async function accessToken(values: Record<string, string>, now: number): Promise<string> {
  const key = `${values.tokenUrl}|${values.appId}`;
  const cached = tokens.get(key);
  if (cached && cached.expiresAt > now) return cached.token;
  const url = fillTemplate(values.tokenUrl, { appId: values.appId, appSecret: values.appSecret }, encodeURIComponent);
  const body = await json(await sendHttp(url, { method: 'GET' }));
  if (typeof body.access_token !== 'string') throw new DeliveryError(`微信获取access_token失败(错误码 ${String(body.errcode ?? '未知')})`);
  const ttl = Number(body.expires_in ?? 7200);
  tokens.set(key, { token: body.access_token, expiresAt: now + Math.max(60, ttl - 300) * 1000 });
  return body.access_token;
}

function chinaTime(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export const wechatSender: Sender = {
  label: '微信模板消息',
  async send(ctx: AppContext, m: OutboxRow) {
    const s = await loadChannel(ctx.db, 'wechat');
    if (!s.enabled) throw new DeliveryError('微信渠道已停用', true);
    if (!s.values.appId || !s.values.appSecret || !s.values.templateId) throw new DeliveryError('微信渠道未配置完整', true);
    const userId = Number(m.recipient.replace(/^user:/, ''));
    const [pref] = await ctx.db.select({ openId: notifyPreferences.wechatOpenId }).from(notifyPreferences).where(eq(notifyPreferences.userId, userId)).limit(1);
    if (!pref?.openId) throw new DeliveryError('收件人未绑定微信', true);
    const link = typeof m.payload.link === 'string' && s.values.linkBase ? `${s.values.linkBase.replace(/\/$/, '')}${m.payload.link}` : '';
    const vars = { title: String(m.payload.title ?? ''), body: String(m.payload.body ?? m.payload.title ?? ''), time: chinaTime(m.createdAt), link };
    let data: unknown;
    try {
      data = JSON.parse(fillTemplate(s.values.dataTemplate, vars, jsonEscape));
    } catch {
      throw new DeliveryError('微信模板数据不是有效的JSON', true);
    }
    const token = await accessToken(s.values, ctx.clock().getTime());
    const url = fillTemplate(s.values.sendUrl, { token }, encodeURIComponent);
    const res = await sendHttp(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ touser: pref.openId, template_id: s.values.templateId, ...(link ? { url: link } : {}), data }),
    });
    const out = await json(res);
    const code = Number(out.errcode ?? 0);
    if (code === 40001 || code === 42001 || code === 40014) tokens.clear();
    if (code !== 0) throw new DeliveryError(`微信接口返回错误码 ${code}`, code === 43004 /* not following the account */);
  },
};
