/** 预警: the inbox of the warnings the user's level holds, and every warning of the area, with 签收/处置/关闭. */
import { App, Button, Card, Descriptions, Drawer, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, errorMessage, type Page } from '../../../app/api';
import { useLoad } from '../../../ui/use-load';
import { CATEGORY_OPTIONS, fmt, GRADE_OPTIONS, GradeTag, type Warning } from './shared';

const ACTION_LABEL = { acknowledge: '签收', handle: '处置', close: '关闭' } as const;
const STATUS_COLOR: Record<string, string> = { open: 'red', acknowledged: 'processing', handled: 'green', closed: 'default' };

export function RiskWarningsPage() {
  const { message } = App.useApp();
  const [view, setView] = useState<'inbox' | 'all'>('inbox');
  const [grade, setGrade] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>('active');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Warning | null>(null);
  const [acting, setActing] = useState<{ w: Warning; action: keyof typeof ACTION_LABEL } | null>(null);
  const [note, setNote] = useState('');
  const [search] = useSearchParams();
  const linked = search.get('id');
  // a notice links here with ?id=: open that warning
  useEffect(() => {
    if (!linked) return;
    api
      .get<Warning>(`/api/risk/warnings/${linked}`)
      .then(setOpen)
      .catch((e) => message.error(errorMessage(e)));
  }, [linked, message]);
  const { data, loading, reload } = useLoad(
    () => api.get<Page<Warning>>('/api/risk/warnings', { inbox: view === 'inbox' ? 1 : undefined, grade, category, status, page, pageSize: 20 }),
    [view, grade, category, status, page],
  );

  async function act(w: Warning, action: keyof typeof ACTION_LABEL, text?: string) {
    try {
      const updated = await api.post<Warning>(`/api/risk/warnings/${w.id}/${action}`, { version: w.version, note: text || undefined });
      message.success(`已${ACTION_LABEL[action]}`);
      setActing(null);
      setNote('');
      if (open?.id === w.id) setOpen(updated);
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  const actionButtons = (w: Warning) => (
    <Space size={4}>
      {w.actions.map((a) =>
        a === 'acknowledge' ? (
          <Button key={a} size="small" type="primary" onClick={() => act(w, a)} data-testid={`ack-${w.id}`}>
            签收
          </Button>
        ) : (
          <Button key={a} size="small" onClick={() => setActing({ w, action: a })}>
            {ACTION_LABEL[a]}
          </Button>
        ),
      )}
    </Space>
  );

  return (
    <Card
      title="风险预警"
      extra={
        <Space wrap>
          <Segmented
            value={view}
            onChange={(v) => {
              setView(v as 'inbox' | 'all');
              setPage(1);
            }}
            options={[
              { value: 'inbox', label: '我的待办' },
              { value: 'all', label: '辖区全部' },
            ]}
          />
          <Select allowClear placeholder="等级" style={{ width: 100 }} options={GRADE_OPTIONS} value={grade} onChange={setGrade} />
          <Select allowClear placeholder="类别" style={{ width: 180 }} options={CATEGORY_OPTIONS} value={category} onChange={setCategory} />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 110 }}
            value={status}
            onChange={setStatus}
            options={[
              { value: 'active', label: '未关闭' },
              { value: 'open', label: '待签收' },
              { value: 'acknowledged', label: '已签收' },
              { value: 'handled', label: '已处置' },
              { value: 'closed', label: '已关闭' },
            ]}
          />
        </Space>
      }
    >
      <Table<Warning>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        data-testid="risk-warnings"
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage, showTotal: (n) => `共 ${n} 条` }}
        columns={[
          { title: '等级', dataIndex: 'grade', width: 80, render: (_, w) => <GradeTag grade={w.grade} label={w.gradeLabel} /> },
          {
            title: '预警内容',
            dataIndex: 'title',
            render: (_, w) => (
              <Typography.Link onClick={() => setOpen(w)}>
                {w.title}
                {w.escalations > 0 && (
                  <Tag color="volcano" style={{ marginLeft: 8 }}>
                    已升级{w.escalations}次
                  </Tag>
                )}
              </Typography.Link>
            ),
          },
          { title: '类别', dataIndex: 'categoryLabel', width: 150 },
          { title: '区域', dataIndex: 'areaName', width: 140, render: (v, w) => v ?? w.areaCode },
          { title: '当前承办', dataIndex: 'tierLabel', width: 150 },
          {
            title: '签收时限',
            dataIndex: 'ackDueAt',
            width: 170,
            render: (v, w) => (w.status === 'open' && v ? <span style={{ color: w.ackOverdue ? '#cf1322' : undefined }}>{fmt(v)}</span> : '—'),
          },
          { title: '状态', dataIndex: 'statusLabel', width: 90, render: (v, w) => <Tag color={STATUS_COLOR[w.status]}>{v}</Tag> },
          { title: '操作', key: 'ops', width: 180, render: (_, w) => actionButtons(w) },
        ]}
      />
      <Drawer open={!!open} width={560} title="预警详情" onClose={() => setOpen(null)}>
        {open && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="预警">{open.title}</Descriptions.Item>
              <Descriptions.Item label="等级">
                <GradeTag grade={open.grade} label={open.gradeLabel} />
              </Descriptions.Item>
              <Descriptions.Item label="来源">{open.source === 'signal' ? '一周一结风险信号' : `预警规则：${open.ruleName ?? ''}`}</Descriptions.Item>
              <Descriptions.Item label="说明">{open.detail || '—'}</Descriptions.Item>
              <Descriptions.Item label="区域">{open.areaName ?? open.areaCode}</Descriptions.Item>
              <Descriptions.Item label="当前承办">{open.tierLabel}</Descriptions.Item>
              <Descriptions.Item label="发出时间">{fmt(open.raisedAt)}</Descriptions.Item>
              <Descriptions.Item label="签收">{open.acknowledgedByName ?? '未签收'}</Descriptions.Item>
              <Descriptions.Item label="处置情况">{open.handledNote ?? '—'}</Descriptions.Item>
              <Descriptions.Item label="触发记录">
                <Space direction="vertical" size={2}>
                  {open.links.map((l) => (
                    <span key={`${l.type}${l.id}`}>{l.type === 'case' ? `事件 ${l.label}` : l.label}</span>
                  ))}
                </Space>
              </Descriptions.Item>
            </Descriptions>
            {actionButtons(open)}
          </Space>
        )}
      </Drawer>
      <Modal
        open={!!acting}
        title={acting ? `${ACTION_LABEL[acting.action]}预警` : ''}
        okText="确定"
        cancelText="取消"
        onCancel={() => setActing(null)}
        onOk={() => acting && act(acting.w, acting.action, note)}
      >
        <Input.TextArea
          rows={4}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={acting?.action === 'handle' ? '请填写处置情况' : '关闭说明(未处置即关闭的须说明理由)'}
        />
      </Modal>
    </Card>
  );
}
