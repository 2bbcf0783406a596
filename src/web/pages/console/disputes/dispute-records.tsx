/**
 * What a dispute's page shows under the case engine's action buttons: where it stands in 五步工作法, its ledger
 * details and outcome, and the records kept on it (当事人, 调解记录, 会商研判 and tasks, 调解协议书 with signing,
 * printing and the 30-day 司法确认 window, 问责奖惩), each with its form.
 */
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Space, Steps, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useAuth, hasRole } from '../../../app/auth';
import type { Agreement, ConsultTask, Dispute } from '../../../features/disputes/dispute-types';
import { AgreementForm, ConfirmForm, MeetingForm, PARTICIPANT_KIND_LABEL, type RecordKind, SessionForm, SignForm, TaskDoneForm } from './record-forms';

export const RISK_COLOR: Record<string, string> = { low: 'green', medium: 'gold', high: 'orange', major: 'red' };
const STEP_KEYS = ['screening', 'graded', 'joint', 'leader', 'supervise'];
const STEP_HELP: Record<string, string> = {
  screening: '排查发现、登记',
  graded: '受理、组织调解、就地化解',
  joint: '吹哨部门联调、会商研判(坐堂会诊)',
  leader: '包抓领导包案调处',
  supervise: '督办、催办、代办',
};
const SESSION_RESULT: Record<string, { text: string; color: string }> = {
  progress: { text: '有进展', color: 'blue' },
  stalemate: { text: '陷入僵局', color: 'orange' },
  agreed: { text: '达成一致', color: 'green' },
};
const PERFORMANCE: Record<string, string> = { full: '已全部履行', partial: '部分履行', none: '未履行' };

function ConfirmWindow({ a }: { a: Agreement }) {
  if (a.status !== 'signed' || !a.confirmDeadline) return null;
  if (a.confirmAppliedOn) return <Tag color="green">已于{a.confirmAppliedOn}向{a.confirmCourt}申请司法确认</Tag>;
  const left = a.confirmDaysLeft ?? 0;
  if (left < 0) return <Tag>司法确认申请期已过({a.confirmDeadline})</Tag>;
  return <Tag color={left <= 5 ? 'orange' : 'blue'}>司法确认申请期至{a.confirmDeadline}(剩{left}天)</Tag>;
}

export function DisputeRecords({ d, reload }: { d: Dispute; reload: () => void }) {
  const { me } = useAuth();
  const keeper = hasRole(me, 'center_staff', 'village_cadre', 'grid_worker', 'mediator');
  const [open, setOpen] = useState<RecordKind | null>(null);
  const [signing, setSigning] = useState<Agreement | null>(null);
  const [confirming, setConfirming] = useState<Agreement | null>(null);
  const [task, setTask] = useState<ConsultTask | null>(null);
  const saved = () => {
    setOpen(null);
    setSigning(null);
    setConfirming(null);
    setTask(null);
    reload();
  };
  const concluded = !!d.outcome;
  const stepIndex = Math.max(0, STEP_KEYS.indexOf(d.step));

  return (
    <Card size="small" style={{ marginTop: 16 }} data-testid="dispute-records" title="矛盾纠纷调处" extra={<Tag color={RISK_COLOR[d.riskLevel]}>风险{d.riskLabel}</Tag>}>
      {d.violenceRisk && <Alert type="error" showIcon style={{ marginBottom: 12 }} title="有激化为暴力或刑事案件的风险，已通报派出所" />}
      <Steps
        size="small"
        current={stepIndex}
        status={concluded ? 'finish' : 'process'}
        data-testid="five-steps"
        style={{ marginBottom: 16 }}
        items={STEP_KEYS.map((k, i) => ({ title: ['预防排查', '分级化解', '部门联调', '包案调处', '督办代办'][i], description: STEP_HELP[k] }))}
      />
      <Descriptions size="small" column={3} bordered data-testid="dispute-ledger">
        <Descriptions.Item label="纠纷类型">{d.typeName}</Descriptions.Item>
        <Descriptions.Item label="来源">{d.sourceLabel}{d.fromCaseId ? '(由网格事件转入)' : ''}</Descriptions.Item>
        <Descriptions.Item label="涉及人数">
          {d.peopleInvolved}人{d.isGroup ? <Tag color="volcano" style={{ marginLeft: 6 }}>群体性</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label="涉及金额">{d.amountYuan ? `${d.amountYuan.toLocaleString('zh-CN')}元` : '—'}</Descriptions.Item>
        <Descriptions.Item label="司法鉴定">{d.appraisalInstitution ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="化解结果">
          <span data-testid="dispute-outcome">{d.outcomeLabel ?? '办理中'}</span>
          {d.outcomeAt ? `(${dayjs(d.outcomeAt).format('YYYY-MM-DD')}${d.outcomeOnTime === false ? '，超期' : ''})` : ''}
        </Descriptions.Item>
        {d.litigationCourt && (
          <Descriptions.Item label="导入司法程序" span={3}>
            {d.litigationCourt}，{d.litigationDate}
          </Descriptions.Item>
        )}
        {d.terminateReason && (
          <Descriptions.Item label="终止理由" span={3}>
            {d.terminateReason}
          </Descriptions.Item>
        )}
        {d.performance && (
          <Descriptions.Item label="协议履行(回访)" span={3}>
            {PERFORMANCE[d.performance] ?? d.performance}
          </Descriptions.Item>
        )}
      </Descriptions>

      <Tabs
        style={{ marginTop: 12 }}
        items={[
          {
            key: 'parties',
            label: `当事人(${d.parties.length})`,
            children: (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={d.parties}
                columns={[
                  { title: '姓名/单位', dataIndex: 'name' },
                  { title: '身份', dataIndex: 'roleLabel', width: 100 },
                  { title: '类别', dataIndex: 'partyType', width: 70, render: (v: string) => (v === 'org' ? '组织' : '个人') },
                  { title: '户/人数', dataIndex: 'members', width: 80 },
                  { title: '联系电话', dataIndex: 'phone', width: 140, render: (v: string | null) => v ?? '—' },
                ]}
              />
            ),
          },
          {
            key: 'sessions',
            label: `调解记录(${d.sessions.length})`,
            children: (
              <>
                {keeper && !concluded && (
                  <Button onClick={() => setOpen('session')} style={{ marginBottom: 8 }} data-testid="add-session">
                    登记调解记录
                  </Button>
                )}
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={d.sessions}
                  locale={{ emptyText: '暂无调解记录' }}
                  data-testid="sessions-table"
                  columns={[
                    { title: '日期', dataIndex: 'heldOn', width: 110 },
                    { title: '地点', dataIndex: 'place', width: 140, render: (v: string | null) => v ?? '—' },
                    { title: '调解员', dataIndex: 'mediators', width: 180, render: (v: string[]) => v.join('、') },
                    { title: '到场当事人', dataIndex: 'partiesPresent', width: 200, render: (v: string[]) => v.join('、') },
                    { title: '记录', dataIndex: 'record' },
                    { title: '结果', dataIndex: 'result', width: 100, render: (v: string) => <Tag color={SESSION_RESULT[v]?.color}>{SESSION_RESULT[v]?.text ?? v}</Tag> },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'meetings',
            label: `会商研判(${d.meetings.length})`,
            children: (
              <>
                {keeper && !concluded && (
                  <Button onClick={() => setOpen('meeting')} style={{ marginBottom: 8 }} data-testid="add-meeting">
                    登记会商研判(3+X)
                  </Button>
                )}
                {d.meetings.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无会商研判" />}
                {d.meetings.map((m) => (
                  <Card key={m.id} size="small" style={{ marginBottom: 8 }} title={`${m.heldOn} ${m.topic}`} data-testid="meeting-card">
                    <div style={{ marginBottom: 6 }}>
                      参会：
                      {m.participants.map((p) => (
                        <Tag key={`${p.name}-${p.unit}`} color={p.kind === 'elder' ? 'purple' : undefined}>
                          {PARTICIPANT_KIND_LABEL[p.kind] ?? p.kind}·{p.name}({p.unit})
                        </Tag>
                      ))}
                    </div>
                    <div style={{ marginBottom: 6, whiteSpace: 'pre-wrap' }}>结论：{m.conclusions}</div>
                    {m.tasks.length > 0 && (
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={m.tasks}
                        columns={[
                          { title: '任务', dataIndex: 'task' },
                          { title: '责任单位', dataIndex: 'ownerUnit', width: 140 },
                          { title: '期限', dataIndex: 'dueOn', width: 110, render: (v: string | null) => v ?? '—' },
                          {
                            title: '状态',
                            width: 220,
                            render: (_, t) =>
                              t.status === 'done' ? (
                                <span>
                                  <Tag color="green">已完成</Tag>
                                  {t.result}
                                </span>
                              ) : keeper ? (
                                <Space>
                                  <Tag color="orange">进行中</Tag>
                                  <Button size="small" onClick={() => setTask(t)}>
                                    完成
                                  </Button>
                                </Space>
                              ) : (
                                <Tag color="orange">进行中</Tag>
                              ),
                          },
                        ]}
                      />
                    )}
                  </Card>
                ))}
              </>
            ),
          },
          {
            key: 'agreements',
            label: `调解协议书(${d.agreements.length})`,
            children: (
              <>
                {keeper && !concluded && (
                  <Button type="primary" ghost onClick={() => setOpen('agreement')} style={{ marginBottom: 8 }} data-testid="add-agreement">
                    制作调解协议书
                  </Button>
                )}
                {d.agreements.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无调解协议书" />}
                {d.agreements.map((a) => (
                  <Card key={a.id} size="small" style={{ marginBottom: 8 }} data-testid="agreement-card"
                    title={
                      <Space wrap>
                        <span>
                          人民调解协议书 {d.number}-{a.id}
                        </span>
                        <Tag color={a.status === 'signed' ? 'green' : 'default'} data-testid="agreement-status">
                          {a.status === 'signed' ? `已签字生效 ${a.signedOn}` : '草稿(未签字)'}
                        </Tag>
                        {a.oral && <Tag>口头协议</Tag>}
                        <ConfirmWindow a={a} />
                      </Space>
                    }
                    extra={
                      <Space>
                        <Button size="small" icon={<PrinterOutlined />} href={`/api/disputes/${d.id}/agreements/${a.id}/print`} target="_blank" rel="noopener" data-testid="print-agreement">
                          打印协议书
                        </Button>
                        {keeper && a.status === 'draft' && (
                          <Button size="small" type="primary" onClick={() => setSigning(a)} data-testid="sign-agreement">
                            各方已签字
                          </Button>
                        )}
                        {keeper && a.status === 'signed' && !a.confirmAppliedOn && (a.confirmDaysLeft ?? -1) >= 0 && (
                          <Button size="small" onClick={() => setConfirming(a)} data-testid="apply-confirmation">
                            登记司法确认申请
                          </Button>
                        )}
                      </Space>
                    }
                  >
                    <Typography.Text type="secondary">{a.committee} · 调解员 {a.mediators.join('、')} · 一式{a.copies}份</Typography.Text>
                    <ol style={{ margin: '6px 0 0', paddingLeft: 20 }}>
                      {a.terms.map((t) => (
                        <li key={t}>{t}</li>
                      ))}
                    </ol>
                  </Card>
                ))}
                {d.agreements.some((a) => a.status === 'signed') && !concluded && (
                  <Typography.Text type="secondary">协议已生效：点击上方“调解成功”，选择该协议书结束调解。</Typography.Text>
                )}
              </>
            ),
          },
          {
            key: 'accountability',
            label: `问责奖惩(${d.accountability.length})`,
            children: (
              <>
                <Typography.Paragraph type="secondary">办结后由综治中心或包抓领导点击上方“问责奖惩”登记。</Typography.Paragraph>
                <Table
                  size="small"
                  rowKey={(r) => `${r.at}-${r.target}`}
                  pagination={false}
                  dataSource={d.accountability}
                  locale={{ emptyText: '暂无问责奖惩记录' }}
                  columns={[
                    { title: '日期', dataIndex: 'at', width: 110, render: (v: string) => dayjs(v).format('YYYY-MM-DD') },
                    { title: '类型', dataIndex: 'kind', width: 80, render: (v: string) => (v === 'reward' ? <Tag color="green">奖励</Tag> : <Tag color="red">问责</Tag>) },
                    { title: '对象', dataIndex: 'target', width: 200 },
                    { title: '事由', dataIndex: 'reason' },
                    { title: '登记人', dataIndex: 'by', width: 140 },
                  ]}
                />
              </>
            ),
          },
        ]}
      />
      <SessionForm d={d} open={open === 'session'} onClose={() => setOpen(null)} onSaved={saved} />
      <MeetingForm d={d} open={open === 'meeting'} onClose={() => setOpen(null)} onSaved={saved} />
      <AgreementForm d={d} open={open === 'agreement'} onClose={() => setOpen(null)} onSaved={saved} />
      <SignForm d={d} a={signing} onClose={() => setSigning(null)} onSaved={saved} />
      <ConfirmForm d={d} a={confirming} onClose={() => setConfirming(null)} onSaved={saved} />
      <TaskDoneForm d={d} task={task} onClose={() => setTask(null)} onSaved={saved} />
    </Card>
  );
}
