import { Emotion } from '@tally/logs';

/**
 * The colours and fonts of the report: the web app's light chart palette
 * (apps/web/src/app/charts/chart-palette.ts), copied because a lib never imports an app.
 * test/unit/report-palette.spec.ts fails when the two drift apart.
 */
export const REPORT_PALETTE = {
  brand: '#4338ca',
  brandSoft: '#c7d2fe',
  accent: '#0e9f6e',
  text: '#161a26',
  muted: '#4e5568',
  grid: '#e6e8f0',
  axis: '#c5cada',
  tooltipBackground: '#ffffff',
  tooltipBorder: '#dfe2ec',
} as const;

export const REPORT_EMOTION_COLORS: Record<Emotion, string> = {
  happy: '#eab308',
  excited: '#f97316',
  calm: '#14b8a6',
  neutral: '#94a3b8',
  tired: '#8b5cf6',
  sad: '#3b82f6',
  anxious: '#ec4899',
  angry: '#dc2626',
} as Record<Emotion, string>;

/** The same stack as the app's charts: system fonts, then Noto CJK and the colour emoji fonts. */
export const REPORT_FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, 'Noto Sans CJK JP', " +
  "'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji', sans-serif";

/** The page's own colours around the charts (calm: ink on paper, the brand for accents). */
export const PAGE_COLORS = {
  paper: '#ffffff',
  canvas: '#f5f6fa',
  ink: REPORT_PALETTE.text,
  muted: REPORT_PALETTE.muted,
  rule: REPORT_PALETTE.grid,
  brand: REPORT_PALETTE.brand,
  brandSoft: '#eef0fd',
  up: '#0e7a55',
  down: '#b42318',
  flat: REPORT_PALETTE.muted,
} as const;
