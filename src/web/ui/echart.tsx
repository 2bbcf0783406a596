import { Spin } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { type CSSProperties, useEffect, useRef, useState } from 'react';
import type { EChartsInstance, echarts as Echarts } from './echarts-lib';

export type EchartsLib = typeof Echarts;
type Lib = EchartsLib;

let libPromise: Promise<Lib> | null = null;
/** ECharts arrives on first use (a separate chunk), then stays cached. */
export function loadEcharts(): Promise<Lib> {
  libPromise ??= import('./echarts-lib').then((m) => m.echarts);
  return libPromise;
}

export type ChartClick = { name?: string; seriesType?: string; componentType?: string; data?: unknown };

type Props = {
  option: EChartsCoreOption;
  /** runs before setOption each time the option changes, e.g. to registerMap */
  prepare?: (lib: Lib) => void;
  onClick?: (e: ChartClick) => void;
  style?: CSSProperties;
  className?: string;
  'data-testid'?: string;
};

export function EChart({ option, prepare, onClick, style, className, ...rest }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const [lib, setLib] = useState<Lib | null>(null);

  useEffect(() => {
    let alive = true;
    loadEcharts().then((l) => alive && setLib(l));
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (!lib || !ref.current) return;
    const c = lib.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (e) => clickRef.current?.(e as ChartClick));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [lib]);

  useEffect(() => {
    if (!lib || !chart.current) return;
    prepare?.(lib);
    chart.current.setOption(option, { notMerge: true });
  }, [lib, option, prepare]);

  return (
    <div style={{ position: 'relative', ...style }} className={className} data-testid={rest['data-testid']}>
      <div ref={ref} style={{ width: '100%', height: '100%' }} data-chart-ready={lib ? '1' : '0'} />
      {!lib && (
        <div style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
          <Spin />
        </div>
      )}
    </div>
  );
}
