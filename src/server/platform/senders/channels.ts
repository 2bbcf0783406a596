/**
 * Settings of the external channels (webhook, SMS gateway, WeChat template messages): one row per channel in
 * `notify_channels`, edited by an administrator. Secret fields are stored AES-GCM encrypted and shown masked.
 */
import { eq } from 'drizzle-orm';
import { decrypt, encrypt } from '../crypto';
import type { Db } from '../db/client';
import { notifyChannels } from '../db/schema';

export type BuiltInChannel = 'webhook' | 'sms' | 'wechat';
export const BUILT_IN_CHANNELS: readonly BuiltInChannel[] = ['webhook', 'sms', 'wechat'];

export type ChannelField = {
  key: string;
  label: string;
  secret?: boolean;
  required?: boolean;
  multiline?: boolean;
  options?: string[];
  default?: string;
  help?: string;
};

export type ChannelSpec = {
  label: string;
  /** personal channels address each recipient user (a phone, an openid); the webhook gets every notice once */
  personal: boolean;
  fields: ChannelField[];
};

export const DEFAULT_SMS_BODY = '{"phone":"{phone}","content":"{text}"}';
export const DEFAULT_WECHAT_DATA = '{"first":{"value":"{title}"},"keyword1":{"value":"{body}"},"keyword2":{"value":"{time}"},"remark":{"value":"请登录枫桥平台查看办理"}}';

export const CHANNEL_SPECS: Record<BuiltInChannel, ChannelSpec> = {
  webhook: {
    label: 'Webhook 推送',
    personal: false,
    fields: [
      { key: 'url', label: '接收地址', required: true, help: 'HTTP POST JSON；请求头 x-fengqiao-signature 为 sha256=HMAC-SHA256(密钥, 时间戳 + "." + 请求体)' },
      { key: 'secret', label: '签名密钥', secret: true, required: true },
    ],
  },
  sms: {
    label: '短信网关',
    personal: true,
    fields: [
      { key: 'url', label: '网关地址', required: true, help: '可含占位符 {phone} {text} {apiKey}(GET 时放在地址中)' },
      { key: 'method', label: '请求方式', options: ['POST', 'GET'], default: 'POST' },
      { key: 'contentType', label: '请求体格式', options: ['json', 'form'], default: 'json' },
      { key: 'bodyTemplate', label: '请求体模板', multiline: true, default: DEFAULT_SMS_BODY, help: '占位符 {phone} 手机号、{text} 短信内容、{apiKey} 密钥' },
      { key: 'authHeader', label: '认证请求头', help: '如 Authorization: Bearer {apiKey}，可留空' },
      { key: 'signName', label: '短信签名', default: '枫桥' },
      { key: 'apiKey', label: '接口密钥', secret: true },
    ],
  },
  wechat: {
    label: '微信模板消息',
    personal: true,
    fields: [
      { key: 'appId', label: '公众号 AppID', required: true },
      { key: 'appSecret', label: '公众号 AppSecret', secret: true, required: true },
      { key: 'templateId', label: '模板ID', required: true },
      {
        key: 'tokenUrl',
        label: '获取 access_token 地址',
        default: 'https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid={appId}&secret={appSecret}',
      },
      { key: 'sendUrl', label: '发送模板消息地址', default: 'https://api.weixin.qq.com/cgi-bin/message/template/send?access_token={token}' },
      { key: 'dataTemplate', label: '模板数据(JSON)', multiline: true, default: DEFAULT_WECHAT_DATA, help: '占位符 {title} {body} {time} {link}' },
      { key: 'linkBase', label: '消息跳转网址前缀', help: '如 https://fq.example.gov.cn，留空则不跳转' },
    ],
  },
};

export type ChannelSettings = {
  channel: BuiltInChannel;
  enabled: boolean;
  /** every field, secrets decrypted, defaults filled */
  values: Record<string, string>;
  kinds: string[] | null;
  maxAttempts: number;
  version: number;
};

function decryptSecrets(enc: string | null): Record<string, string> {
  if (!enc) return {};
  try {
    return JSON.parse(decrypt(enc)) as Record<string, string>;
  } catch {
    return {};
  }
}

export async function loadChannel(db: Db, channel: BuiltInChannel): Promise<ChannelSettings> {
  const [row] = await db.select().from(notifyChannels).where(eq(notifyChannels.channel, channel)).limit(1);
  const secrets = decryptSecrets(row?.secretsEnc ?? null);
  const values: Record<string, string> = {};
  for (const f of CHANNEL_SPECS[channel].fields) {
    const v = f.secret ? secrets[f.key] : (row?.config?.[f.key] as string | undefined);
    values[f.key] = v ?? f.default ?? '';
  }
  return { channel, enabled: row?.enabled ?? false, values, kinds: row?.kinds ?? null, maxAttempts: row?.maxAttempts ?? 6, version: row?.version ?? 0 };
}

/** `****cdef` for a secret of 8+ characters, `已设置` for shorter ones, '' when unset. */
export function maskSecret(v: string): string {
  if (!v) return '';
  return v.length >= 8 ? `****${v.slice(-4)}` : '已设置';
}

export function splitValues(channel: BuiltInChannel, values: Record<string, string>): { config: Record<string, string>; secretsEnc: string | null } {
  const config: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const f of CHANNEL_SPECS[channel].fields) {
    const v = values[f.key] ?? '';
    if (f.secret) {
      if (v) secrets[f.key] = v;
    } else config[f.key] = v;
  }
  return { config, secretsEnc: Object.keys(secrets).length ? encrypt(JSON.stringify(secrets)) : null };
}

/** Whether a channel carries notices of `kind`: all when kinds is null; `case.*` matches every case.… kind. */
export function carries(kinds: string[] | null, kind: string): boolean {
  if (!kinds) return true;
  return kinds.some((k) => k === kind || (k.endsWith('.*') && kind.startsWith(k.slice(0, -1))));
}

/** Fills `{name}` placeholders; `encode` escapes each value for where it lands (JSON string, URL, form). */
export function fillTemplate(template: string, vars: Record<string, string>, encode: (v: string) => string = (v) => v): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? encode(vars[name]) : whole));
}

export const jsonEscape = (v: string) => JSON.stringify(v).slice(1, -1);
