/** 矛盾纠纷、信访、12345 工作数据, each figure with its formula. */
import { Card, Col, DatePicker, Row, Statistic, Tooltip, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../../app/api';
import { useLoad } from '../../../ui/use-load';

type Figure = { key: string; label: string; value: number; formula: string };
type Figures = { disputes: Figure[]; petitions: Figure[]; hotline: Figure[] };

function Block({ title, items }: { title: string; items: Figure[] }) {
  return (
    <Card title={title} style={{ marginBottom: 16 }}>
      <Row gutter={[16, 16]}>
        {items.map((f) => (
          <Col key={f.key} xs={12} md={8} lg={6}>
            <Tooltip title={f.formula}>
              <Statistic title={f.label} value={f.value} />
            </Tooltip>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {f.formula}
            </Typography.Text>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

export function DisputeFiguresPage() {
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const { data } = useLoad(() => api.get<Figures>('/api/disputes/figures', { from, to }), [from, to]);
  return (
    <>
      <DatePicker.RangePicker style={{ marginBottom: 16 }} onChange={(v) => setRange(v)} />
      {data && (
        <>
          <Block title="矛盾纠纷化解" items={data.disputes} />
          <Block title="信访" items={data.petitions} />
          <Block title="12345热线" items={data.hotline} />
        </>
      )}
    </>
  );
}
