import { HOSTILE_TEXTS, reportFixture, sparseReportFixture } from '../../../../test/support/report-fixture';
import type { ReportDocument } from '../report-document';
import { html, trusted } from './html';
import { reportCharts } from './report-charts';
import { countDelta, decimal, decimalDelta } from './report-format';
import { renderReportHtml, ReportVariant } from './report-template';
import { renderReportText } from './report-text';

const LINKS = {
  reportUrl: 'https://tally.example/reports/2026-11',
  settingsUrl: 'https://tally.example/settings/reports',
  unsubscribeUrl: 'https://tally.example/unsubscribe/abc',
};

function render(doc: ReportDocument, variant: ReportVariant = 'page'): string {
  return renderReportHtml({
    doc,
    variant,
    charts: reportCharts(doc),
    links: LINKS,
    embed: (chart) => (variant === 'email' ? html`<img src="cid:${chart.id}" />` : trusted(chart.svg)),
  });
}

function hostileDocument(): ReportDocument {
  const doc = reportFixture();
  const hostile = HOSTILE_TEXTS.join(' ');
  return {
    ...doc,
    user: { ...doc.user, username: HOSTILE_TEXTS[0]! },
    summary: { ...doc.summary, mostUsedTracker: { name: HOSTILE_TEXTS[1]!, logCount: 3 } },
    trackers: doc.trackers.map((t, i) => ({
      ...t,
      name: HOSTILE_TEXTS[i % HOSTILE_TEXTS.length]!,
      unit: t.unit && HOSTILE_TEXTS[3]!,
    })),
    notes: HOSTILE_TEXTS.slice(0, 5).map((text, i) => ({
      trackerName: HOSTILE_TEXTS[(i + 2) % HOSTILE_TEXTS.length]!,
      loggedAt: '2026-11-20T10:00:00.000Z',
      text: `${text} ${hostile.slice(0, 40)}`,
      emotion: null,
    })),
  };
}

describe('report template', () => {
  it('shows the month against the previous one, with deltas', () => {
    const page = render(reportFixture());
    expect(page).toContain('November 2026');
    expect(page).toContain('compared with October 2026');
    expect(page).toContain('▲ +7 (+4 %)'); // 198 logs against 191
    expect(page).toContain('▼ −3 (−7 %)'); // 38 sign-ins against 41
    expect(page).toContain('150.66'); // the running total, 2 decimals
    expect(page).toContain('水を飲む');
    expect(page.match(/<svg/g)).toHaveLength(4); // logs per day, 2 numerical trackers, emotions
    expect(page).not.toMatch(/<script/i);
  });

  it('escapes every piece of user text, in every variant and in the charts', () => {
    const doc = hostileDocument();
    for (const variant of ['page', 'email', 'pdf'] as const) {
      const out = render(doc, variant);
      expect(out).not.toMatch(/<script|<img src=http|<iframe|<link|<style>body|<svg onload|<image /i);
      expect(out).not.toMatch(/style="background:url/);
      expect(out).toContain('&lt;script&gt;');
      expect(out).toContain('&lt;img src=http://127.0.0.1:9/s13-img.png&gt;');
    }
    const text = renderReportText(doc, LINKS);
    expect(text).toContain(HOSTILE_TEXTS[0]); // plain text is plain: shown as written
  });

  it('handles a first month with only note trackers, no emotions and no notes', () => {
    const page = render(sparseReportFixture());
    expect(page).toContain('your first month with Tally');
    expect(page).not.toContain('▲');
    expect(page).toContain('No emotions were noted this month.');
    expect(page).toContain('No notes this month.');
    expect(page.match(/<svg/g)).toHaveLength(1); // logs per day only
  });

  it('draws no chart for a numerical tracker used last month only', () => {
    const doc = reportFixture();
    const idle = {
      ...doc.trackers[1]!,
      logCount: 0,
      total: '0',
      dailyTotals: doc.trackers[1]!.dailyTotals!.map(() => null),
    };
    const page = render({ ...doc, trackers: [doc.trackers[0]!, idle, doc.trackers[2]!] });
    expect(page.match(/<svg/g)).toHaveLength(3);
    expect(page).toContain('水を飲む'); // still in the table, with its drop against October
  });

  it('handles a month with no logs at all', () => {
    const doc = sparseReportFixture();
    const empty: ReportDocument = {
      ...doc,
      logsPerDay: doc.logsPerDay.map(() => 0),
      trackers: [],
      summary: { ...doc.summary, totalLogs: 0, activeDays: 0, longestStreak: 0, mostUsedTracker: null },
    };
    const page = render(empty);
    expect(page).toContain('No logs this month.');
    expect(page).toContain('No tracker was used this month.');
    expect(page).not.toContain('<svg');
    expect(renderReportText(empty, LINKS)).toContain('No tracker was used this month.');
  });

  it('puts the links in the email and its text part only', () => {
    const email = render(reportFixture(), 'email');
    expect(email).toContain(LINKS.unsubscribeUrl);
    expect(email).toContain(LINKS.settingsUrl);
    expect(email).not.toContain('<svg');
    expect(render(reportFixture(), 'page')).not.toContain(LINKS.unsubscribeUrl);
    const text = renderReportText(reportFixture(), LINKS);
    expect(text).toContain('Logs: 198 (up 7 on October, +4 %)');
    expect(text).toContain(`Unsubscribe from monthly reports: ${LINKS.unsubscribeUrl}`);
  });

  it('computes deltas on decimal strings exactly', () => {
    expect(decimal('1234567.8950')).toBe('1,234,567.9');
    expect(decimal('-0.0040')).toBe('0');
    expect(decimalDelta('10.1000', '10.0000', 'October').change).toBe('+0.1');
    expect(decimalDelta('0.3000', '0.1000', 'October').percent).toBe('+200 %');
    expect(decimalDelta('5', null, 'October').direction).toBe('new');
    expect(countDelta(3, 0, 'October')).toMatchObject({ direction: 'up', change: '+3', percent: '' });
    expect(countDelta(4, 4, 'October')).toMatchObject({ direction: 'flat', change: '±0' });
  });
});
