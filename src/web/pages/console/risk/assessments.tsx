/** 社会稳定风险评估 (稳评): matters assessed per area and year, with risks, level, measures and the decision. */
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, errorMessage, type Page } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import { useLoad } from '../../../ui/use-load';

type Assessment = {
  id: number;
  areaCode: string;
  areaName: string | null;
  year: number;
  title: string;
  matterType: string;
  owner: string;
  assessor: string;
  assessorType: string;
  risks: { description: string; level: string }[];
  level: string | null;
  levelLabel: string | null;
  measures: string;
  decision: string | null;
  decisionLabel: string | null;
  documents: { name: string }[];
  version: number;
};
const LEVEL_COLOR: Record<string, string> = { high: 'red', medium: 'orange', low: 'green' };
const MATTER: Record<string, string> = { decision: '重大决策', project: '重大项目', policy: '重大政策', reform: '重大改革', other: '其他' };

export function RiskAssessmentsPage() {
  const { message } = App.useApp();
  const { me } = useAuth();
  const [year, setYear] = useState<number | null>(new Date().getFullYear());
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const { data, loading, reload } = useLoad(() => api.get<Page<Assessment>>('/api/risk/assessments', { year, page, pageSize: 20 }), [year, page]);
  const canWrite = !!me?.roles.includes('center_staff');

  async function save() {
    const v = await form.validateFields();
    try {
      await api.post('/api/risk/assessments', {
        ...v,
        risks: v.riskText ? [{ description: v.riskText, level: v.level ?? 'medium' }] : [],
        riskText: undefined,
        documents: v.documentName ? [{ name: v.documentName }] : [],
        documentName: undefined,
        decision: v.decision ?? null,
        level: v.level ?? null,
      });
      message.success('已登记');
      setCreating(false);
      form.resetFields();
      reload();
    } catch (e) {
      message.error(errorMessage(e));
    }
  }

  return (
    <Card
      title="社会稳定风险评估"
      extra={
        <Space>
          <InputNumber placeholder="年度" value={year} onChange={(v) => setYear(v)} min={2000} max={2100} />
          {canWrite && (
            <Button type="primary" onClick={() => setCreating(true)}>
              登记稳评
            </Button>
          )}
        </Space>
      }
    >
      <Table<Assessment>
        rowKey="id"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage }}
        expandable={{
          expandedRowRender: (a) => (
            <Space direction="vertical">
              {a.risks.map((r) => (
                <span key={r.description}>
                  <Tag color={LEVEL_COLOR[r.level]}>{r.level === 'high' ? '高' : r.level === 'medium' ? '中' : '低'}</Tag>
                  {r.description}
                </span>
              ))}
              <span>防范化解措施：{a.measures || '—'}</span>
              <span>材料：{a.documents.map((d) => d.name).join('、') || '—'}</span>
            </Space>
          ),
        }}
        columns={[
          { title: '事项', dataIndex: 'title' },
          { title: '类型', dataIndex: 'matterType', width: 100, render: (v) => MATTER[v] ?? v },
          { title: '区域', dataIndex: 'areaName', width: 140 },
          { title: '年度', dataIndex: 'year', width: 70 },
          { title: '责任主体', dataIndex: 'owner', width: 150 },
          { title: '评估主体', dataIndex: 'assessor', width: 180, render: (v, a) => (a.assessorType === 'third_party' ? `${v}(第三方)` : v) },
          { title: '风险等级', dataIndex: 'levelLabel', width: 90, render: (v, a) => (v ? <Tag color={LEVEL_COLOR[a.level ?? '']}>{v}</Tag> : '—') },
          { title: '决策结果', dataIndex: 'decisionLabel', width: 100, render: (v) => v ?? '待决策' },
        ]}
      />
      <Modal open={creating} title="登记社会稳定风险评估" okText="保存" cancelText="取消" onCancel={() => setCreating(false)} onOk={save} width={640}>
        <Form form={form} layout="vertical" initialValues={{ areaCode: me?.scopes[0]?.code, matterType: 'project', assessorType: 'internal' }}>
          <Form.Item name="title" label="事项名称" rules={[{ required: true, message: '请填写事项名称' }]}>
            <Input />
          </Form.Item>
          <Space wrap>
            <Form.Item name="areaCode" label="所属区域编码" rules={[{ required: true }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="matterType" label="类型">
              <Select style={{ width: 140 }} options={Object.entries(MATTER).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="owner" label="责任主体" rules={[{ required: true, message: '请填写责任主体' }]}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="assessor" label="评估主体" rules={[{ required: true, message: '请填写评估主体' }]}>
              <Input style={{ width: 220 }} />
            </Form.Item>
            <Form.Item name="assessorType" label="评估方式">
              <Select
                style={{ width: 140 }}
                options={[
                  { value: 'internal', label: '自行评估' },
                  { value: 'third_party', label: '第三方评估' },
                ]}
              />
            </Form.Item>
          </Space>
          <Form.Item name="riskText" label="识别的主要风险">
            <Input.TextArea rows={2} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="level" label="风险等级">
              <Select
                allowClear
                style={{ width: 120 }}
                options={[
                  { value: 'high', label: '高' },
                  { value: 'medium', label: '中' },
                  { value: 'low', label: '低' },
                ]}
              />
            </Form.Item>
            <Form.Item name="decision" label="决策结果">
              <Select
                allowClear
                style={{ width: 140 }}
                options={[
                  { value: 'implement', label: '实施' },
                  { value: 'postpone', label: '暂缓实施' },
                  { value: 'reject', label: '不实施' },
                ]}
              />
            </Form.Item>
            <Form.Item name="documentName" label="评估材料名称">
              <Input style={{ width: 220 }} placeholder="如 稳评报告.pdf" />
            </Form.Item>
          </Space>
          <Form.Item name="measures" label="防范化解措施">
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
