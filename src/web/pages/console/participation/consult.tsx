/**
 * 议事协商: topics (村民说事/民情恳谈) with support and comments, meetings with sign-in, minutes and
 * decisions with follow-up tasks, and the task list.
 */
import { LikeOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, List, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { MEETING_KINDS, TOPIC_SOURCE_LABEL, TOPIC_SOURCES, TOPIC_STATUS_LABEL } from '../../../../contracts/participation';
import { api, type Page } from '../../../app/api';
import { hasRole, useMe } from '../../../app/auth';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import { fmt, type Meeting, type MeetingDetail, type Task, type Topic, type TopicDetail } from './shared';

function TopicDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const [body, setBody] = useState('');
  const topic = useLoad(() => (id ? api.get<TopicDetail>(`/api/participation/topics/${id}`) : Promise.resolve(undefined)), [id]);
  const t = topic.data;
  const support = async () => {
    try {
      await api.post(`/api/participation/topics/${id}/support`, {});
      topic.reload();
      onChanged();
    } catch (e) {
      showApiError(e, message);
    }
  };
  const comment = async () => {
    if (!body.trim()) return message.warning('请输入评论内容');
    try {
      await api.post(`/api/participation/topics/${id}/comments`, { body: body.trim() });
      setBody('');
      topic.reload();
      onChanged();
    } catch (e) {
      showApiError(e, message);
    }
  };
  return (
    <Drawer title={t?.title ?? '议题'} open={id !== null} onClose={onClose} size={600} destroyOnHidden>
      {t && (
        <>
          <Space style={{ marginBottom: 12 }}>
            <Tag>{TOPIC_SOURCE_LABEL[t.source as keyof typeof TOPIC_SOURCE_LABEL] ?? t.source}</Tag>
            <Tag color="blue">{TOPIC_STATUS_LABEL[t.status] ?? t.status}</Tag>
            <span>
              {t.raisedByName} 提出于 {fmt(t.createdAt)}
            </span>
          </Space>
          <Typography.Paragraph>{t.content}</Typography.Paragraph>
          <Button icon={<LikeOutlined />} type={t.supportedByMe ? 'primary' : 'default'} disabled={t.supportedByMe} onClick={support}>
            附议 {t.supportCount}
          </Button>
          <List
            style={{ marginTop: 16 }}
            header={`评论 ${t.comments.length}`}
            dataSource={t.comments}
            renderItem={(c) => (
              <List.Item>
                <List.Item.Meta title={`${c.authorName} · ${fmt(c.createdAt, true)}`} description={c.body} />
              </List.Item>
            )}
          />
          <Space.Compact style={{ width: '100%' }}>
            <Input value={body} onChange={(e) => setBody(e.target.value)} maxLength={2000} placeholder="发表意见" />
            <Button type="primary" onClick={comment}>
              评论
            </Button>
          </Space.Compact>
        </>
      )}
    </Drawer>
  );
}

function Topics() {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [raising, setRaising] = useState(false);
  const list = useLoad(() => api.get<Page<Topic>>('/api/participation/topics', { page, pageSize: 20 }), [page]);
  const raise = async (v: { title: string; content: string; source: string; areaCode?: string }) => {
    try {
      await api.post('/api/participation/topics', { ...v, areaCode: v.areaCode || undefined });
      message.success('议题已提出');
      setRaising(false);
      list.reload();
    } catch (e) {
      showApiError(e, message, form);
    }
  };
  return (
    <>
      <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} onClick={() => setRaising(true)}>
        提出议题
      </Button>
      <Table<Topic>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(t) => ({ onClick: () => setOpen(t.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '议题', dataIndex: 'title' },
          { title: '来源', dataIndex: 'source', width: 100, render: (s: string) => TOPIC_SOURCE_LABEL[s as keyof typeof TOPIC_SOURCE_LABEL] ?? s },
          { title: '提出人', dataIndex: 'raisedByName', width: 110 },
          { title: '附议', dataIndex: 'supportCount', width: 70 },
          { title: '评论', dataIndex: 'commentCount', width: 70 },
          { title: '状态', dataIndex: 'status', width: 110, render: (s: string) => <Tag color="blue">{TOPIC_STATUS_LABEL[s] ?? s}</Tag> },
          { title: '提出时间', dataIndex: 'createdAt', width: 110, render: (v: string) => fmt(v) },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 个议题`, onChange: setPage }}
      />
      <TopicDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      <Modal title="提出议题" open={raising} onCancel={() => setRaising(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={raise} initialValues={{ source: 'resident_says' }}>
          <Form.Item label="议题" name="title" rules={[{ required: true, whitespace: true, message: '请填写议题' }, { max: 100, message: '不超过100字' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="内容" name="content" rules={[{ required: true, whitespace: true, message: '请填写内容' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          <Form.Item label="来源" name="source">
            <Select options={TOPIC_SOURCES.map((s) => ({ value: s, label: TOPIC_SOURCE_LABEL[s] }))} />
          </Form.Item>
          <Form.Item label="村(社区)编码" name="areaCode" extra="不填为本人所在村(社区)">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function MeetingDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { message } = App.useApp();
  const me = useMe();
  const manager = hasRole(me, 'village_cadre', 'center_staff');
  const meeting = useLoad(() => (id ? api.get<MeetingDetail>(`/api/participation/meetings/${id}`) : Promise.resolve(undefined)), [id]);
  const m = meeting.data;
  const [names, setNames] = useState('');
  const [minutes, setMinutes] = useState<string | null>(null);
  const [decision, setDecision] = useState('');
  const [tasks, setTasks] = useState('');
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      meeting.reload();
    } catch (e) {
      showApiError(e, message);
    }
  };
  return (
    <Drawer title={m?.title ?? '会议'} open={id !== null} onClose={onClose} size={680} destroyOnHidden>
      {m && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="类型">{m.kind}</Descriptions.Item>
            <Descriptions.Item label="时间">{fmt(m.scheduledAt, true)}</Descriptions.Item>
            <Descriptions.Item label="地点">{m.location ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="签到">
              {m.attended}/{m.expected || '—'}
            </Descriptions.Item>
            <Descriptions.Item label="议程" span={2}>
              {m.agenda.length ? m.agenda.map((a, i) => <div key={a}>{`${i + 1}. ${a}`}</div>) : '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            签到({m.attendance.length}人)
          </Typography.Title>
          <Typography.Paragraph>{m.attendance.map((a) => a.name).join('、') || '暂无签到'}</Typography.Paragraph>
          {manager && (
            <Space.Compact style={{ width: '100%', marginBottom: 16 }}>
              <Input value={names} onChange={(e) => setNames(e.target.value)} placeholder="签到人员姓名，多人用逗号分隔" />
              <Button
                onClick={() =>
                  run(
                    () =>
                      api.post(`/api/participation/meetings/${m.id}/sign-in`, {
                        attendees: names
                          .split(/[,，、\s]+/)
                          .filter(Boolean)
                          .map((name) => ({ name })),
                      }),
                    '已签到',
                  ).then(() => setNames(''))
                }
              >
                签到
              </Button>
            </Space.Compact>
          )}
          <Typography.Title level={5}>会议纪要</Typography.Title>
          {manager ? (
            <>
              <Input.TextArea rows={4} value={minutes ?? m.minutes ?? ''} onChange={(e) => setMinutes(e.target.value)} />
              <Button
                style={{ marginTop: 8 }}
                disabled={!(minutes ?? '').trim()}
                onClick={() => run(() => api.post(`/api/participation/meetings/${m.id}/minutes`, { version: m.version, minutes: (minutes ?? '').trim() }), '纪要已保存')}
              >
                保存纪要
              </Button>
            </>
          ) : (
            <Typography.Paragraph>{m.minutes ?? '暂无纪要'}</Typography.Paragraph>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            会议决定与后续任务
          </Typography.Title>
          {m.decisions.map((d) => (
            <Card key={d.id} size="small" style={{ marginBottom: 8 }}>
              <div>{d.content}</div>
              {d.tasks.map((t) => (
                <Tag key={t.id} color={t.status === 'done' ? 'green' : 'orange'} style={{ marginTop: 6 }}>
                  {t.title}
                  {t.assigneeName ? `(${t.assigneeName})` : ''}
                </Tag>
              ))}
            </Card>
          ))}
          {manager && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.TextArea rows={2} value={decision} onChange={(e) => setDecision(e.target.value)} placeholder="会议决定" />
              <Input value={tasks} onChange={(e) => setTasks(e.target.value)} placeholder="后续任务，多项用分号分隔" />
              <Button
                disabled={!decision.trim()}
                onClick={() =>
                  run(
                    () =>
                      api.post(`/api/participation/meetings/${m.id}/decisions`, {
                        content: decision.trim(),
                        tasks: tasks
                          .split(/[;；]/)
                          .map((x) => x.trim())
                          .filter(Boolean)
                          .map((title) => ({ title })),
                      }),
                    '决定已记录',
                  ).then(() => {
                    setDecision('');
                    setTasks('');
                  })
                }
              >
                记录决定
              </Button>
            </Space>
          )}
        </>
      )}
    </Drawer>
  );
}

function Meetings() {
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useLoad(() => api.get<Page<Meeting>>('/api/participation/meetings', { page, pageSize: 20 }), [page]);
  const create = async (v: { areaCode: string; kind: string; title: string; agenda?: string; at: Dayjs; location?: string; expected?: number }) => {
    try {
      await api.post('/api/participation/meetings', {
        areaCode: v.areaCode,
        kind: v.kind,
        title: v.title.trim(),
        agenda: (v.agenda ?? '')
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
        scheduledAt: v.at.toISOString(),
        location: v.location,
        expected: v.expected ?? 0,
      });
      message.success('会议已召集');
      setCreating(false);
      list.reload();
    } catch (e) {
      showApiError(e, message, form);
    }
  };
  return (
    <>
      {hasRole(me, 'village_cadre', 'center_staff') && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 16 }} onClick={() => setCreating(true)}>
          召集会议
        </Button>
      )}
      <Table<Meeting>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(m) => ({ onClick: () => setOpen(m.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '会议', dataIndex: 'title' },
          { title: '类型', dataIndex: 'kind', width: 120 },
          { title: '时间', dataIndex: 'scheduledAt', width: 150, render: (v: string) => fmt(v, true) },
          { title: '签到', key: 'att', width: 90, render: (_: unknown, m) => `${m.attended}/${m.expected || '—'}` },
          { title: '状态', dataIndex: 'status', width: 90, render: (s: string) => <Tag>{s === 'held' ? '已召开' : s === 'scheduled' ? '待召开' : s}</Tag> },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 次会议`, onChange: setPage }}
      />
      <MeetingDrawer id={open} onClose={() => setOpen(null)} />
      <Modal title="召集会议" open={creating} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={create} initialValues={{ kind: '议事会', areaCode: me.scopes[0]?.code }}>
          <Form.Item label="区域编码" name="areaCode" rules={[{ required: true, message: '请填写区域编码' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="会议类型" name="kind">
            <Select options={MEETING_KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item label="会议名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写会议名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="议程(每行一项)" name="agenda">
            <Input.TextArea rows={3} />
          </Form.Item>
          <Space>
            <Form.Item label="时间" name="at" rules={[{ required: true, message: '请选择时间' }]}>
              <DatePicker showTime />
            </Form.Item>
            <Form.Item label="应到人数" name="expected">
              <InputNumber min={0} />
            </Form.Item>
          </Space>
          <Form.Item label="地点" name="location">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function Tasks() {
  const { message } = App.useApp();
  const [status, setStatus] = useState<'open' | 'done' | undefined>('open');
  const list = useLoad(() => api.get<Page<Task>>('/api/participation/tasks', { status, pageSize: 100 }), [status]);
  const done = (t: Task) => {
    let result = '';
    Modal.confirm({
      title: `完成任务：${t.title}`,
      content: <Input.TextArea rows={3} placeholder="办理结果" onChange={(e) => (result = e.target.value)} />,
      onOk: async () => {
        if (!result.trim()) {
          message.warning('请填写办理结果');
          throw new Error('empty');
        }
        try {
          await api.post(`/api/participation/tasks/${t.id}/done`, { version: t.version, result: result.trim() });
          list.reload();
        } catch (e) {
          showApiError(e, message);
        }
      },
    });
  };
  return (
    <>
      <Select
        value={status}
        allowClear
        placeholder="全部"
        style={{ width: 120, marginBottom: 16 }}
        onChange={setStatus}
        options={[
          { value: 'open', label: '未完成' },
          { value: 'done', label: '已完成' },
        ]}
      />
      {list.error && <Alert type="error" title={list.error} />}
      <Table<Task>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: '任务', dataIndex: 'title' },
          { title: '负责人', dataIndex: 'assigneeName', width: 110, render: (v: string | null) => v ?? '—' },
          { title: '期限', dataIndex: 'dueDate', width: 110, render: (v: string | null) => fmt(v) },
          { title: '结果', dataIndex: 'result', render: (v: string | null) => v ?? '—' },
          {
            title: '状态',
            key: 'st',
            width: 110,
            render: (_: unknown, t) =>
              t.status === 'done' ? (
                <Tag color="green">已完成</Tag>
              ) : (
                <Button size="small" onClick={() => done(t)}>
                  标记完成
                </Button>
              ),
          },
        ]}
        pagination={false}
      />
    </>
  );
}

export function ConsultPage() {
  return (
    <Card title="议事协商">
      <Tabs
        items={[
          { key: 'topics', label: '议题', children: <Topics /> },
          { key: 'meetings', label: '会议', children: <Meetings /> },
          { key: 'tasks', label: '后续任务', children: <Tasks /> },
        ]}
      />
    </Card>
  );
}
