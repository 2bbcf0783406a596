/** 政策法规: knowledge base search and CRUD (法律法规、政策文件、村规民约); 下架 keeps the record. */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { KNOWLEDGE_KIND_LABEL, KNOWLEDGE_KINDS } from '../../../../contracts/participation';
import { api, type Page } from '../../../app/api';
import { hasRole, useMe } from '../../../app/auth';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { apiDelete, fmt, type Knowledge, type KnowledgeDetail } from './shared';

const KIND_OPTIONS = KNOWLEDGE_KINDS.map((k) => ({ value: k, label: KNOWLEDGE_KIND_LABEL[k] }));
const STATUS: Record<string, { label: string; color: string }> = {
  published: { label: '已发布', color: 'green' },
  draft: { label: '草稿', color: 'default' },
  archived: { label: '已下架', color: 'red' },
};

type Values = { kind: string; title: string; summary: string; body: string; source?: string; effectiveDate?: string; status: string; areaCode?: string };

function Editor({ id, creating, onClose, onSaved }: { id: number | null; creating: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const me = useMe();
  const editable = hasRole(me, 'admin', 'center_staff');
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const doc = useLoad(() => (id ? api.get<KnowledgeDetail>(`/api/participation/knowledge/${id}`) : Promise.resolve(undefined)), [id]);
  const d = doc.data;
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const body = { ...v, areaCode: v.areaCode ? v.areaCode : null };
      if (d) await api.patch(`/api/participation/knowledge/${d.id}`, { ...body, version: d.version });
      else await api.post('/api/participation/knowledge', body);
      message.success('已保存');
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  const open = creating || id !== null;
  const ready = creating || d !== undefined;
  return (
    <Drawer
      title={creating ? '新增政策法规' : (d?.title ?? '政策法规')}
      open={open}
      onClose={onClose}
      size={720}
      destroyOnHidden
      extra={
        editable && (
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            保存
          </Button>
        )
      }
    >
      {ready && (
        <Form<Values>
          key={d?.id ?? 'new'}
          form={form}
          layout="vertical"
          disabled={!editable}
          onFinish={submit}
          initialValues={
            d
              ? { kind: d.kind, title: d.title, summary: d.summary, body: d.body, source: d.source ?? undefined, effectiveDate: d.effectiveDate ?? undefined, status: d.status === 'archived' ? 'draft' : d.status, areaCode: d.areaCode ?? undefined }
              : { kind: 'policy', status: 'published', areaCode: me.scopes[0]?.code || undefined }
          }
        >
          <Space wrap>
            <Form.Item label="类别" name="kind">
              <Select style={{ width: 140 }} options={KIND_OPTIONS} />
            </Form.Item>
            <Form.Item label="状态" name="status">
              <Select
                style={{ width: 120 }}
                options={[
                  { value: 'published', label: '发布' },
                  { value: 'draft', label: '草稿' },
                ]}
              />
            </Form.Item>
            <Form.Item label="适用区域编码" name="areaCode" extra="不填为全部区域(仅系统管理员)">
              <Input style={{ width: 200 }} />
            </Form.Item>
          </Space>
          <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }, { max: 200, message: '不超过200字' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="摘要" name="summary" rules={[{ required: true, whitespace: true, message: '请填写摘要' }, { max: 2000, message: '不超过2000字' }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item label="正文" name="body" rules={[{ required: true, whitespace: true, message: '请填写正文' }]}>
            <Input.TextArea rows={12} />
          </Form.Item>
          <Space wrap>
            <Form.Item label="来源/发文机关" name="source">
              <Input style={{ width: 280 }} />
            </Form.Item>
            <Form.Item label="施行日期" name="effectiveDate">
              <Input style={{ width: 160 }} placeholder="YYYY-MM-DD" />
            </Form.Item>
          </Space>
        </Form>
      )}
    </Drawer>
  );
}

export function KnowledgePage() {
  const { message } = App.useApp();
  const me = useMe();
  const editable = hasRole(me, 'admin', 'center_staff');
  const [q, setQ] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useLoad(() => api.get<Page<Knowledge>>('/api/participation/knowledge', { q, kind, status, page, pageSize: 20 }), [q, kind, status, page]);
  const archive = async (k: Knowledge) => {
    try {
      await apiDelete(`/api/participation/knowledge/${k.id}`);
      message.success(`已下架：${k.title}`);
      list.reload();
    } catch (e) {
      showApiError(e, message);
    }
  };
  return (
    <Card
      title="政策法规"
      extra={
        editable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新增
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder="关键词检索，如 调解、低保" style={{ width: 260 }} onSearch={(v) => {
          setPage(1);
          setQ(v.trim() || undefined);
        }} />
        <Select allowClear placeholder="全部类别" style={{ width: 140 }} options={KIND_OPTIONS} onChange={(v) => {
          setPage(1);
          setKind(v);
        }} />
        {editable && (
          <Select
            allowClear
            placeholder="已发布"
            style={{ width: 120 }}
            onChange={(v) => {
              setPage(1);
              setStatus(v);
            }}
            options={Object.entries(STATUS).map(([value, s]) => ({ value, label: s.label }))}
          />
        )}
      </Space>
      <Table<Knowledge>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={[
          {
            title: '标题',
            dataIndex: 'title',
            render: (v: string, k) => (
              <>
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(k.id)}>
                  {v}
                </Button>
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 1 }} style={{ margin: 0 }}>
                  {k.summary}
                </Typography.Paragraph>
              </>
            ),
          },
          { title: '类别', dataIndex: 'kindLabel', width: 100, render: (v: string) => <Tag color="blue">{v}</Tag> },
          { title: '适用范围', dataIndex: 'areaCode', width: 140, render: (v: string | null) => v ?? '全部区域' },
          { title: '施行日期', dataIndex: 'effectiveDate', width: 110, render: (v: string | null) => v ?? '—' },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.label ?? s}</Tag> },
          { title: '更新', dataIndex: 'updatedAt', width: 110, render: (v: string) => fmt(v) },
          ...(editable
            ? [
                {
                  title: '操作',
                  key: 'op',
                  width: 90,
                  render: (_: unknown, k: Knowledge) =>
                    k.status === 'archived' ? null : (
                      <Popconfirm title={`下架“${k.title}”？`} description="下架后群众端不再显示，记录保留" onConfirm={() => archive(k)}>
                        <Button size="small" type="link" danger>
                          下架
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: setPage }}
      />
      <Editor
        id={open}
        creating={creating}
        onClose={() => {
          setOpen(null);
          setCreating(false);
        }}
        onSaved={() => {
          setOpen(null);
          setCreating(false);
          list.reload();
        }}
      />
    </Card>
  );
}
