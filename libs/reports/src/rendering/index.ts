export * from './report-renderer';
export * from './pdf-renderer';
export * from './report-rendering.module';
export * from './report-charts';
export * from './report-template';
export * from './report-text';
export { REPORT_PALETTE, REPORT_EMOTION_COLORS, REPORT_FONT_FAMILY } from './report-palette';
