import { Button, Empty, Space, Spin, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../app/api';
import type { AreaSummary, BoundaryCollection, BoundaryFeature } from '../../app/types';
import { useLoad } from '../../ui/use-load';
import { escapeHtml } from '../../ui/escape-html';

type Lib = typeof import('./case-map-lib')['echarts'];
type Chart = ReturnType<Lib['init']>;
type GeoJson = Parameters<Lib['registerMap']>[1];

let libPromise: Promise<Lib> | null = null;
function loadLib(): Promise<Lib> {
  libPromise ??= import('./case-map-lib').then((m) => m.echarts);
  return libPromise;
}

export type MapPoint = { lng: number; lat: number };
type GeoClick = { componentType?: string; name?: string; event?: { offsetX: number; offsetY: number } };

let mapSeq = 0;

/**
 * Boundaries drawn offline as an ECharts geo (no basemap) with an optional red point; a click on a shape
 * reports the shape's code and the clicked coordinates.
 */
export function BoundaryPointMap({
  features,
  point,
  onClick,
  style,
  testId,
}: {
  features: BoundaryFeature[];
  point?: MapPoint | null;
  onClick?: (code: string, at: MapPoint | null) => void;
  style?: CSSProperties;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const [lib, setLib] = useState<Lib | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const mapName = useMemo(() => `fq-case-map-${++mapSeq}`, []);

  useEffect(() => {
    let alive = true;
    loadLib().then((l) => alive && setLib(l));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (!lib || !ref.current) return;
    const c = lib.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (raw) => {
      const e = raw as GeoClick;
      if (e.componentType !== 'geo' || !e.name) return;
      const px = e.event ? (c.convertFromPixel({ geoIndex: 0 }, [e.event.offsetX, e.event.offsetY]) as number[] | undefined) : undefined;
      clickRef.current?.(e.name, px && Number.isFinite(px[0]) ? { lng: px[0], lat: px[1] } : null);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [lib]);

  const option = useMemo<EChartsCoreOption>(() => {
    const names = new Map(features.map((f) => [f.properties.code, f.properties.name]));
    return {
      tooltip: { trigger: 'item', formatter: (p: { name?: string; seriesType?: string }) => (p.seriesType === 'scatter' ? '事发位置' : escapeHtml(names.get(p.name ?? '') ?? p.name)) },
      geo: {
        map: mapName,
        nameProperty: 'code',
        roam: true,
        aspectScale: 0.8,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        selectedMode: false,
        label: { show: true, fontSize: 11, color: '#555', formatter: (p: { name?: string }) => names.get(p.name ?? '') ?? '' },
        labelLayout: { hideOverlap: true },
        itemStyle: { areaColor: '#fbeaea', borderColor: '#a8071a', borderWidth: 1 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#f6d1d1' } },
      },
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbol: 'pin',
          symbolSize: 28,
          itemStyle: { color: '#cf1322' },
          data: point ? [[point.lng, point.lat]] : [],
          z: 10,
        },
      ],
    };
  }, [features, point, mapName]);

  useEffect(() => {
    if (!lib || !chart.current) return;
    lib.registerMap(mapName, { type: 'FeatureCollection', features } as unknown as GeoJson);
    chart.current.setOption(option, { notMerge: true });
  }, [lib, option, features, mapName]);

  return (
    <div style={{ position: 'relative', height: 260, border: '1px solid #f0f0f0', borderRadius: 4, background: '#fff', ...style }} data-testid={testId}>
      <div ref={ref} style={{ width: '100%', height: '100%' }} data-chart-ready={lib ? '1' : '0'} />
      {!lib && (
        <div style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          <Spin />
        </div>
      )}
    </div>
  );
}

function polygons(c: BoundaryCollection | undefined): BoundaryFeature[] {
  return (c?.features ?? []).filter((f) => f.geometry && /Polygon$/.test(f.geometry.type));
}

/** The case's grid boundary with the reported point (基本信息). */
export function CaseLocationMap({ areaCode, point, style }: { areaCode: string; point: MapPoint | null; style?: CSSProperties }) {
  const { data, loading, error } = useLoad(() => api.get<BoundaryCollection>(`/api/areas/${areaCode}/boundaries`), [areaCode]);
  const features = useMemo(() => polygons(data), [data]);
  if (loading && !data) return <Spin />;
  if (error || features.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无网格边界" />;
  return <BoundaryPointMap features={features} point={point} style={style} testId="case-map" />;
}

const FINE = new Set(['grid', 'microgrid']);

/**
 * Where it happened, for a new report: the user's area on a small map; clicking a village opens its grids,
 * clicking inside a grid sets the point (the server assigns the grid from it).
 */
export function LocationPicker({
  rootCode,
  value,
  onChange,
  onAreaChange,
}: {
  rootCode: string;
  value?: MapPoint | null;
  onChange?: (p: MapPoint | null) => void;
  /** the area being looked at, used as the case's area when no point is set */
  onAreaChange?: (code: string, name: string) => void;
}) {
  const [stack, setStack] = useState<{ code: string; name: string }[]>([]);
  const current = stack[stack.length - 1]?.code ?? rootCode;
  const { data, loading } = useLoad(() => api.get<BoundaryCollection>(`/api/areas/${current}/boundaries`), [current]);
  const features = useMemo(() => polygons(data), [data]);
  const [located, setLocated] = useState<string | null>(null);
  const onAreaRef = useRef(onAreaChange);
  onAreaRef.current = onAreaChange;

  const click = async (code: string, at: MapPoint | null) => {
    const f = features.find((x) => x.properties.code === code);
    const level = f?.properties.level ?? '';
    if (f && !FINE.has(level) && code !== current) {
      setStack((s) => [...s, { code, name: f.properties.name }]);
      onAreaRef.current?.(code, f.properties.name);
      return;
    }
    if (!at) return;
    const p = { lng: Number(at.lng.toFixed(6)), lat: Number(at.lat.toFixed(6)) };
    onChange?.(p);
    try {
      const g = await api.get<AreaSummary>('/api/areas/locate', p);
      setLocated(`${(g.path ?? []).slice(-1).map((x) => x.name).join('')} ${g.name}`);
      onAreaRef.current?.(g.code, g.name);
    } catch {
      setLocated('该位置不在您负责的网格内');
    }
  };

  return (
    <div>
      <Space size={4} style={{ marginBottom: 4, flexWrap: 'wrap' }}>
        {stack.length > 0 && (
          <Button size="small" onClick={() => setStack((s) => s.slice(0, -1))}>
            返回上级
          </Button>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {stack.map((s) => s.name).join(' / ') || '管辖区域'} · 点击村(社区)进入，在网格内点击标注事发位置
        </Typography.Text>
      </Space>
      {loading && !data ? (
        <Spin />
      ) : features.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该区域暂无边界，可直接填写地址" />
      ) : (
        <BoundaryPointMap features={features} point={value} onClick={click} testId="location-picker" />
      )}
      {value && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="picked-point">
          已标注：{value.lng.toFixed(5)}, {value.lat.toFixed(5)} {located ? `(${located})` : ''}{' '}
          <Button
            type="link"
            size="small"
            onClick={() => {
              onChange?.(null);
              setLocated(null);
            }}
          >
            清除
          </Button>
        </Typography.Text>
      )}
    </div>
  );
}
