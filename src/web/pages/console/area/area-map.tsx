import { Empty, Spin, Tag, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useCallback, useMemo } from 'react';
import { api } from '../../../app/api';
import type { BoundaryCollection } from '../../../app/types';
import { EChart, type EchartsLib } from '../../../ui/echart';
import { useLoad } from '../../../ui/use-load';
import { escapeHtml } from '../../../ui/escape-html';

type Props = {
  code: string;
  /** bumps when areas below changed (a grid created, its boundary edited, retired) */
  refreshKey?: number;
  onSelect: (code: string) => void;
};

/**
 * The children's boundaries drawn offline: the FeatureCollection is registered as an ECharts map
 * (no basemap, no network) and each shape is labelled with its name; clicking a shape selects it.
 */
export function AreaMap({ code, refreshKey = 0, onSelect }: Props) {
  const { data, loading, error } = useLoad(
    () => api.get<BoundaryCollection>(`/api/areas/${code}/boundaries`),
    [code, refreshKey],
  );

  const features = useMemo(
    () => (data?.features ?? []).filter((f) => f.geometry && /Polygon$/.test(f.geometry.type)),
    [data],
  );
  const generated = features.some((f) => f.properties.generated);
  const mapName = `fq-area-${code}`;

  const prepare = useCallback(
    (lib: EchartsLib) => {
      type GeoJson = Parameters<EchartsLib['registerMap']>[1];
      lib.registerMap(mapName, { type: 'FeatureCollection', features } as unknown as GeoJson);
    },
    [mapName, features],
  );

  const option = useMemo<EChartsCoreOption>(() => {
    const names = new Map(features.map((f) => [f.properties.code, f.properties.name]));
    const nameOf = (p: { name?: string }) => names.get(p.name ?? '') ?? p.name ?? '';
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name?: string }) => `${escapeHtml(nameOf(p))}<br/><span style="color:#999">${escapeHtml(p.name)}</span>`,
      },
      series: [
        {
          type: 'map',
          map: mapName,
          // shapes are keyed by code: two grids may share a name, never a code
          nameProperty: 'code',
          roam: true,
          selectedMode: false,
          layoutCenter: ['50%', '50%'],
          layoutSize: '98%',
          // a degree of longitude is cos(latitude) of a degree of latitude; China spans about 20–50°N
          aspectScale: 0.8,
          label: { show: true, formatter: nameOf, fontSize: features.length > 30 ? 10 : 12, color: '#333' },
          labelLayout: { hideOverlap: true },
          itemStyle: { areaColor: '#fbeaea', borderColor: '#a8071a', borderWidth: 1 },
          emphasis: {
            label: { show: true, color: '#000', fontWeight: 'bold' },
            itemStyle: { areaColor: '#f3b8b8' },
          },
          data: features.map((f) => ({ name: f.properties.code })),
        },
      ],
    };
  }, [features, mapName]);

  if (loading && !data) {
    return (
      <div className="fq-map" style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin />
      </div>
    );
  }
  if (error) return <Empty description={`边界加载失败：${error}`} />;
  if (features.length === 0) {
    return (
      <div className="fq-map" style={{ display: 'flex', alignItems: 'center', justifyContent: 'center' }} data-testid="area-map-empty">
        <Empty description="下级区域暂无边界数据" />
      </div>
    );
  }
  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 4 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          共 {features.length} 个区域 · 滚轮缩放、拖动平移 · 点击区域查看详情
        </Typography.Text>
        {generated && (
          <Tag color="orange" data-testid="boundary-generated">
            示意边界(生成)
          </Tag>
        )}
      </div>
      <EChart
        className="fq-map"
        data-testid="area-map"
        option={option}
        prepare={prepare}
        onClick={(e) => {
          if (e.name) onSelect(e.name);
        }}
      />
    </div>
  );
}
