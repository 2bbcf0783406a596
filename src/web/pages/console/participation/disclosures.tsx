/** 三公开: posts per village (党务、村务、财务) with residents' comments and answers, and overdue flags. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Form, Input, List, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CATEGORIES } from '../../../../contracts/participation';
import { api, type Page } from '../../../app/api';
import { hasRole, useMe } from '../../../app/auth';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { fmt, type Overdue, type Post, type PostDetail } from './shared';

const CATEGORY_LABEL: Record<string, string> = { party: '党务公开', village: '村务公开', finance: '财务公开' };

function PostDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const me = useMe();
  const manager = hasRole(me, 'village_cadre', 'center_staff');
  const post = useLoad(() => (id ? api.get<PostDetail>(`/api/participation/disclosures/${id}`) : Promise.resolve(undefined)), [id]);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const p = post.data;
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      post.reload();
      onChanged();
    } catch (e) {
      showApiError(e, message);
    }
  };
  return (
    <Drawer title={p?.title ?? '公开事项'} open={id !== null} onClose={onClose} size={640} destroyOnHidden>
      {p && (
        <>
          <Space style={{ marginBottom: 12 }}>
            <Tag color="blue">{p.categoryLabel}</Tag>
            {p.period && <Tag>{p.period}</Tag>}
            <span>
              公开期 {fmt(p.publishFrom)} 至 {fmt(p.publishUntil)}
            </span>
            {p.status === 'withdrawn' && <Tag>已撤回</Tag>}
          </Space>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{p.body}</Typography.Paragraph>
          {manager && p.status !== 'withdrawn' && (
            <Button danger onClick={() => run(() => api.post(`/api/participation/disclosures/${p.id}/withdraw`, { version: p.version }), '已撤回')}>
              撤回
            </Button>
          )}
          <List
            style={{ marginTop: 16 }}
            header={`群众留言 ${p.comments.length}`}
            dataSource={p.comments}
            renderItem={(c) => (
              <List.Item>
                <div style={{ width: '100%' }}>
                  <div>
                    {c.kind === 'question' && <Tag color="orange">疑问</Tag>}
                    <b>{c.authorName}</b>：{c.body} <Typography.Text type="secondary">{fmt(c.createdAt, true)}</Typography.Text>
                  </div>
                  {c.answer ? (
                    <div style={{ color: '#389e0d', marginTop: 4 }}>答复：{c.answer}</div>
                  ) : (
                    manager && (
                      <Space.Compact style={{ width: '100%', marginTop: 6 }}>
                        <Input value={answers[c.id] ?? ''} onChange={(e) => setAnswers((a) => ({ ...a, [c.id]: e.target.value }))} placeholder="答复群众" />
                        <Button
                          disabled={!(answers[c.id] ?? '').trim()}
                          onClick={() => run(() => api.post(`/api/participation/disclosure-comments/${c.id}/answer`, { answer: answers[c.id].trim() }), '已答复')}
                        >
                          答复
                        </Button>
                      </Space.Compact>
                    )
                  )}
                </div>
              </List.Item>
            )}
          />
        </>
      )}
    </Drawer>
  );
}

function Posts() {
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm();
  const [category, setCategory] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useLoad(() => api.get<Page<Post>>('/api/participation/disclosures', { category, page, pageSize: 20, all: true }), [category, page]);
  const create = async (v: { areaCode: string; category: string; title: string; body: string; period?: string }) => {
    try {
      await api.post('/api/participation/disclosures', v);
      message.success('已发布');
      setCreating(false);
      list.reload();
    } catch (e) {
      showApiError(e, message, form);
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Select allowClear placeholder="全部类别" style={{ width: 140 }} onChange={(v) => {
          setPage(1);
          setCategory(v);
        }} options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))} />
        {hasRole(me, 'village_cadre', 'center_staff') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            发布公开事项
          </Button>
        )}
      </Space>
      <Table<Post>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '标题', dataIndex: 'title' },
          { title: '类别', dataIndex: 'categoryLabel', width: 100, render: (v: string) => <Tag color="blue">{v}</Tag> },
          { title: '村(社区)', dataIndex: 'areaCode', width: 140 },
          { title: '公开时间', dataIndex: 'publishFrom', width: 110, render: (v: string) => fmt(v) },
          { title: '留言', dataIndex: 'commentCount', width: 70 },
          { title: '状态', key: 'st', width: 100, render: (_: unknown, p) => (p.status === 'withdrawn' ? <Tag>已撤回</Tag> : p.onBoard ? <Tag color="green">公开中</Tag> : <Tag>已到期</Tag>) },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: setPage }}
      />
      <PostDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      <Modal title="发布公开事项" open={creating} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ category: 'village', areaCode: me.scopes.find((s) => s.code.length === 12)?.code }}>
          <Form.Item label="村(社区)编码" name="areaCode" rules={[{ required: true, message: '请填写村(社区)编码' }, { pattern: /^\d{12}$/, message: '村(社区)编码为12位数字' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="类别" name="category">
            <Select options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))} />
          </Form.Item>
          <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="所属期间" name="period">
            <Input placeholder="如 2026年10月、2026年第三季度" />
          </Form.Item>
          <Form.Item label="内容" name="body" rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function OverdueBoard() {
  const [only, setOnly] = useState(false);
  const list = useLoad(() => api.get<Page<Overdue>>('/api/participation/disclosures/overdue', { onlyOverdue: only || undefined }), [only]);
  return (
    <>
      <Select
        value={only ? 'overdue' : 'all'}
        style={{ width: 160, marginBottom: 16 }}
        onChange={(v) => setOnly(v === 'overdue')}
        options={[
          { value: 'all', label: '全部村(社区)' },
          { value: 'overdue', label: '仅看逾期' },
        ]}
      />
      {list.error && <Alert type="error" title={list.error} />}
      <Table<Overdue>
        rowKey="areaCode"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '村(社区)', dataIndex: 'name', render: (v: string, o) => (o.overdue ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
          ...['finance', 'village', 'party'].map((cat) => ({
            title: CATEGORY_LABEL[cat],
            key: cat,
            render: (_: unknown, o: Overdue) => {
              const c = o.categories.find((x) => x.category === cat);
              if (!c) return '—';
              return (
                <Space size={4}>
                  <Tag color={c.overdue ? 'red' : 'green'}>{c.overdue ? '逾期' : '正常'}</Tag>
                  <span>上次 {fmt(c.lastPublishedAt)}</span>
                </Space>
              );
            },
          })),
        ]}
      />
    </>
  );
}

export function DisclosuresPage() {
  const me = useMe();
  return (
    <Card title="三公开">
      <Tabs
        items={[
          { key: 'posts', label: '公开栏', children: <Posts /> },
          ...(hasRole(me, 'village_cadre', 'center_staff') ? [{ key: 'overdue', label: '逾期提醒', children: <OverdueBoard /> }] : []),
        ]}
      />
    </Card>
  );
}
