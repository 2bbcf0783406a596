/** 系统管理 → 接口与密钥: API keys of the systems that connect to 枫桥 (Open311 clients, 12345 bridges …). */
import { KeyOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { API_KEY_SCOPE_LABEL, API_KEY_SCOPES, type ApiKeyView } from '../../../../contracts/integrations';
import { api, type Page } from '../../../app/api';
import { AreaPicker } from '../../../ui/area-picker';
import { showApiError } from '../../../ui/form-errors';

type FormValues = { name: string; areas: string[]; scopes: string[] };
type Created = ApiKeyView & { key: string };

const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

function CreateKeyModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (k: Created) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: FormValues) => {
    setBusy(true);
    try {
      const created = await api.post<Created>('/api/integrations/api-keys', { name: v.name.trim(), areaCode: v.areas[0], scopes: v.scopes });
      onCreated(created);
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="新建API密钥" open={open} onCancel={onClose} onOk={() => form.submit()} okText="生成密钥" confirmLoading={busy} destroyOnHidden>
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} initialValues={{ areas: [], scopes: ['open311:read', 'open311:write'] }}>
        <Form.Item label="对接系统名称" name="name" rules={[{ required: true, whitespace: true, min: 2, max: 50, message: '请填写对接系统名称(2-50个字)' }]}>
          <Input placeholder="如 县12345热线平台、城市服务App" />
        </Form.Item>
        <Form.Item
          label="绑定区域"
          name="areas"
          extra="该系统只能在此区域内提交和查询事件，如同该区域综治中心的工作人员"
          rules={[{ required: true, type: 'array', min: 1, max: 1, message: '请选择一个区域' }]}
        >
          <AreaPicker placeholder="输入区划或网格名称" />
        </Form.Item>
        <Form.Item label="权限" name="scopes" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一项权限' }]}>
          <Checkbox.Group options={API_KEY_SCOPES.map((s) => ({ value: s, label: `${API_KEY_SCOPE_LABEL[s]} (${s})` }))} style={{ display: 'grid', gap: 8 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ShowKeyOnce({ created, onClose }: { created: Created | null; onClose: () => void }) {
  return (
    <Modal title="API密钥已生成" open={!!created} onCancel={onClose} onOk={onClose} okText="我已妥善保存" cancelButtonProps={{ style: { display: 'none' } }} destroyOnHidden>
      {created && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon message="密钥只显示这一次" description="平台只保存密钥的摘要，无法再次查看。请复制后交给对接系统的管理员；遗失时停用此密钥并重新生成。" />
          <Typography.Text>对接系统：{created.name}</Typography.Text>
          <Typography.Paragraph copyable={{ text: created.key }} code style={{ wordBreak: 'break-all' }} data-testid="api-key-value">
            {created.key}
          </Typography.Paragraph>
          <Typography.Text type="secondary">调用时放在请求头 Authorization: Bearer 密钥，或 X-Api-Key；Open311 提交时也可作为 api_key 参数。</Typography.Text>
        </Space>
      )}
    </Modal>
  );
}

export function IntegrationsPage() {
  const { message } = App.useApp();
  const [data, setData] = useState<Page<ApiKeyView>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await api.get<Page<ApiKeyView>>('/api/integrations/api-keys'));
    } catch (e) {
      showApiError(e, message);
    } finally {
      setLoading(false);
    }
  }, [message]);

  useEffect(() => {
    load();
  }, [load]);

  const revoke = async (k: ApiKeyView) => {
    try {
      await api.post(`/api/integrations/api-keys/${k.id}/revoke`);
      message.success(`已停用 ${k.name} 的密钥`);
      load();
    } catch (e) {
      showApiError(e, message);
    }
  };

  const columns: TableColumnsType<ApiKeyView> = [
    { title: '对接系统', dataIndex: 'name', width: 180 },
    { title: '密钥', dataIndex: 'prefix', width: 130, render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
    { title: '绑定区域', dataIndex: 'areaName', width: 150, render: (n: string | null, k) => <span title={k.areaCode}>{n ?? k.areaCode}</span> },
    {
      title: '权限',
      dataIndex: 'scopes',
      render: (scopes: string[]) => (
        <Space size={4} wrap>
          {scopes.map((s) => (
            <Tag key={s} color="blue">
              {API_KEY_SCOPE_LABEL[s as keyof typeof API_KEY_SCOPE_LABEL] ?? s}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: '事件订阅', dataIndex: 'subscriptions', width: 90, align: 'right' },
    { title: '创建时间', dataIndex: 'createdAt', width: 150, render: time },
    { title: '最近使用', dataIndex: 'lastUsedAt', width: 150, render: time },
    { title: '状态', key: 'state', width: 90, render: (_, k) => (k.revokedAt ? <Tag>已停用</Tag> : <Tag color="green">正常</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm title={`停用 ${k.name} 的密钥？`} description="立即生效，该系统的事件订阅随之停止" okText="停用" okButtonProps={{ danger: true }} onConfirm={() => revoke(k)}>
            <Button type="link" danger size="small">
              停用
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title={
        <Space>
          <KeyOutlined />
          接口与密钥
        </Space>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={load}>
            刷新
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建密钥
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        其他系统(12345平台、Open311 客户端、视频平台等)凭API密钥接入：Open311 GeoReport v2 接口在 <Typography.Text code>/open311/v2/</Typography.Text>
        ，全部接口说明见 <a href="/api/docs">/api/docs</a>。每个密钥绑定一个区域和若干权限，只能在该区域内工作。
      </Typography.Paragraph>
      <Table<ApiKeyView> rowKey="id" size="middle" loading={loading} columns={columns} dataSource={data.items} pagination={false} />
      <CreateKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(k) => {
          setCreating(false);
          setCreated(k);
          load();
        }}
      />
      <ShowKeyOnce created={created} onClose={() => setCreated(null)} />
    </Card>
  );
}
