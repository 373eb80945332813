import { CHART_FONT_FAMILY, EMOTION_COLORS, LIGHT_PALETTE } from '../../apps/web/src/app/charts/chart-palette';
import {
  REPORT_EMOTION_COLORS,
  REPORT_FONT_FAMILY,
  REPORT_PALETTE,
} from '../../libs/reports/src/rendering/report-palette';

/** The report's charts look like the app's: libs/reports keeps a copy of the web palette (a lib never imports an app). */
describe('report palette', () => {
  it('is the web app light chart palette, emotion colours and font stack', () => {
    expect(REPORT_PALETTE).toEqual(LIGHT_PALETTE);
    expect(REPORT_EMOTION_COLORS).toEqual(EMOTION_COLORS);
    expect(REPORT_FONT_FAMILY).toBe(CHART_FONT_FAMILY);
  });
});
