/** 风险地图: the area's children on the boundary map coloured by their highest open grade, and the weekly trend. */
import { Card, Col, Empty, Row, Select, Space, Table, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useCallback, useMemo, useState } from 'react';
import { api, type Page } from '../../../app/api';
import { useAuth } from '../../../app/auth';
import type { BoundaryCollection } from '../../../app/types';
import { EChart, type EchartsLib } from '../../../ui/echart';
import { useLoad } from '../../../ui/use-load';
import { CATEGORY_OPTIONS, GRADE_COLOR, GRADE_OPTIONS, GradeTag } from './shared';
import { escapeHtml } from '../../../ui/escape-html';

type MapData = { items: { areaCode: string; signals: number; openWarnings: number; maxGrade: string | null }[] };
type Trend = { weeks: { week: string; signals: Record<string, number>; warnings: number; reports: number }[] };
type Signal = { id: number; areaCode: string; week: string; categoryLabel: string; grade: string; gradeLabel: string; description: string; caseId: number | null };
const RANK = ['blue', 'yellow', 'orange', 'red'];

export function RiskMapPage() {
  const { me } = useAuth();
  const area = me?.scopes[0]?.code ?? '';
  const [grade, setGrade] = useState<string | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const boundaries = useLoad(() => (area ? api.get<BoundaryCollection>(`/api/areas/${area}/boundaries`) : Promise.resolve(null)), [area]);
  const stats = useLoad(() => api.get<MapData>('/api/risk/map'), []);
  const trend = useLoad(() => api.get<Trend>('/api/risk/trend', { weeks: 12 }), []);
  const signals = useLoad(() => api.get<Page<Signal>>('/api/risk/signals', { grade, category, pageSize: 50 }), [grade, category]);

  const features = useMemo(() => (boundaries.data?.features ?? []).filter((f) => f.geometry && /Polygon$/.test(f.geometry.type)), [boundaries.data]);
  const mapName = `fq-risk-${area}`;
  const prepare = useCallback(
    (lib: EchartsLib) => {
      type GeoJson = Parameters<EchartsLib['registerMap']>[1];
      lib.registerMap(mapName, { type: 'FeatureCollection', features } as unknown as GeoJson);
    },
    [mapName, features],
  );
  const option = useMemo<EChartsCoreOption>(() => {
    const items = stats.data?.items ?? [];
    const of = (code: string) => {
      const inside = items.filter((i) => i.areaCode.startsWith(code));
      const max = inside.reduce<string | null>((m, i) => (i.maxGrade && (!m || RANK.indexOf(i.maxGrade) > RANK.indexOf(m)) ? i.maxGrade : m), null);
      return { max, signals: inside.reduce((n, i) => n + i.signals, 0), warnings: inside.reduce((n, i) => n + i.openWarnings, 0) };
    };
    const names = new Map(features.map((f) => [f.properties.code, f.properties.name]));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name?: string }) => {
          const s = of(p.name ?? '');
          return `${escapeHtml(names.get(p.name ?? ''))}<br/>风险信号 ${s.signals} 条，未关闭预警 ${s.warnings} 条`;
        },
      },
      series: [
        {
          type: 'map',
          map: mapName,
          nameProperty: 'code',
          roam: true,
          selectedMode: false,
          aspectScale: 0.8,
          label: { show: true, formatter: (p: { name?: string }) => names.get(p.name ?? '') ?? '', fontSize: 10 },
          labelLayout: { hideOverlap: true },
          itemStyle: { areaColor: '#f5f5f5', borderColor: '#8c8c8c' },
          data: features.map((f) => {
            const s = of(f.properties.code);
            return { name: f.properties.code, itemStyle: s.max ? { areaColor: GRADE_COLOR[s.max], opacity: 0.75 } : undefined };
          }),
        },
      ],
    };
  }, [features, mapName, stats.data]);

  const trendOption = useMemo<EChartsCoreOption>(() => {
    const weeks = trend.data?.weeks ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: weeks.map((w) => w.week.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...GRADE_OPTIONS.slice()
          .reverse()
          .map((g) => ({ name: `${g.label}信号`, type: 'bar', stack: 'signals', itemStyle: { color: GRADE_COLOR[g.value] }, data: weeks.map((w) => w.signals[g.value] ?? 0) })),
        { name: '预警', type: 'bar', itemStyle: { color: '#722ed1' }, data: weeks.map((w) => w.warnings) },
      ],
    };
  }, [trend.data]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Row gutter={16}>
        <Col xs={24} lg={13}>
          <Card title="风险地图" extra={<Typography.Text type="secondary">颜色为辖区内最高风险等级</Typography.Text>}>
            {features.length ? (
              <EChart option={option} prepare={prepare} style={{ height: 420 }} data-testid="risk-map" />
            ) : (
              <Empty description="暂无区域边界" />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={11}>
          <Card title="近12周风险信号与预警">
            <EChart option={trendOption} style={{ height: 420 }} data-testid="risk-trend" />
          </Card>
        </Col>
      </Row>
      <Card
        title="风险信号"
        extra={
          <Space>
            <Select allowClear placeholder="等级" style={{ width: 100 }} options={GRADE_OPTIONS} value={grade} onChange={setGrade} />
            <Select allowClear placeholder="类别" style={{ width: 160 }} options={CATEGORY_OPTIONS.slice(0, 8)} value={category} onChange={setCategory} />
          </Space>
        }
      >
        <Table<Signal>
          rowKey="id"
          size="small"
          loading={signals.loading}
          dataSource={signals.data?.items ?? []}
          pagination={false}
          columns={[
            { title: '周次', dataIndex: 'week', width: 100 },
            { title: '等级', dataIndex: 'grade', width: 80, render: (_, s) => <GradeTag grade={s.grade} label={s.gradeLabel} /> },
            { title: '类别', dataIndex: 'categoryLabel', width: 130 },
            { title: '内容', dataIndex: 'description' },
            { title: '网格', dataIndex: 'areaCode', width: 160 },
            { title: '转办', dataIndex: 'caseId', width: 90, render: (v) => (v ? '已转事件' : '—') },
          ]}
        />
      </Card>
    </Space>
  );
}
