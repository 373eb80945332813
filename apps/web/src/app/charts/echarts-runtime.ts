/**
 * ECharts with only what Tally draws (bars and lines on a grid, tooltips) and the SVG renderer,
 * loaded on demand by ChartComponent, so it never weighs on the initial bundle (quality.md P9).
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, SVGRenderer]);

export { echarts };
