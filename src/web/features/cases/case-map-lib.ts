/** ECharts with the scatter series for a point on a boundary map; loaded on first use only. */
import { ScatterChart } from 'echarts/charts';
import { echarts } from '../../ui/echarts-lib';

echarts.use([ScatterChart]);

export { echarts };
