/** 一周一结: the week's reports of the area and the grids that have not filed (listed by Monday). */
import { Alert, Card, Col, Drawer, Input, List, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Page } from '../../../app/api';
import { useLoad } from '../../../ui/use-load';
import { currentWeek, fmt, GradeTag } from './shared';

type Report = { id: number; areaCode: string; areaName: string | null; week: string; summary: string; reporterName: string | null; submittedAt: string; signalCount: number; maxGrade: string | null; editable: boolean };
type Detail = Report & { signals: { id: number; categoryLabel: string; grade: string; gradeLabel: string; description: string; location: string | null; caseId: number | null; warningId: number | null }[] };
type Missing = { week: string; grids: number; filed: number; items: { code: string; name: string; workers: string[] }[]; total: number };

function previousWeek(): string {
  return currentWeek(new Date(Date.now() - 7 * 86_400_000));
}

export function RiskWeeklyPage() {
  const [week, setWeek] = useState(previousWeek());
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const valid = /^\d{4}-W\d{2}$/.test(week);
  const reports = useLoad(() => (valid ? api.get<Page<Report>>('/api/risk/weekly-reports', { week, page, pageSize: 20 }) : Promise.resolve(undefined)), [week, page, valid]);
  const missing = useLoad(() => (valid ? api.get<Missing>('/api/risk/weekly-reports/missing', { week }) : Promise.resolve(undefined)), [week, valid]);
  const detail = useLoad(() => (openId ? api.get<Detail>(`/api/risk/weekly-reports/${openId}`) : Promise.resolve(undefined)), [openId]);

  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <Card
          title="一周一结"
          extra={
            <Space>
              <Typography.Text type="secondary">周次</Typography.Text>
              <Input style={{ width: 120 }} value={week} onChange={(e) => setWeek(e.target.value.trim())} status={valid ? undefined : 'error'} data-testid="risk-week" />
            </Space>
          }
        >
          <Table<Report>
            rowKey="id"
            size="middle"
            loading={reports.loading}
            dataSource={reports.data?.items ?? []}
            pagination={{ current: page, total: reports.data?.total ?? 0, pageSize: 20, onChange: setPage, showTotal: (n) => `共 ${n} 份` }}
            onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: '网格', dataIndex: 'areaName', width: 180, render: (v, r) => v ?? r.areaCode },
              { title: '社情民意', dataIndex: 'summary', ellipsis: true },
              { title: '信号', dataIndex: 'signalCount', width: 70 },
              { title: '最高等级', dataIndex: 'maxGrade', width: 90, render: (v) => (v ? <GradeTag grade={v} /> : '—') },
              { title: '填报人', dataIndex: 'reporterName', width: 130 },
              { title: '填报时间', dataIndex: 'submittedAt', width: 170, render: fmt },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card title="未填报网格" data-testid="risk-missing">
          {missing.data && (
            <Alert
              type={missing.data.total ? 'warning' : 'success'}
              showIcon
              style={{ marginBottom: 12 }}
              message={`${missing.data.week}：应报 ${missing.data.grids} 个网格，已报 ${missing.data.filed} 个，未报 ${missing.data.total} 个`}
            />
          )}
          <List
            size="small"
            loading={missing.loading}
            dataSource={missing.data?.items ?? []}
            pagination={{ pageSize: 15, size: 'small' }}
            renderItem={(g) => (
              <List.Item>
                <span>{g.name}</span>
                <Typography.Text type="secondary">{g.workers.join('、') || '未配网格员'}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      </Col>
      <Drawer open={!!openId} width={560} title="一周一结详情" onClose={() => setOpenId(null)}>
        {detail.data && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Title level={5}>
              {detail.data.areaName} · {detail.data.week}
            </Typography.Title>
            <Typography.Paragraph>{detail.data.summary || '（无）'}</Typography.Paragraph>
            <List
              header="风险信号"
              bordered
              dataSource={detail.data.signals}
              renderItem={(s) => (
                <List.Item>
                  <Space direction="vertical" size={2}>
                    <Space>
                      <GradeTag grade={s.grade} label={s.gradeLabel} />
                      <Tag>{s.categoryLabel}</Tag>
                      {s.caseId && <Tag color="green">已转事件</Tag>}
                      {s.warningId && <Tag color="volcano">已预警</Tag>}
                    </Space>
                    <span>{s.description}</span>
                    {s.location && <Typography.Text type="secondary">{s.location}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
          </Space>
        )}
      </Drawer>
    </Row>
  );
}
