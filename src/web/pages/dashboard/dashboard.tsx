/**
 * 驾驶舱 (DESIGN §10, §17): a dark wall page outside the console layout. The map of grids in the middle is
 * coloured by a chosen indicator, with open events and risk warnings on it; KPI cards (each with its
 * numerator and denominator, opening the records behind them), trends, the children's ranking, overdue and
 * 督办 lists around it. Clicking a child area or a grid drills down; it refreshes itself every minute.
 */
import { ConfigProvider, Select, theme } from 'antd';
import { EffectScatterChart, LineChart, ScatterChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import { type EChartsCoreOption, use } from 'echarts/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../app/api';
import { type ChartClick, EChart, type EchartsLib } from '../../ui/echart';
import { useLoad } from '../../ui/use-load';
import { DrillModal } from './drill-modal';
import { type Dashboard, type Figure, type MapAreas, partsText, valueText } from './types';
import './dashboard.css';
import { escapeHtml } from '../../ui/escape-html';

use([LineChart, ScatterChart, EffectScatterChart, MarkLineComponent]);

const KPI_IDS = [
  'reported',
  'close_rate',
  'on_time_rate',
  'satisfaction_rate',
  'local_rate',
  'rework_rate',
  'avg_close_hours',
  'visit_coverage',
  'special_follow_rate',
  'weekly_report_rate',
];
const MAP_INDICATORS = ['close_rate', 'on_time_rate', 'satisfaction_rate', 'local_rate', 'reported', 'visit_coverage', 'weekly_report_rate'];
const REFRESH_MS = 60_000;
const PERIODS = [
  { value: 'month', label: '本月' },
  { value: 'quarter', label: '本季度' },
  { value: 'year', label: '本年' },
  { value: 'rolling', label: '近一年' },
];

function periodBounds(kind: string): { from: string; to: string } {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const today = now.toISOString().slice(0, 10);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  if (kind === 'month') return { from: `${today.slice(0, 7)}-01`, to: today };
  if (kind === 'quarter') return { from: `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`, to: today };
  if (kind === 'year') return { from: `${y}-01-01`, to: today };
  const d = new Date(now.getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
  return { from: d, to: today };
}

const dark = { color: '#cfe3ff' };
const axis = { axisLine: { lineStyle: { color: '#3b6a9a' } }, axisLabel: { color: '#9fc3ea' }, splitLine: { lineStyle: { color: '#16365a' } } };

function Kpi({ f, onOpen }: { f: Figure; onOpen: (f: Figure) => void }) {
  return (
    <button type="button" className="dash-kpi" onClick={() => onOpen(f)} title={f.formula} data-testid={`kpi-${f.id}`}>
      <span className="dash-kpi-name">{f.name}</span>
      <span className="dash-kpi-value">{valueText(f)}</span>
      <span className="dash-kpi-parts">{partsText(f)}</span>
    </button>
  );
}

export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const area = params.get('area') ?? undefined;
  const [period, setPeriod] = useState('year');
  const [mapIndicator, setMapIndicator] = useState('close_rate');
  const [drill, setDrill] = useState<Figure | null>(null);
  const [tick, setTick] = useState(0);
  const bounds = useMemo(() => periodBounds(period), [period]);
  const { data, error } = useLoad(() => api.get<Dashboard>('/api/metrics/dashboard', { area, ...bounds }), [area, bounds, tick]);
  // the boundaries are static: fetched once per area (cached by the browser, revalidated by ETag)
  const areaCode = data?.area.code;
  const { data: layer } = useLoad(
    () => (areaCode ? api.get<MapAreas>('/api/metrics/map-areas', { area: areaCode }) : Promise.resolve(undefined)),
    [areaCode],
  );

  useEffect(() => {
    const t = setInterval(() => setTick((x) => x + 1), REFRESH_MS);
    return () => clearInterval(t);
  }, []);

  const goArea = useCallback(
    (code: string) => {
      const next = new URLSearchParams(params);
      next.set('area', code);
      setParams(next);
    },
    [params, setParams],
  );

  const mapName = layer ? `fq-dash-${layer.area.code}` : '';
  const geo = useMemo(() => {
    if (!layer) return null;
    return {
      type: 'FeatureCollection',
      features: layer.grids.map((g) => ({ type: 'Feature', id: g.code, properties: { name: g.code }, geometry: g.boundary })),
    };
  }, [layer]);
  const prepare = useCallback(
    (lib: EchartsLib) => {
      if (geo && mapName) lib.registerMap(mapName, geo as unknown as Parameters<EchartsLib['registerMap']>[1]);
    },
    [geo, mapName],
  );

  const mapOption = useMemo((): EChartsCoreOption | null => {
    if (!data || !geo || !layer || layer.area.code !== data.area.code || layer.grids.length === 0) return null;
    const names = new Map(data.map.grids.map((g) => [g.code, g.name]));
    const def = data.indicators.find((i) => i.id === mapIndicator);
    const values = data.map.grids.map((g) => {
      const f = g.values.find((x) => x.id === mapIndicator);
      return { name: g.code, value: f?.value ?? null, parts: f && def ? partsText({ ...def, ...f }) : '' };
    });
    const nums = values.map((v) => v.value).filter((v): v is number => typeof v === 'number');
    const centre = new Map<string, [number, number]>();
    for (const g of layer.grids) {
      const b = g.boundary as { type: string; coordinates: number[][][] | number[][][][] };
      const ring = (b.type === 'Polygon' ? b.coordinates[0] : (b.coordinates as number[][][][])[0][0]) as number[][];
      const pts = ring.slice(0, -1);
      centre.set(g.code, [pts.reduce((a, p) => a + p[0], 0) / pts.length, pts.reduce((a, p) => a + p[1], 0) / pts.length]);
    }
    const indName = data.indicators.find((i) => i.id === mapIndicator)?.name ?? '';
    return {
      backgroundColor: 'transparent',
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesType: string; name: string; data?: { value: number | null; parts?: string; title?: string } }) =>
          p.seriesType === 'map'
            ? `${escapeHtml(names.get(p.name) ?? p.name)}<br/>${escapeHtml(indName)}：${p.data?.value ?? '—'}<br/>${escapeHtml(p.data?.parts)}`
            : escapeHtml(p.data?.title),
      },
      visualMap: {
        seriesIndex: 0,
        min: nums.length ? Math.min(...nums) : 0,
        max: nums.length ? Math.max(...nums, Math.min(...nums) + 1) : 100,
        left: 16,
        bottom: 16,
        calculable: true,
        text: ['高', '低'],
        textStyle: dark,
        inRange: { color: ['#7a2e3b', '#b8862b', '#2f7d5b', '#34c38f'] },
      },
      geo: { map: mapName, roam: true, left: 72, right: 16, top: 12, bottom: 12, itemStyle: { areaColor: '#12304f', borderColor: '#4aa3ff', borderWidth: 0.6 }, emphasis: { itemStyle: { areaColor: '#2b6cb0' }, label: { show: false } } },
      series: [
        { type: 'map', geoIndex: 0, data: values },
        {
          type: 'scatter',
          name: '事件',
          coordinateSystem: 'geo',
          symbolSize: 6,
          itemStyle: { color: (p: { data: { overdue: boolean } }) => (p.data.overdue ? '#ff4d4f' : '#ffd666') },
          data: data.map.markers.map((m) => ({ value: [m.lng, m.lat], title: `${m.title}${m.overdue ? '（超期）' : ''}`, overdue: m.overdue })),
        },
        {
          type: 'effectScatter',
          name: '风险预警',
          coordinateSystem: 'geo',
          symbolSize: 12,
          itemStyle: { color: '#ff7a45' },
          data: data.map.warnings.filter((w) => centre.has(w.areaCode.slice(0, 15))).map((w) => ({ value: centre.get(w.areaCode.slice(0, 15)), title: `预警：${w.title}` })),
        },
      ],
    };
  }, [data, layer, geo, mapName, mapIndicator]);

  const trendOption = useMemo((): EChartsCoreOption | null => {
    if (!data) return null;
    return {
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      legend: { textStyle: dark, top: 0 },
      grid: { left: 40, right: 40, top: 30, bottom: 24 },
      xAxis: { type: 'category', data: data.trend.map((p) => p.month.slice(2)), ...axis },
      yAxis: [
        { type: 'value', name: '件', ...axis },
        { type: 'value', name: '%', max: 100, ...axis, splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: '上报事件', data: data.trend.map((p) => p.reported), itemStyle: { color: '#3aa0ff' } },
        { type: 'line', name: '结案率', yAxisIndex: 1, smooth: true, data: data.trend.map((p) => p.closeRate), itemStyle: { color: '#34c38f' } },
      ],
    };
  }, [data]);

  const rankOption = useMemo((): EChartsCoreOption | null => {
    if (!data) return null;
    const rows = [...data.ranking].slice(0, 10).reverse();
    return {
      backgroundColor: 'transparent',
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 40, top: 8, bottom: 16 },
      xAxis: { type: 'value', max: 100, ...axis },
      yAxis: { type: 'category', data: rows.map((r) => `${r.rank}. ${r.name}`), ...axis, axisLabel: { color: '#cfe3ff', width: 100, overflow: 'truncate', interval: 0, fontSize: 11 } },
      series: [{ type: 'bar', data: rows.map((r) => ({ value: r.score, code: r.key })), itemStyle: { color: '#4fd1ff' }, label: { show: true, position: 'right', color: '#cfe3ff' } }],
    };
  }, [data]);

  const onRankClick = useCallback(
    (e: ChartClick) => {
      const code = (e.data as { code?: string } | undefined)?.code;
      if (code) goArea(code);
    },
    [goArea],
  );
  const onMapClick = useCallback(
    (e: ChartClick) => {
      if (e.seriesType === 'map' && e.name) goArea(e.name);
    },
    [goArea],
  );

  const kpis = data ? KPI_IDS.map((id) => data.indicators.find((f) => f.id === id)).filter((f): f is Figure => !!f) : [];
  const tn = data?.threeNone;
  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <div className="dash" data-testid="dashboard">
        <header className="dash-head">
          <div className="dash-title">
            <span className="dash-logo">枫桥</span> 平安建设驾驶舱
            <span className="dash-area" data-testid="dash-area">
              {data?.area.name ?? ''}
            </span>
          </div>
          <nav className="dash-path">
            {data?.path.map((p) => (
              <button type="button" key={p.code} onClick={() => goArea(p.code)}>
                {p.name} ›
              </button>
            ))}
            <span>{data?.area.name}</span>
          </nav>
          <div className="dash-tools">
            <div className="dash-periods" role="radiogroup" aria-label="统计期间">
              {PERIODS.map((p) => (
                <button type="button" key={p.value} className={period === p.value ? 'on' : ''} aria-checked={period === p.value} role="radio" onClick={() => setPeriod(p.value)}>
                  {p.label}
                </button>
              ))}
            </div>
            <Select
              size="small"
              style={{ width: 200 }}
              value={mapIndicator}
              onChange={setMapIndicator}
              options={MAP_INDICATORS.map((id) => ({ value: id, label: `地图：${data?.indicators.find((i) => i.id === id)?.name ?? id}` }))}
            />
            <button type="button" className="dash-link" onClick={() => navigate('/')}>
              返回工作台
            </button>
            <span className="dash-time">{data ? `更新于 ${new Date(data.generatedAt).toLocaleTimeString('zh-CN', { hour12: false })}` : ''}</span>
          </div>
        </header>
        {error && <div className="dash-error">{error}</div>}
        <main className="dash-body">
          <section className="dash-col">
            <div className="dash-panel dash-kpis">
              <h3>核心指标 · {data?.period.label}</h3>
              <div className="dash-kpi-grid">
                {kpis.map((f) => (
                  <Kpi key={f.id} f={f} onOpen={setDrill} />
                ))}
              </div>
            </div>
            <div className="dash-panel">
              <h3>三无创建</h3>
              {tn && (
                <div className="dash-three" data-testid="three-none">
                  <span className={tn.noPetition ? 'ok' : 'bad'}>{tn.noPetition ? '无信访 ✓' : `信访 ${tn.petitions}`}</span>
                  <span className={tn.noCase ? 'ok' : 'bad'}>{tn.noCase ? '无案件 ✓' : `刑事/治安案件 ${tn.cases}`}</span>
                  <span className={tn.noAccident ? 'ok' : 'bad'}>{tn.noAccident ? '无事故 ✓' : `安全事故 ${tn.accidents}`}</span>
                </div>
              )}
            </div>
            <div className="dash-panel dash-grow">
              <h3>近12个月趋势</h3>
              {trendOption && <EChart option={trendOption} style={{ height: '100%', minHeight: 120 }} />}
            </div>
          </section>
          <section className="dash-map dash-panel">
            <h3>
              网格分布 · {data?.map.grids.length ?? 0} 个网格 · 在办事件 {data?.map.markers.length ?? 0} · 风险预警 {data?.map.warnings.length ?? 0}
            </h3>
            {mapOption ? (
              <EChart option={mapOption} prepare={prepare} onClick={onMapClick} style={{ flex: 1, minHeight: 300 }} data-testid="dash-map" />
            ) : (
              <div className="dash-empty">{data ? '本区域没有网格边界' : '加载中…'}</div>
            )}
            <div className="dash-children">
              {data?.children.slice(0, 60).map((c) => {
                const f = c.indicators.find((x) => x.id === mapIndicator)!;
                return (
                  <button type="button" key={c.code} onClick={() => goArea(c.code)} title={`${f.name}：${partsText(f)}`}>
                    {c.name} <b>{valueText(f)}</b>
                  </button>
                );
              })}
            </div>
          </section>
          <section className="dash-col">
            <div className="dash-panel dash-grow" data-testid="dash-ranking">
              <h3>一月一排名 · 下级单位综合得分</h3>
              {rankOption && <EChart option={rankOption} onClick={onRankClick} style={{ height: '100%', minHeight: 160 }} />}
            </div>
            <div className="dash-panel dash-list">
              <h3>超期事件 {data?.overdue.total ?? 0} 件</h3>
              <ul data-testid="overdue-list">
                {data?.overdue.items.map((c) => (
                  <li key={c.id}>
                    <span className="red">●</span> {c.title}
                    <em>{new Date(c.dueAt).toLocaleDateString('zh-CN')}</em>
                  </li>
                ))}
              </ul>
            </div>
            <div className="dash-panel dash-list">
              <h3>督办 {data?.supervisions.total ?? 0} 件</h3>
              <ul>
                {data?.supervisions.items.map((s) => (
                  <li key={s.id}>
                    <span className="amber">●</span> {s.title}
                    <em>{s.note}</em>
                  </li>
                ))}
              </ul>
            </div>
          </section>
        </main>
        {data && <DrillModal figure={drill} area={data.area.code} from={bounds.from} to={bounds.to} onClose={() => setDrill(null)} />}
      </div>
    </ConfigProvider>
  );
}
