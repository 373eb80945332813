import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import type { ReportDocument, ReportTracker } from '../report-document';
import { REPORT_EMOTION_COLORS, REPORT_FONT_FAMILY, REPORT_PALETTE as P } from './report-palette';
import { emotionLabel, plural } from './report-format';

/** One chart of the report: what it shows (alt text) and its SVG, drawn by ECharts on the server. */
export interface ReportChart {
  /** Stable within one document: `logs-per-day`, `emotions`, `tracker-<id>`. */
  id: string;
  title: string;
  /** Alternative text for the image (the email's <img alt>, the SVG's aria-label). */
  alt: string;
  width: number;
  height: number;
  svg: string;
}

export const CHART_WIDTH = 640;
const DAILY_HEIGHT = 190;

function base(): EChartsOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: REPORT_FONT_FAMILY, fontSize: 11, color: P.muted },
    grid: { left: 8, right: 12, top: 28, bottom: 4, containLabel: true },
  };
}

function dayAxis(doc: ReportDocument) {
  return {
    type: 'category' as const,
    data: Array.from({ length: doc.days }, (_, i) => String(i + 1)),
    axisLine: { lineStyle: { color: P.axis } },
    axisTick: { show: false },
    axisLabel: {
      color: P.muted,
      interval: 0,
      // Every 5th day and the 1st, so 31 labels never crowd.
      formatter: (value: string) => (value === '1' || Number(value) % 5 === 0 ? value : ''),
    },
  };
}

function valueAxis(name: string) {
  return {
    type: 'value' as const,
    name,
    nameTextStyle: { color: P.muted, align: 'left' as const, padding: [0, 0, 0, -4] },
    splitNumber: 3,
    axisLabel: { color: P.muted },
    splitLine: { lineStyle: { color: P.grid } },
  };
}

/** Renders one option to an SVG string and frees the instance, whatever happens. */
export function renderSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export function logsPerDayChart(doc: ReportDocument): ReportChart {
  const total = doc.logsPerDay.reduce((a, b) => a + b, 0);
  const option: EChartsOption = {
    ...base(),
    xAxis: dayAxis(doc),
    yAxis: { ...valueAxis('logs'), minInterval: 1 },
    series: [
      {
        type: 'bar',
        data: doc.logsPerDay,
        barMaxWidth: 14,
        itemStyle: { color: P.brand, borderRadius: [3, 3, 0, 0] },
      },
    ],
  };
  const busiest = doc.logsPerDay.reduce((best, n, i) => (n > (doc.logsPerDay[best] ?? 0) ? i : best), 0);
  return {
    id: 'logs-per-day',
    title: 'Logs per day',
    alt: `Logs per day: ${plural(total, 'log')} over ${doc.days} days${total ? `, most on day ${busiest + 1} (${doc.logsPerDay[busiest]})` : ''}.`,
    width: CHART_WIDTH,
    height: DAILY_HEIGHT,
    svg: renderSvg(option, CHART_WIDTH, DAILY_HEIGHT),
  };
}

export function trackerChart(doc: ReportDocument, tracker: ReportTracker): ReportChart | null {
  if (tracker.type !== 'numerical' || !tracker.dailyTotals) return null;
  const values = tracker.dailyTotals.slice(0, doc.days).map((v) => (v === null ? null : Number(v)));
  // Used last month only: its row in the table says so, an empty chart would not.
  if (values.every((v) => v === null)) return null;
  const option: EChartsOption = {
    ...base(),
    xAxis: dayAxis(doc),
    // The unit is user text: ECharts draws it as an SVG <text> node, escaped by its SVG serializer.
    yAxis: valueAxis(tracker.unit ?? ''),
    series: [
      {
        type: 'bar',
        data: values,
        barMaxWidth: 14,
        itemStyle: { color: P.accent, borderRadius: [3, 3, 0, 0] },
      },
    ],
  };
  const days = values.filter((v) => v !== null).length;
  return {
    id: `tracker-${tracker.id}`,
    title: tracker.name,
    alt: `${tracker.name}: daily totals${tracker.unit ? ` in ${tracker.unit}` : ''}, logged on ${plural(days, 'day')}.`,
    width: CHART_WIDTH,
    height: DAILY_HEIGHT,
    svg: renderSvg(option, CHART_WIDTH, DAILY_HEIGHT),
  };
}

export function emotionsChart(doc: ReportDocument): ReportChart | null {
  const shown = doc.emotions.filter((e) => e.count > 0);
  if (!shown.length) return null;
  const rows = [...shown].reverse(); // ECharts draws the first category at the bottom.
  const height = 36 + rows.length * 26;
  const option: EChartsOption = {
    ...base(),
    grid: { left: 8, right: 40, top: 8, bottom: 4, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: rows.map((e) => emotionLabel(e.emotion)),
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: P.text, fontSize: 12 },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((e) => ({ value: e.count, itemStyle: { color: REPORT_EMOTION_COLORS[e.emotion] ?? P.brand } })),
        barWidth: 14,
        itemStyle: { borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: 'right', color: P.muted, fontSize: 11 },
      },
    ],
  };
  return {
    id: 'emotions',
    title: 'Emotions',
    alt: `Emotions: ${shown.map((e) => `${emotionLabel(e.emotion)} ${e.count}`).join(', ')}.`,
    width: CHART_WIDTH,
    height,
    svg: renderSvg(option, CHART_WIDTH, height),
  };
}

/** Every chart of a document, in the order the template shows them. */
export function reportCharts(doc: ReportDocument): ReportChart[] {
  const charts: ReportChart[] = [];
  if (doc.logsPerDay.some((n) => n > 0)) charts.push(logsPerDayChart(doc));
  for (const tracker of doc.trackers) {
    const chart = trackerChart(doc, tracker);
    if (chart) charts.push(chart);
  }
  const emotions = emotionsChart(doc);
  if (emotions) charts.push(emotions);
  return charts;
}
