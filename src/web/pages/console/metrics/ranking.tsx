/**
 * 考核排名 (一月一排名、一季一考核): the children of an area (or its departments) ranked by the weighted
 * score; every cell shows its value with numerator/denominator and opens the records behind it.
 */
import { DashboardOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, withQuery } from '../../../app/api';
import { AreaPicker } from '../../../ui/area-picker';
import { useLoad } from '../../../ui/use-load';
import { DrillModal } from '../../dashboard/drill-modal';
import { type Figure, type Ranking, type RankingRow, partsText, valueText } from '../../dashboard/types';

export function RankingPage() {
  const navigate = useNavigate();
  const [area, setArea] = useState<string[]>([]);
  const [mode, setMode] = useState<'month' | 'quarter'>('month');
  const [when, setWhen] = useState<Dayjs>(dayjs());
  const [target, setTarget] = useState<'children' | 'departments'>('children');
  const [drill, setDrill] = useState<{ f: Figure; area: string } | null>(null);
  const period = mode === 'month' ? when.format('YYYY-MM') : `${when.year()}-Q${Math.floor(when.month() / 3) + 1}`;
  const areaCode = area.at(-1);
  const { data, loading, error } = useLoad(() => api.get<Ranking>('/api/metrics/ranking', { area: areaCode, period, target }), [areaCode, period, target]);
  const figureCols = (data?.rows[0]?.figures ?? []).map((f0, idx) => ({
    title: (
      <Tooltip title={f0.formula}>
        <span>{f0.name}</span>
      </Tooltip>
    ),
    key: f0.id,
    render: (_: unknown, r: RankingRow) => {
      const f = r.figures[idx];
      return (
        <Button type="link" size="small" onClick={() => setDrill({ f, area: target === 'children' ? r.key : (data?.area.code ?? '') })} style={{ padding: 0 }}>
          <span>
            <b>{valueText(f)}</b> <Typography.Text type="secondary">({partsText(f)})</Typography.Text>
          </span>
        </Button>
      );
    },
  }));
  return (
    <Card
      title={`考核排名${data ? ` · ${data.area.name} · ${data.period.label}` : ''}`}
      extra={
        <Space>
          <Button icon={<DashboardOutlined />} onClick={() => navigate(withQuery('/dashboard', { area: areaCode }))}>
            驾驶舱
          </Button>
          <Button icon={<DownloadOutlined />} href={withQuery('/api/metrics/ranking.xlsx', { area: areaCode, period, target })}>
            导出Excel
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <AreaPicker value={area} onChange={setArea} placeholder="本人管辖区域" />
        <Segmented value={mode} onChange={(v) => setMode(v as 'month' | 'quarter')} options={[{ value: 'month', label: '月度排名' }, { value: 'quarter', label: '季度考核' }]} />
        <DatePicker picker={mode} value={when} onChange={(d) => d && setWhen(d)} allowClear={false} />
        <Segmented value={target} onChange={(v) => setTarget(v as 'children' | 'departments')} options={[{ value: 'children', label: '下级区域' }, { value: 'departments', label: '职能部门' }]} />
      </Space>
      {error && <Alert type="error" message={error} style={{ marginBottom: 12 }} />}
      {data && (
        <Typography.Paragraph type="secondary">
          权重：{data.weights.map((w) => `${data.rows[0]?.figures.find((f) => f.id === w.indicator)?.name ?? w.indicator} ${w.weight}`).join('、')}
          {data.weightsVersion === 0 ? '（默认）' : ''}。点击数值查看分子、分母对应的记录。
        </Typography.Paragraph>
      )}
      <Table
        rowKey="key"
        size="small"
        loading={loading}
        dataSource={data?.rows ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '排名', dataIndex: 'rank', width: 60, fixed: 'left' },
          { title: target === 'children' ? '单位' : '部门', dataIndex: 'name', fixed: 'left' },
          { title: '综合得分', dataIndex: 'score', render: (v: number) => <b>{v}</b> },
          ...figureCols,
          ...(target === 'children'
            ? [
                {
                  title: '三无',
                  key: 'three',
                  render: (_: unknown, r: RankingRow) =>
                    r.threeNone && (
                      <Space size={2}>
                        <Tag color={r.threeNone.noPetition ? 'green' : 'red'}>{r.threeNone.noPetition ? '无信访' : `信访${r.threeNone.petitions}`}</Tag>
                        <Tag color={r.threeNone.noCase ? 'green' : 'red'}>{r.threeNone.noCase ? '无案件' : `案件${r.threeNone.cases}`}</Tag>
                        <Tag color={r.threeNone.noAccident ? 'green' : 'red'}>{r.threeNone.noAccident ? '无事故' : `事故${r.threeNone.accidents}`}</Tag>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      {data && <DrillModal figure={drill?.f ?? null} area={drill?.area ?? data.area.code} from={data.period.from} to={data.period.to} onClose={() => setDrill(null)} />}
    </Card>
  );
}
