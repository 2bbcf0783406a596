/** 预警规则: each declared rule's parameters and the acknowledge deadlines per grade (administrators edit). */
import { App, Button, Card, Input, InputNumber, Select, Space, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useLoad } from '../../../ui/use-load';
import { GradeTag } from './shared';

type Params = Record<string, number | string | string[]>;
type Rule = { code: string; name: string; description: string; grade: string; enabled: boolean; params: Params; defaults: Params };
type GradePolicy = { tier: string; ack: { amount: number; unit: string } };
type Rules = { policy: { grades: Record<string, GradePolicy>; signalMinGrade: string }; rules: Rule[] };

const PARAM_LABEL: Record<string, string> = {
  minCases: '件数≥',
  windowDays: '天数',
  minEvents: '件数≥',
  radiusM: '距离(米)',
  minPetitions: '次数≥',
  minRiskLevel: '风险等级≥',
  graceDays: '宽限天数',
  keywords: '关键词',
};
const TIERS = [
  { value: 'grid', label: '网格' },
  { value: 'village', label: '村(社区)' },
  { value: 'town', label: '镇综治中心' },
  { value: 'county', label: '县综治中心' },
];
const UNITS = [
  { value: 'hour', label: '小时' },
  { value: 'workday', label: '工作日' },
  { value: 'day', label: '自然日' },
];

export function RiskRulesPage() {
  const { message } = App.useApp();
  const { me } = useAuth();
  const editable = !!me?.permissions.includes('policy:manage');
  const { data, reload } = useLoad(() => api.get<Rules>('/api/risk/rules'), []);
  const [draft, setDraft] = useState<Rules | null>(null);
  useEffect(() => setDraft(data ?? null), [data]);

  async function save() {
    if (!draft) return;
    try {
      await api.put('/api/risk/rules', { policy: draft.policy, rules: draft.rules.map((r) => ({ code: r.code, enabled: r.enabled, params: r.params })) });
      message.success('已保存');
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }
  const setRule = (code: string, patch: Partial<Rule>) => setDraft((d) => (d ? { ...d, rules: d.rules.map((r) => (r.code === code ? { ...r, ...patch } : r)) } : d));
  const setGrade = (g: string, patch: Partial<GradePolicy>) =>
    setDraft((d) => (d ? { ...d, policy: { ...d.policy, grades: { ...d.policy.grades, [g]: { ...d.policy.grades[g], ...patch } } } } : d));

  if (!draft) return <Card loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title="分级签收时限" extra={editable && <Button type="primary" onClick={save}>保存</Button>}>
        <Table
          rowKey="grade"
          pagination={false}
          size="small"
          dataSource={['red', 'orange', 'yellow', 'blue'].map((grade) => ({ grade, ...draft.policy.grades[grade] }))}
          columns={[
            { title: '等级', dataIndex: 'grade', width: 90, render: (g) => <GradeTag grade={g} /> },
            {
              title: '首先送达',
              dataIndex: 'tier',
              render: (v, r) => <Select disabled={!editable} style={{ width: 140 }} value={v} options={TIERS} onChange={(tier) => setGrade(r.grade, { tier })} />,
            },
            {
              title: '签收时限(超时升级到上一级)',
              key: 'ack',
              render: (_, r) => (
                <Space>
                  <InputNumber disabled={!editable} min={1} value={r.ack.amount} onChange={(amount) => setGrade(r.grade, { ack: { ...r.ack, amount: amount ?? 1 } })} />
                  <Select disabled={!editable} style={{ width: 100 }} value={r.ack.unit} options={UNITS} onChange={(unit) => setGrade(r.grade, { ack: { ...r.ack, unit } })} />
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title="预警规则">
        <Table<Rule>
          rowKey="code"
          pagination={false}
          dataSource={draft.rules}
          columns={[
            { title: '启用', dataIndex: 'enabled', width: 70, render: (v, r) => <Switch disabled={!editable} checked={v} onChange={(enabled) => setRule(r.code, { enabled })} /> },
            {
              title: '规则',
              dataIndex: 'name',
              render: (v, r) => (
                <Space direction="vertical" size={0}>
                  <strong>{v}</strong>
                  <Typography.Text type="secondary">{r.description}</Typography.Text>
                </Space>
              ),
            },
            { title: '等级', dataIndex: 'grade', width: 80, render: (g) => <GradeTag grade={g} /> },
            {
              title: '参数',
              key: 'params',
              render: (_, r) => (
                <Space wrap>
                  {Object.entries(r.params).map(([k, v]) => (
                    <Space key={k} size={4}>
                      <span>{PARAM_LABEL[k] ?? k}</span>
                      {Array.isArray(v) ? (
                        <Input
                          disabled={!editable}
                          style={{ width: 260 }}
                          value={v.join('、')}
                          onChange={(e) => setRule(r.code, { params: { ...r.params, [k]: e.target.value.split(/[、,，\s]+/).filter(Boolean) } })}
                        />
                      ) : (
                        <InputNumber disabled={!editable} min={0} value={Number(v)} onChange={(n) => setRule(r.code, { params: { ...r.params, [k]: n ?? 0 } })} />
                      )}
                    </Space>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
