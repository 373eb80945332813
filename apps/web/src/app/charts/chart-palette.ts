/**
 * The colours charts are drawn with. The light palette is the report's (libs/reports, i10), so a
 * chart looks the same in the app, the email and the PDF; the dark one is its counterpart for the
 * app's dark theme. Pure data: shared with the server-side renderer.
 */
export interface ChartPalette {
  brand: string;
  brandSoft: string;
  accent: string;
  text: string;
  muted: string;
  grid: string;
  axis: string;
  tooltipBackground: string;
  tooltipBorder: string;
}

export const LIGHT_PALETTE: ChartPalette = {
  brand: '#4338ca',
  brandSoft: '#c7d2fe',
  accent: '#0e9f6e',
  text: '#161a26',
  muted: '#4e5568',
  grid: '#e6e8f0',
  axis: '#c5cada',
  tooltipBackground: '#ffffff',
  tooltipBorder: '#dfe2ec',
};

export const DARK_PALETTE: ChartPalette = {
  brand: '#818cf8',
  brandSoft: '#3730a3',
  accent: '#34d399',
  text: '#eef0f6',
  muted: '#a9b0c2',
  grid: '#2b303d',
  axis: '#3b4252',
  tooltipBackground: '#20242f',
  tooltipBorder: '#3b4252',
};

/** One colour per emotion (the report's), readable on both themes. */
export const EMOTION_COLORS = {
  happy: '#eab308',
  excited: '#f97316',
  calm: '#14b8a6',
  neutral: '#94a3b8',
  tired: '#8b5cf6',
  sad: '#3b82f6',
  anxious: '#ec4899',
  angry: '#dc2626',
} as const;

export type ChartEmotion = keyof typeof EMOTION_COLORS;

/** The report's font stack, then the app's. */
export const CHART_FONT_FAMILY =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, 'Noto Sans CJK JP', " +
  "'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji', sans-serif";
