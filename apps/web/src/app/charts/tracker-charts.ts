import type { EChartsOption } from 'echarts';
import { CHART_FONT_FAMILY, ChartEmotion, ChartPalette, EMOTION_COLORS } from './chart-palette';

/**
 * The app's charts as ECharts options: pure functions of the api's statistics and a palette, with
 * no DOM, no renderer and no Angular, so the server-side report renderer can draw the same charts
 * (libs/reports draws its month charts the same way). Only type imports from echarts: no bytes.
 *
 * User text drawn inside a chart is limited to the unit on the value axis (SVG text, never parsed);
 * tooltips are HTML in ECharts, so everything that goes into one is escaped here.
 */

/** A bucket as `GET /trackers/:id/stats` answers it (`start` is its local start, with offset). */
export interface ChartBucket {
  start: string;
  count: number;
  sum: number | null;
  avg: number | null;
  min: number | null;
  max: number | null;
}

export type BucketSize = 'day' | 'week' | 'month';
export type ValueStyle = 'line' | 'bar';
/** Total of the bucket's logs (distance, money), or their average (weight, mood score). */
export type ValueMeasure = 'sum' | 'avg';

export interface ValueChartInput {
  buckets: readonly ChartBucket[];
  bucket: BucketSize;
  unit: string | null;
  style: ValueStyle;
  measure: ValueMeasure;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2025-03-09T00:00:00.000-05:00` → "9 Mar" (days, weeks) or "Mar 2025" (months): the local date as sent. */
export function bucketLabel(start: string, bucket: BucketSize, withYear = false): string {
  const [year, month, day] = start.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (bucket === 'month') return `${MONTHS[month - 1]} ${year}`;
  const label = `${day} ${MONTHS[month - 1]}`;
  return withYear ? `${label} ${year}` : label;
}

function bucketTitle(start: string, bucket: BucketSize): string {
  const label = bucketLabel(start, bucket, true);
  return bucket === 'week' ? `Week of ${label}` : label;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Up to 2 decimals on axes and in tooltips (values keep 4 in the table). */
export function chartNumber(value: number): string {
  return (Math.round(value * 100) / 100).toLocaleString(undefined, { maximumFractionDigits: 2 });
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function base(palette: ChartPalette): EChartsOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 11, color: palette.muted },
  };
}

function tooltip(palette: ChartPalette) {
  return {
    trigger: 'axis' as const,
    backgroundColor: palette.tooltipBackground,
    borderColor: palette.tooltipBorder,
    textStyle: { color: palette.text, fontFamily: CHART_FONT_FAMILY, fontSize: 12 },
    axisPointer: { type: 'shadow' as const, shadowStyle: { color: `${palette.brand}14` } },
    confine: true,
  };
}

function categoryAxis(buckets: readonly ChartBucket[], bucket: BucketSize, palette: ChartPalette) {
  return {
    type: 'category' as const,
    data: buckets.map((b) => bucketLabel(b.start, bucket)),
    axisTick: { show: false, alignWithLabel: true },
    axisLine: { lineStyle: { color: palette.axis } },
    axisLabel: { color: palette.muted, hideOverlap: true },
  };
}

function valueAxis(palette: ChartPalette, name = '') {
  return {
    type: 'value' as const,
    name,
    nameGap: 12,
    nameTextStyle: { color: palette.muted, align: 'left' as const },
    splitNumber: 4,
    axisLabel: { color: palette.muted, formatter: (value: number) => chartNumber(value) },
    splitLine: { lineStyle: { color: palette.grid } },
  };
}

const GRID = { left: 8, right: 16, top: 32, bottom: 8, containLabel: true };

/** A numerical tracker over time: the total (or average) per bucket, as a line or bars, with the unit. */
export function valueChartOption(input: ValueChartInput, palette: ChartPalette): EChartsOption {
  const { buckets, bucket, unit, style, measure } = input;
  // An empty bucket's total is 0; its average does not exist (the line joins its neighbours).
  const values = buckets.map((b) => (b.count === 0 ? (measure === 'sum' ? 0 : null) : b[measure]));
  const unitText = unit ? ` ${escapeHtml(unit)}` : '';
  const points = buckets.length;
  return {
    ...base(palette),
    grid: GRID,
    tooltip: {
      ...tooltip(palette),
      formatter: (params: unknown) => {
        const index = (Array.isArray(params) ? params[0] : params)?.dataIndex as number;
        const b = buckets[index];
        if (!b) return '';
        const title = `<strong>${escapeHtml(bucketTitle(b.start, bucket))}</strong>`;
        if (b.count === 0) return `${title}<br>No logs`;
        const lines = [
          `${measure === 'sum' ? 'Total' : 'Average'}: <strong>${chartNumber(b[measure] ?? 0)}${unitText}</strong>`,
          plural(b.count, 'log'),
        ];
        if (b.count > 1 && b.min !== null && b.max !== null)
          lines.push(`from ${chartNumber(b.min)} to ${chartNumber(b.max)}${unitText}`);
        return `${title}<br>${lines.join('<br>')}`;
      },
    },
    xAxis: { ...categoryAxis(buckets, bucket, palette), boundaryGap: style === 'bar' },
    yAxis: valueAxis(palette, unit ?? ''),
    series: [
      style === 'bar'
        ? {
            type: 'bar',
            name: measure === 'sum' ? 'Total' : 'Average',
            data: values,
            barMaxWidth: 18,
            itemStyle: { color: palette.brand, borderRadius: [3, 3, 0, 0] },
          }
        : {
            type: 'line',
            name: measure === 'sum' ? 'Total' : 'Average',
            data: values,
            connectNulls: true,
            smooth: true,
            smoothMonotone: 'x',
            symbol: 'circle',
            symbolSize: points > 60 ? 0 : 6,
            showSymbol: points <= 60,
            lineStyle: { color: palette.brand, width: 2.5 },
            itemStyle: { color: palette.brand },
            areaStyle: {
              color: {
                type: 'linear',
                x: 0,
                y: 0,
                x2: 0,
                y2: 1,
                colorStops: [
                  { offset: 0, color: `${palette.brand}40` },
                  { offset: 1, color: `${palette.brand}00` },
                ],
              },
            },
          },
    ],
  };
}

/** How many logs each bucket has (a note tracker's main chart). */
export function countChartOption(
  buckets: readonly ChartBucket[],
  bucket: BucketSize,
  palette: ChartPalette,
): EChartsOption {
  return {
    ...base(palette),
    grid: GRID,
    tooltip: {
      ...tooltip(palette),
      formatter: (params: unknown) => {
        const index = (Array.isArray(params) ? params[0] : params)?.dataIndex as number;
        const b = buckets[index];
        return b ? `<strong>${escapeHtml(bucketTitle(b.start, bucket))}</strong><br>${plural(b.count, 'log')}` : '';
      },
    },
    xAxis: categoryAxis(buckets, bucket, palette),
    yAxis: { ...valueAxis(palette, 'logs'), minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: 'Logs',
        data: buckets.map((b) => b.count),
        barMaxWidth: 18,
        itemStyle: { color: palette.brand, borderRadius: [3, 3, 0, 0] },
      },
    ],
  };
}

export interface EmotionSlice {
  emotion: ChartEmotion;
  label: string;
  count: number;
}

/** How the logs felt: one bar per emotion, in its colour, most frequent first. */
export function emotionChartOption(slices: readonly EmotionSlice[], palette: ChartPalette): EChartsOption {
  const shown = [...slices].sort((a, b) => b.count - a.count);
  return {
    ...base(palette),
    grid: { left: 8, right: 32, top: 4, bottom: 4, containLabel: true },
    tooltip: { show: false },
    xAxis: { type: 'value', show: false, minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: shown.map((s) => s.label),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: { color: palette.text, fontSize: 12 },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 14,
        data: shown.map((s) => ({ value: s.count, itemStyle: { color: EMOTION_COLORS[s.emotion] } })),
        itemStyle: { borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', color: palette.text, fontSize: 12 },
      },
    ],
  };
}

/** The dashboard's 14-day glance: one bar a day, today's in the accent colour. No axes, no tooltip. */
export function sparklineOption(values: readonly number[], palette: ChartPalette): EChartsOption {
  const last = values.length - 1;
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { left: 0, right: 0, top: 2, bottom: 0 },
    xAxis: { type: 'category', show: false, data: values.map((_, i) => i) },
    yAxis: { type: 'value', show: false, min: 0, max: (extent: { max: number }) => Math.max(extent.max, 1) },
    series: [
      {
        type: 'bar',
        silent: true,
        barWidth: '62%',
        data: values.map((value, i) => ({
          // An empty day still shows as a faint stub, so the fortnight reads as a row of days.
          value: value > 0 ? value : 0.0001,
          itemStyle: {
            color: value > 0 ? (i === last ? palette.accent : palette.brand) : palette.grid,
            borderRadius: 2,
          },
        })),
        barMinHeight: 3,
      },
    ],
  };
}
