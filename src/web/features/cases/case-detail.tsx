import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Page } from '../../app/api';
import { hasRole, useAuth } from '../../app/auth';
import { usePageCrumbs } from '../../app/layout';
import { useAreaNames } from '../../ui/area-names';
import { useLoad } from '../../ui/use-load';
import { ActionButtons, type ActionDone } from './action-buttons';
import { AttachmentList, AttachmentUpload } from './attachments';
import { CaseLocationMap } from './case-map';
import { CaseStatusTag, DeadlineLight, GradeTag } from './case-tags';
import { CaseTimeline } from './case-timeline';
import type { CaseDuplicate, CaseRequest, CaseSupervision, CaseView } from './case-types';
import { DispatchTable } from './dispatch-table';
import { CaseCameras } from '../../pages/console/cameras/case-cameras';

const fmt = (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—');

const SOURCE_LABEL: Record<string, string> = {
  grid: '网格员上报',
  resident: '群众随手报',
  patrol: '巡查发现',
  video: '视频研判',
  intake: '中心登记',
  hotline: '热线电话',
  visit: '来访',
};
const REQUEST_LABEL: Record<string, string> = { extension: '延期申请', pause: '挂起申请', reopen: '重新办理申请' };
const REQUEST_STATUS: Record<string, { text: string; color: string }> = {
  pending: { text: '待审批', color: 'orange' },
  approved: { text: '已同意', color: 'green' },
  denied: { text: '不同意', color: 'default' },
};

function SupervisionPanel({ c }: { c: CaseView }) {
  const names = useAreaNames(c.supervisions.map((s) => s.targetArea));
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        督办与催办
      </Typography.Title>
      <Table<CaseSupervision>
        rowKey="id"
        size="small"
        pagination={false}
        data-testid="supervision-table"
        dataSource={c.supervisions}
        locale={{ emptyText: '暂无督办' }}
        columns={[
          { title: '类型', dataIndex: 'kind', width: 80, render: (k: string) => <Tag color={k === 'supervise' ? 'red' : 'orange'}>{k === 'supervise' ? '督办' : k === 'urge' ? '催办' : k}</Tag> },
          { title: '发起', dataIndex: 'byUserId', width: 80, render: (v: number | null) => (v ? '人工' : '系统(超期)') },
          { title: '督办对象', dataIndex: 'targetArea', width: 140, render: (v: string) => names[v] ?? v },
          { title: '内容', dataIndex: 'note' },
          { title: '回复期限', dataIndex: 'dueAt', width: 140, render: fmt },
          { title: '时间', dataIndex: 'createdAt', width: 140, render: fmt },
          { title: '状态', dataIndex: 'resolvedAt', width: 90, render: (v: string | null) => (v ? <Tag color="green">已办结</Tag> : <Tag color="orange">督办中</Tag>) },
        ]}
      />
      <Typography.Title level={5}>延期、挂起与重新办理申请</Typography.Title>
      <Table<CaseRequest>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.requests}
        locale={{ emptyText: '暂无申请' }}
        columns={[
          { title: '申请', dataIndex: 'kind', width: 120, render: (k: string, r) => `${REQUEST_LABEL[k] ?? k}${r.days ? `(${r.days}个工作日)` : ''}` },
          { title: '理由', dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
          { title: '申请时间', dataIndex: 'requestedAt', width: 140, render: fmt },
          {
            title: '审批',
            dataIndex: 'status',
            width: 200,
            render: (s: string, r) => (
              <span>
                <Tag color={REQUEST_STATUS[s]?.color}>{REQUEST_STATUS[s]?.text ?? s}</Tag>
                {r.decisionReason}
              </span>
            ),
          },
        ]}
      />
    </>
  );
}

function BasicInfo({ c }: { c: CaseView }) {
  const names = useAreaNames([c.areaCode]);
  const point = c.lng !== null && c.lat !== null ? { lng: c.lng, lat: c.lat } : null;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={14}>
        <Descriptions size="small" column={2} bordered data-testid="case-basic">
          <Descriptions.Item label="事件类型">{c.kindLabel}</Descriptions.Item>
          <Descriptions.Item label="事件分类">{c.categoryName ?? c.categoryCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="所属网格">{names[c.areaCode] ?? c.areaCode}</Descriptions.Item>
          <Descriptions.Item label="办理层级">{c.tierLabel}</Descriptions.Item>
          <Descriptions.Item label="来源">{SOURCE_LABEL[c.source] ?? c.source}</Descriptions.Item>
          <Descriptions.Item label="上报时间">{fmt(c.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="上报人">{c.reporterName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="联系电话">{c.reporterPhone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="事发地址" span={2}>
            {c.address ?? (point ? `${point.lng.toFixed(5)}, ${point.lat.toFixed(5)}` : '—')}
          </Descriptions.Item>
          <Descriptions.Item label="事件描述" span={2}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{c.description || '—'}</div>
          </Descriptions.Item>
          {c.people.length > 0 && (
            <Descriptions.Item label="涉及人员" span={2}>
              {c.people.map((p) => `${p.name}${p.role ? `(${p.role})` : ''}`).join('、')}
            </Descriptions.Item>
          )}
          <Descriptions.Item label="受理时间">{fmt(c.acceptedAt)}</Descriptions.Item>
          <Descriptions.Item label="处置时间">{fmt(c.handledAt)}</Descriptions.Item>
          <Descriptions.Item label="结案时间">{fmt(c.closedAt)}</Descriptions.Item>
          <Descriptions.Item label="超期/返工/重办">
            {c.overdueCount} / {c.reworkCount} / {c.reopenCount} 次
          </Descriptions.Item>
          {c.rating && (
            <Descriptions.Item label="群众评价" span={2}>
              {{ satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' }[c.rating] ?? c.rating}
              {c.ratingComment ? `：${c.ratingComment}` : ''}
            </Descriptions.Item>
          )}
          {c.mergedInto && (
            <Descriptions.Item label="已合并到" span={2}>
              {c.mergedInto.number}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Col>
      <Col xs={24} xl={10}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          事发位置{point ? '' : '(未标注，显示所属网格)'}
        </Typography.Text>
        <CaseLocationMap areaCode={c.areaCode} point={point} style={{ height: 300 }} />
      </Col>
    </Row>
  );
}

function Duplicates({ c }: { c: CaseView }) {
  const { data } = useLoad(() => api.get<Page<CaseDuplicate>>(`/api/cases/${c.id}/duplicates`), [c.id]);
  if (!data?.items.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={`发现${data.items.length}件疑似重复事件(300米、7天内同类、内容相近)，可用“合并”按一件办理`}
      description={data.items.map((d) => `${d.number} ${d.title}(相似度${Math.round(d.similarity * 100)}%)`).join('；')}
    />
  );
}

/**
 * The case page every desk opens: header (number, status, 哨级, deadline light and remaining time), the
 * allowed actions as buttons, and 基本信息 / 时间线 / 吹哨报到 / 附件 / 督办.
 */
export function CaseDetail({
  id,
  backTo,
  onBack,
  crumb = true,
  extra,
}: {
  id: number;
  backTo?: string;
  onBack?: () => void;
  crumb?: boolean;
  /** a kind's own panel under the action buttons; as a function it is given the case (reload on `c.version`) */
  extra?: ReactNode | ((c: CaseView) => ReactNode);
}) {
  const [tick, setTick] = useState(0);
  const [conflict, setConflict] = useState<string | null>(null);
  const { me } = useAuth();
  const { data: c, loading, error, reload } = useLoad(() => api.get<CaseView>(`/api/cases/${id}`), [id, tick]);
  usePageCrumbs(crumb && c ? [{ title: c.number }] : []);
  const refresh = () => {
    setConflict(null);
    setTick((t) => t + 1);
  };
  if (loading && !c) return <Skeleton active />;
  if (error || !c)
    return (
      <Result
        status="404"
        title="事件不存在"
        subTitle={error ?? '该事件不存在或不在您的管辖范围内'}
        extra={onBack && <Button onClick={onBack}>返回列表</Button>}
      />
    );
  const onDone = (_r: ActionDone) => refresh();
  return (
    <Card
      data-testid="case-detail"
      title={
        <Space wrap size={8}>
          {onBack && <Button type="text" icon={<ArrowLeftOutlined />} onClick={onBack} aria-label={backTo ? `返回${backTo}` : '返回'} />}
          <span data-testid="case-number">{c.number}</span>
          <CaseStatusTag status={c.status} label={c.statusLabel} />
          <GradeTag grade={c.grade} label={c.gradeLabel} />
          {c.urgent && <Tag color="red">紧急</Tag>}
          {c.ownerLeaderId && <Tag color="purple">领导包案</Tag>}
        </Space>
      }
      extra={
        <Space>
          {c.deadline && (
            <span>
              <Typography.Text type="secondary">{c.deadline.stepLabel}时限 </Typography.Text>
              {c.deadline.paused ? <Tag>已暂停计时</Tag> : <DeadlineLight state={c.deadline.state} dueAt={c.deadline.dueAt} showRemaining />}
            </span>
          )}
          {c.kind === 'event' && !['closed', 'evaluated', 'rejected', 'merged'].includes(c.status) && hasRole(me, 'center_staff', 'village_cadre', 'grid_worker', 'mediator') && (
            <Link to={`/disputes?fromCase=${c.id}`} data-testid="convert-to-dispute">
              <Button>转为矛盾纠纷</Button>
            </Link>
          )}
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label="刷新" />
        </Space>
      }
    >
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="case-title">
        {c.title}
      </Typography.Title>
      {conflict && (
        <Alert
          type="error"
          showIcon
          data-testid="case-conflict"
          style={{ marginBottom: 12 }}
          title={conflict}
          action={
            <Button size="small" type="primary" onClick={refresh}>
              刷新
            </Button>
          }
        />
      )}
      {c.nextActions.some((a) => a.action === 'merge') && <Duplicates c={c} />}
      <div style={{ marginBottom: 16 }}>
        <ActionButtons c={c} onDone={onDone} onConflict={setConflict} />
        {typeof extra === 'function' ? extra(c) : extra}
      </div>
      <Tabs
        items={[
          { key: 'basic', label: '基本信息', children: <BasicInfo c={c} /> },
          { key: 'timeline', label: '时间线', children: <CaseTimeline caseId={c.id} refreshKey={tick + c.version} /> },
          { key: 'dispatch', label: `吹哨报到${c.dispatches.length ? `(${c.dispatches.length})` : ''}`, children: <DispatchTable items={c.dispatches} /> },
          {
            key: 'attachments',
            label: `附件${c.attachments.length ? `(${c.attachments.length})` : ''}`,
            children: (
              <>
                <AttachmentUpload caseId={c.id} point={c.lng !== null && c.lat !== null ? { lng: c.lng, lat: c.lat } : null} onUploaded={refresh} />
                <AttachmentList caseId={c.id} items={c.attachments} />
              </>
            ),
          },
          { key: 'cameras', label: '视频', children: <CaseCameras caseId={c.id} areaCode={c.areaCode} at={c.createdAt} /> },
          {
            key: 'supervise',
            label: `督办${c.supervisions.length ? `(${c.supervisions.length})` : ''}`,
            children: c.supervisions.length || c.requests.length ? <SupervisionPanel c={c} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无督办和申请" />,
          },
        ]}
      />
    </Card>
  );
}
