import type { ReportDocument } from '../report-document';
import {
  countDelta,
  decimal,
  decimalDelta,
  emotionLabel,
  excerpt,
  integer,
  localDateTime,
  monthName,
  plural,
} from './report-format';
import type { ReportLinks } from './report-template';

/** The plain-text part of the report email: the same content as the template, in words. */
export function renderReportText(doc: ReportDocument, links: ReportLinks): string {
  const s = doc.summary;
  const p = doc.previous;
  const against = monthName(doc.previousMonth).split(' ')[0]!;
  const vs = (current: number, previous: number | undefined) =>
    p ? ` (${countDelta(current, previous, against).words})` : '';
  const lines: string[] = [];
  lines.push(`Your ${monthName(doc.month)} in Tally`, '');
  lines.push(
    doc.previous ? `${doc.user.username}, compared with ${monthName(doc.previousMonth)}:` : `${doc.user.username}:`,
    '',
  );
  lines.push('AT A GLANCE');
  lines.push(`- Logs: ${integer(s.totalLogs)}${vs(s.totalLogs, p?.totalLogs)}`);
  lines.push(`- Active days: ${integer(s.activeDays)} of ${doc.days}${vs(s.activeDays, p?.activeDays)}`);
  lines.push(`- Longest streak: ${plural(s.longestStreak, 'day')}${vs(s.longestStreak, p?.longestStreak)}`);
  lines.push(`- Sign-ins: ${integer(s.loginCount)}${vs(s.loginCount, p?.loginCount)}`);
  lines.push(`- Trackers: ${integer(s.totalTrackers)} (${integer(s.trackersCreated)} new)`);
  if (s.mostUsedTracker)
    lines.push(`- Most used tracker: ${s.mostUsedTracker.name} (${plural(s.mostUsedTracker.logCount, 'log')})`);
  if (s.frequentEmotion) lines.push(`- Most felt: ${emotionLabel(s.frequentEmotion)}`);
  lines.push('');

  lines.push('TRACKERS');
  if (!doc.trackers.length) lines.push('No tracker was used this month.');
  for (const t of doc.trackers) {
    const parts = [`${plural(t.logCount, 'log')}`];
    if (p) parts[0] += ` (${countDelta(t.logCount, t.previousLogCount, against).words})`;
    if (t.type === 'numerical' && t.total !== null) {
      let total = `total ${decimal(t.total)}${t.unit ? ` ${t.unit}` : ''}`;
      if (p) total += ` (${decimalDelta(t.total, t.previousTotal ?? '0', against).words})`;
      parts.push(total);
    }
    parts.push(`best streak ${plural(t.longestStreak, 'day')}`);
    lines.push(`- ${t.name}: ${parts.join(', ')}`);
  }
  lines.push('');

  const felt = doc.emotions.filter((e) => e.count > 0);
  lines.push('EMOTIONS');
  lines.push(
    felt.length ? felt.map((e) => `${emotionLabel(e.emotion)} ${e.count}`).join(', ') : 'No emotions were noted.',
  );
  lines.push('');

  if (doc.notes.length) {
    lines.push('RECENT NOTES');
    for (const n of doc.notes.slice(0, 5)) {
      lines.push(
        `- ${n.trackerName}, ${localDateTime(n.loggedAt, doc.user.timezone)}: ${excerpt(n.text).replace(/\s+/g, ' ')}`,
      );
    }
    lines.push('');
  }

  lines.push(`See the charts and the whole report: ${links.reportUrl}`);
  lines.push(`Report settings: ${links.settingsUrl}`);
  lines.push(`Unsubscribe from monthly reports: ${links.unsubscribeUrl}`);
  return `${lines.join('\n')}\n`;
}
