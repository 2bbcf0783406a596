/**
 * The camera layer: an area's child boundaries drawn offline (ECharts geo, no basemap) with its cameras as
 * points coloured by class (一类 red, 二类 orange, 三类 blue); a click on a point opens its video.
 */
import { Empty, Space, Spin, Tag, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CameraView } from '../../../../contracts/cameras';
import { api } from '../../../app/api';
import type { BoundaryCollection } from '../../../app/types';
import { escapeHtml } from '../../../ui/escape-html';
import { useLoad } from '../../../ui/use-load';

type Lib = typeof import('../../../features/cases/case-map-lib')['echarts'];
type Chart = ReturnType<Lib['init']>;
type GeoJson = Parameters<Lib['registerMap']>[1];

export const CATEGORY_COLOR: Record<string, string> = { class1: '#cf1322', class2: '#d46b08', class3: '#1677ff' };

let mapSeq = 0;

export function CameraMap({ areaCode, height = 420 }: { areaCode: string; height?: number }) {
  const boundaries = useLoad(() => api.get<BoundaryCollection>(`/api/areas/${areaCode}/boundaries`), [areaCode]);
  const list = useLoad(() => api.get<{ items: CameraView[]; total: number }>('/api/cameras', { area: areaCode, pageSize: 1000 }), [areaCode]);
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const [lib, setLib] = useState<Lib | null>(null);
  const mapName = useMemo(() => `fq-camera-map-${++mapSeq}`, []);
  const features = useMemo(() => (boundaries.data?.features ?? []).filter((f) => f.geometry && /Polygon$/.test(f.geometry.type)), [boundaries.data]);
  const cams = useMemo(() => (list.data?.items ?? []).filter((c) => c.lng !== null && c.lat !== null && c.status !== 'retired'), [list.data]);
  const camsRef = useRef(cams);
  camsRef.current = cams;

  useEffect(() => {
    let alive = true;
    import('../../../features/cases/case-map-lib').then((m) => alive && setLib(m.echarts));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (!lib || !ref.current) return;
    const c = lib.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (raw) => {
      const e = raw as { seriesType?: string; dataIndex?: number };
      if (e.seriesType !== 'scatter' || e.dataIndex === undefined) return;
      const cam = camsRef.current[e.dataIndex];
      if (cam?.videoUrl) window.open(cam.videoUrl, '_blank', 'noopener');
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
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesType?: string; name?: string; dataIndex?: number }) => {
          if (p.seriesType !== 'scatter') return escapeHtml(names.get(p.name ?? '') ?? p.name);
          const c = cams[p.dataIndex ?? -1];
          if (!c) return '';
          return `${escapeHtml(c.name)}<br/><span style="color:#999">${escapeHtml(c.categoryLabel)} · ${escapeHtml(c.statusLabel)} · ${escapeHtml(c.code)}</span>${c.videoUrl ? '<br/>点击查看视频' : ''}`;
        },
      },
      geo: {
        map: mapName,
        nameProperty: 'code',
        roam: true,
        aspectScale: 0.8,
        layoutCenter: ['50%', '50%'],
        layoutSize: '95%',
        selectedMode: false,
        label: { show: features.length <= 40, fontSize: 10, color: '#777', formatter: (p: { name?: string }) => names.get(p.name ?? '') ?? '' },
        labelLayout: { hideOverlap: true },
        itemStyle: { areaColor: '#f7f7f7', borderColor: '#bbb', borderWidth: 1 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#eef4ff' } },
      },
      series: [
        {
          type: 'scatter',
          coordinateSystem: 'geo',
          symbol: 'circle',
          symbolSize: 9,
          z: 10,
          data: cams.map((c) => ({
            name: c.name,
            value: [c.lng, c.lat],
            itemStyle: { color: CATEGORY_COLOR[c.category] ?? '#888', opacity: c.status === 'online' ? 1 : 0.45, borderColor: '#fff', borderWidth: 1 },
          })),
        },
      ],
    };
  }, [features, cams, mapName]);

  useEffect(() => {
    if (!lib || !chart.current || features.length === 0) return;
    lib.registerMap(mapName, { type: 'FeatureCollection', features } as unknown as GeoJson);
    chart.current.setOption(option, { notMerge: true });
  }, [lib, option, features, mapName]);

  if (boundaries.error) return <Empty description={`边界加载失败：${boundaries.error}`} />;
  if (!boundaries.loading && features.length === 0) return <Empty description="该区域暂无边界数据" />;
  return (
    <div>
      <Space size="middle" style={{ marginBottom: 4, fontSize: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="camera-map-count">
          共 {cams.length} 个视频点位
        </Typography.Text>
        <Tag color={CATEGORY_COLOR.class1}>一类</Tag>
        <Tag color={CATEGORY_COLOR.class2}>二类</Tag>
        <Tag color={CATEGORY_COLOR.class3}>三类</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          淡色为离线/故障 · 点击点位查看视频
        </Typography.Text>
      </Space>
      <div style={{ position: 'relative', height, border: '1px solid #f0f0f0', borderRadius: 4, background: '#fff' }} data-testid="camera-map">
        <div ref={ref} style={{ width: '100%', height: '100%' }} data-chart-ready={lib && features.length ? '1' : '0'} />
        {(!lib || boundaries.loading) && (
          <div style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
            <Spin />
          </div>
        )}
      </div>
    </div>
  );
}
