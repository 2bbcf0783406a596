/**
 * 投票表决: votes with the quorum rule shown, the roll with attendance, paper ballot entry awaiting a second
 * teller's confirmation, and results with turnout.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, Modal, Progress, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CHOICE_LABEL, CHOICES, ELECTORATES } from '../../../../contracts/participation';
import { ELECTORATE_LABEL } from '../../../../domain/participation/rules';
import { api, type Page } from '../../../app/api';
import { hasRole, useMe } from '../../../app/auth';
import { showApiError } from '../../../ui/form-errors';
import { useLoad } from '../../../ui/use-load';
import type { Elector, Vote } from './shared';

const OUTCOME: Record<string, { label: string; color: string }> = { passed: { label: '通过', color: 'green' }, failed: { label: '未通过', color: 'red' } };

function QuorumTag({ v }: { v: Vote }) {
  return (
    <Tag color={v.quorum.met ? 'green' : 'orange'}>
      {v.quorum.met ? '已达法定人数' : '未达法定人数'}(需 {v.quorum.required})
    </Tag>
  );
}

function VoteDrawer({ id, onClose, onChanged }: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { message } = App.useApp();
  const me = useMe();
  const teller = hasRole(me, 'village_cadre', 'center_staff', 'grid_worker');
  const vote = useLoad(() => (id ? api.get<Vote>(`/api/participation/votes/${id}`) : Promise.resolve(undefined)), [id]);
  const electors = useLoad(
    () => (id && teller ? api.get<Page<Elector>>(`/api/participation/votes/${id}/electors`) : Promise.resolve(undefined)),
    [id, vote.data?.version, vote.data?.pendingPaper, vote.data?.present],
  );
  const [paper, setPaper] = useState<Elector | null>(null);
  const [choice, setChoice] = useState<string>('yes');
  const v = vote.data;
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn();
      message.success(ok);
      vote.reload();
      onChanged();
    } catch (e) {
      showApiError(e, message);
    }
  };
  return (
    <Drawer title={v?.title ?? '表决'} open={id !== null} onClose={onClose} size={760} destroyOnHidden>
      {vote.error && <Alert type="error" title={vote.error} />}
      {v && (
        <>
          <Typography.Paragraph>{v.question}</Typography.Paragraph>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="表决范围">{v.electorateLabel}</Descriptions.Item>
            <Descriptions.Item label="状态">{v.status === 'closed' ? <Tag color={OUTCOME[v.outcome ?? '']?.color}>{OUTCOME[v.outcome ?? '']?.label ?? '已结束'}</Tag> : <Tag color="blue">进行中</Tag>}</Descriptions.Item>
            <Descriptions.Item label="法定人数" span={2}>
              <Space>
                <QuorumTag v={v} />
                <span>{v.quorum.rule}</span>
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Space size={40} style={{ margin: '16px 0' }}>
            <Statistic title="应到" value={v.eligible} />
            <Statistic title="实到" value={v.present} />
            <Statistic title="同意" value={v.yes} styles={{ content: { color: '#389e0d' } }} />
            <Statistic title="不同意" value={v.no} styles={{ content: { color: '#cf1322' } }} />
            <Statistic title="弃权" value={v.abstain} />
            <Statistic title="待确认纸票" value={v.pendingPaper} />
          </Space>
          <Progress percent={v.turnoutPercent} format={(p) => `参与率 ${p}%`} />
          {v.status === 'open' && hasRole(me, 'village_cadre', 'center_staff') && (
            <Button
              type="primary"
              style={{ marginTop: 12 }}
              onClick={() => act(() => api.post(`/api/participation/votes/${v.id}/close`, { version: v.version }), '表决已结束，结果已公布')}
            >
              结束表决并公布结果
            </Button>
          )}
          {teller && (
            <Table<Elector>
              style={{ marginTop: 16 }}
              rowKey="id"
              size="small"
              dataSource={electors.data?.items ?? []}
              loading={electors.loading}
              pagination={{ pageSize: 10, showTotal: (t) => `选民 ${t} 人` }}
              columns={[
                { title: '姓名', dataIndex: 'name' },
                { title: '到会', dataIndex: 'present', width: 80, render: (p: boolean) => (p ? <Tag color="green">已签到</Tag> : <Tag>未到</Tag>) },
                {
                  title: '选票',
                  dataIndex: 'ballot',
                  width: 160,
                  render: (b: Elector['ballot']) =>
                    b ? <Tag color={b.status === 'pending' ? 'gold' : 'green'}>{b.channel === 'paper' ? '纸票' : '线上'}·{b.status === 'pending' ? '待复核' : '已计'}</Tag> : '—',
                },
                {
                  title: '操作',
                  key: 'op',
                  width: 220,
                  render: (_: unknown, e) =>
                    v.status !== 'open' ? null : (
                      <Space size={0}>
                        {!e.present && (
                          <Button size="small" type="link" onClick={() => act(() => api.post(`/api/participation/votes/${v.id}/attendance`, { electorIds: [e.id] }), `${e.name} 已签到`)}>
                            签到
                          </Button>
                        )}
                        {!e.ballot && (
                          <Button size="small" type="link" onClick={() => setPaper(e)}>
                            录入纸票
                          </Button>
                        )}
                        {e.ballot?.status === 'pending' && (
                          <Button
                            size="small"
                            type="link"
                            onClick={() => act(() => api.post(`/api/participation/votes/${v.id}/paper-ballots/${e.ballot?.id}/confirm`, {}), '纸票已复核计入')}
                          >
                            复核确认
                          </Button>
                        )}
                      </Space>
                    ),
                },
              ]}
            />
          )}
          <Modal
            title={`录入纸质选票：${paper?.name ?? ''}`}
            open={paper !== null}
            onCancel={() => setPaper(null)}
            onOk={() =>
              act(() => api.post(`/api/participation/votes/${v.id}/paper-ballots`, { electorId: paper?.id, choice }), '纸票已录入，待另一名计票人复核').then(() => setPaper(null))
            }
          >
            <Select value={choice} onChange={setChoice} style={{ width: 200 }} options={CHOICES.map((c) => ({ value: c, label: CHOICE_LABEL[c] }))} />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              纸质选票须由另一名计票人复核确认后才计入结果。
            </Typography.Paragraph>
          </Modal>
        </>
      )}
    </Drawer>
  );
}

function CreateVote({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { areaCode: string; title: string; question: string; electorate: string; roll?: string }) => {
    setBusy(true);
    try {
      const roll = v.roll
        ?.split(/[\n,，、\s]+/)
        .map((n) => n.trim())
        .filter(Boolean)
        .map((name) => ({ name }));
      await api.post('/api/participation/votes', { ...v, roll: roll?.length ? roll : undefined });
      message.success('表决已发起');
      onSaved();
    } catch (e) {
      showApiError(e, message, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="发起表决" open={open} onCancel={onClose} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ electorate: 'representatives', areaCode: me.scopes.find((s) => s.code.length === 12)?.code }}>
        <Form.Item label="村(社区)编码" name="areaCode" rules={[{ required: true, message: '请填写村(社区)编码' }, { pattern: /^\d{12}$/, message: '村(社区)编码为12位数字' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="表决事项" name="question" rules={[{ required: true, whitespace: true, message: '请填写表决事项' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item label="表决范围" name="electorate">
          <Select options={ELECTORATES.map((e) => ({ value: e, label: ELECTORATE_LABEL[e] }))} />
        </Form.Item>
        <Form.Item label="选民名册" name="roll" extra="村民代表等须逐一填写姓名(逗号或换行分隔)；不填则从实有人口生成">
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function VotesPage() {
  const me = useMe();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const list = useLoad(() => api.get<Page<Vote>>('/api/participation/votes', { status, page, pageSize: 20 }), [status, page]);
  return (
    <Card
      title="投票表决"
      extra={
        hasRole(me, 'village_cadre', 'center_staff') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            发起表决
          </Button>
        )
      }
    >
      <Select
        allowClear
        placeholder="全部状态"
        style={{ width: 140, marginBottom: 16 }}
        onChange={(v) => {
          setPage(1);
          setStatus(v);
        }}
        options={[
          { value: 'open', label: '进行中' },
          { value: 'closed', label: '已结束' },
        ]}
      />
      <Table<Vote>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        onRow={(v) => ({ onClick: () => setOpen(v.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '标题', dataIndex: 'title' },
          { title: '范围', dataIndex: 'electorateLabel', width: 120 },
          { title: '应到/实到', key: 'att', width: 100, render: (_: unknown, v) => `${v.eligible}/${v.present}` },
          { title: '法定人数', key: 'q', width: 200, render: (_: unknown, v) => <QuorumTag v={v} /> },
          { title: '参与率', dataIndex: 'turnoutPercent', width: 140, render: (p: number) => <Progress percent={p} size="small" /> },
          { title: '同意/不同意/弃权', key: 'tally', width: 140, render: (_: unknown, v) => `${v.yes}/${v.no}/${v.abstain}` },
          {
            title: '结果',
            key: 'out',
            width: 90,
            render: (_: unknown, v) => (v.status === 'open' ? <Tag color="blue">进行中</Tag> : <Tag color={OUTCOME[v.outcome ?? '']?.color}>{OUTCOME[v.outcome ?? '']?.label ?? '已结束'}</Tag>),
          },
        ]}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 项表决`, onChange: setPage }}
      />
      <VoteDrawer id={open} onClose={() => setOpen(null)} onChanged={list.reload} />
      <CreateVote
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false);
          list.reload();
        }}
      />
    </Card>
  );
}
