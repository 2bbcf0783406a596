/**
 * 消息通知: the delivery log of external channels (admin and centre staff, with 重发), the channel settings
 * (administrators; secrets shown masked, left blank to keep) and each user's own 接收设置 (phone, WeChat, channels).
 */
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, type Page } from '../../../app/api';
import { hasRole, useMe } from '../../../app/auth';
import { AreaName } from '../../../ui/area-names';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';

type Delivery = {
  id: number;
  channel: string;
  channelLabel: string;
  recipient: string;
  template: string;
  title: string | null;
  areaCode: string | null;
  state: string;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
};
type Field = { key: string; label: string; secret: boolean; required: boolean; multiline: boolean; options: string[] | null; help: string | null; value: string };
type Channel = { channel: string; label: string; personal: boolean; enabled: boolean; kinds: string[] | null; maxAttempts: number; version: number; fields: Field[] };
type Prefs = { phone: string | null; wechatBound: boolean; channels: { channel: string; label: string; available: boolean; wanted: boolean }[] };

const STATE: Record<string, { text: string; color: string }> = {
  pending: { text: '待发送', color: 'blue' },
  sending: { text: '发送中', color: 'processing' },
  sent: { text: '已送达', color: 'green' },
  failed: { text: '失败待重试', color: 'orange' },
  dead: { text: '已放弃', color: 'red' },
};
const CHANNELS = [
  { value: 'webhook', label: 'Webhook 推送' },
  { value: 'sms', label: '短信' },
  { value: 'wechat', label: '微信模板消息' },
];
const fmt = (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm:ss') : '—');

function Deliveries() {
  const { message } = App.useApp();
  const [q, setQ] = useState<{ state?: string; channel?: string; page: number }>({ page: 1 });
  const [busy, setBusy] = useState<number | null>(null);
  const { data, loading, reload } = useLoad(
    () => api.get<Page<Delivery> & { counts: Record<string, number> }>('/api/notifications/deliveries', { ...q, pageSize: 20 }),
    [q],
  );
  const retry = async (d: Delivery) => {
    setBusy(d.id);
    try {
      await api.post(`/api/notifications/deliveries/${d.id}/retry`);
      message.success('已重新排队，下一次定时发送时送出');
      reload();
    } catch (e) {
      showApiError(e, message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="发送状态"
          style={{ width: 160 }}
          value={q.state}
          onChange={(state) => setQ({ ...q, state, page: 1 })}
          options={Object.entries(STATE).map(([value, s]) => ({ value, label: `${s.text}${data ? `(${data.counts[value] ?? 0})` : ''}` }))}
          data-testid="delivery-state"
        />
        <Select allowClear placeholder="渠道" style={{ width: 160 }} value={q.channel} onChange={(channel) => setQ({ ...q, channel, page: 1 })} options={CHANNELS} />
        <Button onClick={reload}>刷新</Button>
      </Space>
      <Table<Delivery>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        data-testid="deliveries"
        pagination={{ current: q.page, total: data?.total ?? 0, pageSize: 20, showSizeChanger: false, onChange: (page) => setQ({ ...q, page }) }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', width: 130, render: fmt },
          { title: '渠道', dataIndex: 'channelLabel', width: 120 },
          { title: '消息', dataIndex: 'title', render: (t: string | null, d) => t ?? d.template },
          { title: '区域', dataIndex: 'areaCode', width: 160, render: (c: string | null) => (c ? <AreaName code={c} /> : '—') },
          { title: '状态', dataIndex: 'state', width: 110, render: (s: string) => <Tag color={STATE[s]?.color}>{STATE[s]?.text ?? s}</Tag> },
          { title: '尝试', width: 70, render: (_: unknown, d) => `${d.attempts}/${d.maxAttempts}` },
          {
            title: '说明',
            width: 260,
            render: (_: unknown, d) =>
              d.state === 'sent' ? (
                <Typography.Text type="secondary">送达于 {fmt(d.sentAt)}</Typography.Text>
              ) : (
                <span>
                  {d.lastError && <Typography.Text type="danger">{d.lastError}</Typography.Text>}
                  {d.state === 'failed' && <Typography.Text type="secondary">{` · ${fmt(d.nextAttemptAt)} 重试`}</Typography.Text>}
                </span>
              ),
          },
          {
            title: '操作',
            width: 80,
            render: (_: unknown, d) =>
              d.state === 'failed' || d.state === 'dead' ? (
                <Button size="small" loading={busy === d.id} onClick={() => retry(d)}>
                  重发
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}

function ChannelForm({ c, onSaved }: { c: Channel; onSaved: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const save = async (v: { enabled: boolean; maxAttempts: number; kinds?: string; values: Record<string, string> }) => {
    setBusy(true);
    try {
      const values: Record<string, string | null> = {};
      for (const f of c.fields) {
        const given = v.values?.[f.key] ?? '';
        // a blank secret keeps the stored one
        values[f.key] = f.secret && !given ? null : given;
      }
      const kinds = v.kinds?.trim() ? v.kinds.split(/[\s,，]+/).filter(Boolean) : null;
      await api.put(`/api/notifications/channels/${c.channel}`, { enabled: v.enabled, maxAttempts: v.maxAttempts, kinds, values, version: c.version });
      message.success(`${c.label}设置已保存`);
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={c.label} style={{ marginBottom: 16 }} data-testid={`channel-${c.channel}`} extra={c.enabled ? <Tag color="green">已启用</Tag> : <Tag>未启用</Tag>}>
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 760 }}
        onFinish={save}
        initialValues={{
          enabled: c.enabled,
          maxAttempts: c.maxAttempts,
          kinds: (c.kinds ?? []).join(' '),
          values: Object.fromEntries(c.fields.map((f) => [f.key, f.secret ? '' : f.value])),
        }}
      >
        <Space size="large">
          <Form.Item name="enabled" label="启用" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="maxAttempts" label="最多尝试次数">
            <InputNumber min={1} max={20} />
          </Form.Item>
        </Space>
        {c.fields.map((f) => (
          <Form.Item
            key={f.key}
            name={['values', f.key]}
            label={f.secret && f.value ? `${f.label}(已设置 ${f.value}，留空不修改)` : f.label}
            extra={f.help}
            required={f.required}
          >
            {f.options ? (
              <Select options={f.options.map((o) => ({ value: o, label: o }))} style={{ width: 200 }} />
            ) : f.secret ? (
              <Input.Password autoComplete="new-password" placeholder={f.value ? '留空表示不修改' : ''} />
            ) : f.multiline ? (
              <Input.TextArea rows={3} style={{ fontFamily: 'monospace' }} />
            ) : (
              <Input />
            )}
          </Form.Item>
        ))}
        <Form.Item name="kinds" label="只发送这些类别(留空表示全部)" extra="以空格分隔，如 case.* risk_warning hotline.received">
          <Input placeholder="全部消息" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          保存
        </Button>
      </Form>
    </Card>
  );
}

function Channels() {
  const { data, reload } = useLoad(() => api.get<{ items: Channel[] }>('/api/notifications/channels'), []);
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16, maxWidth: 760 }}
        title="站内消息始终发送；启用的外部渠道在事件派遣、督办、预警等消息产生时排队，由定时任务发送，失败按 1、2、4、8… 分钟重试。"
        description="密钥加密保存，只显示末4位。短信与微信仅发给已登记手机号或绑定微信、且未关闭该渠道的用户。"
      />
      {data?.items.map((c) => (
        <ChannelForm key={`${c.channel}-${c.version}`} c={c} onSaved={reload} />
      ))}
    </>
  );
}

function MyPreferences() {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { data, reload } = useLoad(() => api.get<Prefs>('/api/notifications/preferences'), []);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (data) form.setFieldsValue({ phone: '', wechatOpenId: '', channels: data.channels.filter((c) => c.wanted).map((c) => c.channel) });
  }, [data, form]);
  const save = async (v: { phone?: string; wechatOpenId?: string; channels: string[] }) => {
    setBusy(true);
    try {
      await api.put('/api/notifications/preferences', {
        ...(v.phone ? { phone: v.phone.trim() } : {}),
        ...(v.wechatOpenId ? { wechatOpenId: v.wechatOpenId.trim() } : {}),
        channels: Object.fromEntries((data?.channels ?? []).map((c) => [c.channel, v.channels.includes(c.channel)])),
      });
      message.success('接收设置已保存');
      reload();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 520 }} onFinish={save} data-testid="my-preferences">
      <Form.Item name="phone" label={data?.phone ? `接收短信的手机号(当前 ${data.phone})` : '接收短信的手机号'} extra="加密保存，只用于发送本平台的通知">
        <Input placeholder={data?.phone ? '留空表示不修改' : '11位手机号'} maxLength={11} />
      </Form.Item>
      <Form.Item name="wechatOpenId" label={data?.wechatBound ? '微信 openid(已绑定，留空不修改)' : '微信 openid'}>
        <Input placeholder="关注公众号后由管理员提供" />
      </Form.Item>
      <Form.Item name="channels" label="除站内消息外，还通过以下渠道接收">
        <Checkbox.Group options={(data?.channels ?? []).map((c) => ({ value: c.channel, label: `${c.label}${c.available ? '' : '(未启用)'}`, disabled: !c.available }))} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        保存
      </Button>
    </Form>
  );
}

export function NotificationsPage() {
  const me = useMe();
  const staff = hasRole(me, 'admin', 'center_staff');
  const admin = hasRole(me, 'admin');
  const items = [
    ...(staff ? [{ key: 'deliveries', label: '发送记录', children: <Deliveries /> }] : []),
    ...(admin ? [{ key: 'channels', label: '通知渠道', children: <Channels /> }] : []),
    { key: 'mine', label: '我的接收设置', children: <MyPreferences /> },
  ];
  return (
    <Card title="消息通知">
      <Tabs items={items} />
    </Card>
  );
}
