/** The built-in senders; a module with its own channel calls registerSender from its routes file. */
import { registerSender } from '../outbox';
import { smsSender } from './sms';
import { webhookSender } from './webhook';
import { wechatSender } from './wechat';

export function registerBuiltInSenders(): void {
  registerSender('webhook', webhookSender);
  registerSender('sms', smsSender);
  registerSender('wechat', wechatSender);
}
