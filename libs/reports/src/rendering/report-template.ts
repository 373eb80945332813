import type { ReportDocument, ReportTracker } from '../report-document';
import type { ReportChart } from './report-charts';
import { css, html, SafeHtml } from './html';
import {
  countDelta,
  decimal,
  decimalDelta,
  Delta,
  EMOTION_LABELS,
  emotionLabel,
  excerpt,
  integer,
  localDateTime,
  monthName,
  plural,
} from './report-format';
import { PAGE_COLORS as C, REPORT_FONT_FAMILY } from './report-palette';

export type ReportVariant = 'page' | 'email' | 'pdf';

export interface ReportLinks {
  reportUrl: string;
  settingsUrl: string;
  unsubscribeUrl: string;
}

export interface TemplateInput {
  doc: ReportDocument;
  variant: ReportVariant;
  charts: ReportChart[];
  /** How a chart is embedded: inline SVG (page, PDF) or an <img> pointing at a cid: part (email). */
  embed: (chart: ReportChart) => SafeHtml;
  links?: ReportLinks;
}

/**
 * The one monthly-report template: the in-app page, the HTML email and the PDF are this function
 * with a different `variant`. Layout is tables with inline styles (what mail clients keep); the
 * page and the PDF add a stylesheet for the screen and for print (A4, nothing split across pages).
 * Every value from the document goes through `html`, which escapes it.
 */
export function renderReportHtml(input: TemplateInput): string {
  const { doc, variant } = input;
  const title = `Your ${monthName(doc.month)} in Tally`;
  const body = html`<table
    role="presentation"
    width="100%"
    cellpadding="0"
    cellspacing="0"
    border="0"
    class="canvas"
    style="${css({ background: variant === 'pdf' ? C.paper : C.canvas, width: '100%' })}"
  >
    <tr>
      <td align="center" style="${css({ padding: variant === 'pdf' ? '0' : '24px 12px' })}">
        <table
          role="presentation"
          width="680"
          cellpadding="0"
          cellspacing="0"
          border="0"
          class="sheet"
          style="${css({ width: '100%', maxWidth: '680px', background: C.paper, borderRadius: variant === 'pdf' ? '0' : '14px', borderCollapse: 'separate' })}"
        >
          ${header(input)} ${summary(doc)} ${chartSection(input, 'logs-per-day', 'Logs per day', null)}
          ${trackersSection(input)} ${emotionsSection(input)} ${notesSection(doc)} ${footer(input)}
        </table>
      </td>
    </tr>
  </table>`;
  const preheader =
    variant === 'email'
      ? html`<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${preheaderText(doc)}</div>`
      : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
${variant === 'email' ? '' : `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${html`${title}`}</title>
<style>${stylesheet(variant)}</style>
</head>
<body style="${css({ margin: '0', padding: '0', background: variant === 'pdf' ? C.paper : C.canvas, color: C.ink, fontFamily: REPORT_FONT_FAMILY, fontSize: '15px', lineHeight: '1.5' })}">
${preheader}${body}
</body>
</html>
`;
}

function preheaderText(doc: ReportDocument): string {
  const s = doc.summary;
  return `${plural(s.totalLogs, 'log')} on ${plural(s.activeDays, 'day')}, longest streak ${plural(s.longestStreak, 'day')}.`;
}

const sectionStyle = css({ padding: '8px 32px 20px' });
const h2Style = css({
  margin: '0 0 12px',
  fontSize: '13px',
  fontWeight: '600',
  letterSpacing: '0.06em',
  textTransform: 'uppercase',
  color: C.muted,
  borderTop: `1px solid ${C.rule}`,
  paddingTop: '20px',
});
const mutedStyle = css({ color: C.muted, fontSize: '13px' });

function section(heading: string, content: SafeHtml | string, extraClass = ''): SafeHtml {
  return html`<tr>
    <td class="section ${extraClass}" style="${sectionStyle}">
      <h2 style="${h2Style}">${heading}</h2>
      ${content}
    </td>
  </tr>`;
}

function header({ doc, variant, links }: TemplateInput): SafeHtml {
  const against = doc.previous ? `compared with ${monthName(doc.previousMonth)}` : `your first month with Tally`;
  return html`<tr>
    <td class="header" style="${css({ padding: '28px 32px 12px' })}">
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
        <tr>
          <td style="${css({ fontSize: '14px', fontWeight: '700', color: C.brand, letterSpacing: '0.02em' })}">
            ● Tally
          </td>
          <td align="right" style="${mutedStyle}">Monthly report</td>
        </tr>
      </table>
      <h1
        style="${css({ margin: '18px 0 4px', fontSize: '28px', lineHeight: '1.2', fontWeight: '700', color: C.ink })}"
      >
        ${monthName(doc.month)}
      </h1>
      <p style="${css({ margin: '0', color: C.muted, fontSize: '15px' })}">${doc.user.username} · ${against}</p>
      ${variant === 'email' && links ? html`<p style="${css({ margin: '16px 0 0' })}"><a href="${links.reportUrl}" style="${css({ display: 'inline-block', background: C.brand, color: '#ffffff', textDecoration: 'none', fontWeight: '600', fontSize: '14px', padding: '9px 18px', borderRadius: '8px' })}">Open the report in Tally</a></p>` : ''}
    </td>
  </tr>`;
}

function deltaBadge(delta: Delta): SafeHtml {
  if (delta.direction === 'new') return html``;
  const color = delta.direction === 'up' ? C.up : delta.direction === 'down' ? C.down : C.flat;
  const arrow = delta.direction === 'up' ? '▲' : delta.direction === 'down' ? '▼' : '●';
  return html`<span
    class="delta delta-${delta.direction}"
    title="${delta.words}"
    style="${css({ color, fontSize: '12px', fontWeight: '600', whiteSpace: 'nowrap' })}"
    >${arrow} ${delta.change}${delta.percent ? ` (${delta.percent})` : ''}</span
  >`;
}

function tile(label: string, value: string, detail: SafeHtml | string): SafeHtml {
  return html`<td class="tile" width="25%" valign="top" style="${css({ padding: '6px' })}">
    <div style="${css({ background: C.canvas, borderRadius: '10px', padding: '12px 14px', minHeight: '74px' })}">
      <div style="${css({ fontSize: '12px', color: C.muted })}">${label}</div>
      <div
        class="figure"
        style="${css({ fontSize: '24px', fontWeight: '700', lineHeight: '1.25', color: C.ink, margin: '2px 0' })}"
      >
        ${value}
      </div>
      <div style="${css({ fontSize: '12px', color: C.muted })}">${detail}</div>
    </div>
  </td>`;
}

function summary(doc: ReportDocument): SafeHtml {
  const s = doc.summary;
  const p = doc.previous;
  const against = monthName(doc.previousMonth).split(' ')[0]!;
  const vs = (current: number, previous: number | undefined) =>
    p ? deltaBadge(countDelta(current, previous, against)) : html`<span>—</span>`;
  const most = s.mostUsedTracker;
  const emotion = s.frequentEmotion;
  return section(
    'At a glance',
    html`<table
      role="presentation"
      width="100%"
      cellpadding="0"
      cellspacing="0"
      border="0"
      class="tiles"
      style="${css({ margin: '0 -6px', width: 'calc(100% + 12px)' })}"
    >
      <tr>
        ${tile('Logs', integer(s.totalLogs), vs(s.totalLogs, p?.totalLogs))}
        ${tile('Active days', `${integer(s.activeDays)} / ${doc.days}`, vs(s.activeDays, p?.activeDays))}
        ${tile('Longest streak', plural(s.longestStreak, 'day'), vs(s.longestStreak, p?.longestStreak))}
        ${tile('Sign-ins', integer(s.loginCount), vs(s.loginCount, p?.loginCount))}
      </tr>
      <tr>
        ${tile('Trackers', integer(s.totalTrackers), s.trackersCreated ? `${integer(s.trackersCreated)} new this month` : 'none new')}
        <td class="tile" colspan="2" valign="top" style="${css({ padding: '6px' })}">
          <div style="${css({ background: C.canvas, borderRadius: '10px', padding: '12px 14px', minHeight: '74px' })}">
            <div style="${css({ fontSize: '12px', color: C.muted })}">Most used tracker</div>
            <div
              class="figure"
              style="${css({ fontSize: '20px', fontWeight: '700', lineHeight: '1.3', color: C.ink, margin: '2px 0', wordBreak: 'break-word' })}"
            >
              ${most ? most.name : '—'}
            </div>
            <div style="${css({ fontSize: '12px', color: C.muted })}">
              ${most ? plural(most.logCount, 'log') : 'no logs this month'}
            </div>
          </div>
        </td>
        ${tile('Most felt', emotion ? `${EMOTION_LABELS[emotion]?.emoji ?? ''} ${emotionLabel(emotion)}` : '—', emotion ? 'most often' : 'no emotions noted')}
      </tr>
    </table>`,
  );
}

function chartBlock(input: TemplateInput, chart: ReportChart, caption: SafeHtml | string | null): SafeHtml {
  return html`<div class="chart" style="${css({ margin: '0 0 8px' })}">
    ${caption ? html`<div style="${css({ fontSize: '13px', color: C.muted, margin: '0 0 2px' })}">${caption}</div>` : ''}
    ${input.embed(chart)}
  </div>`;
}

function chartSection(input: TemplateInput, id: string, heading: string, caption: string | null): SafeHtml | string {
  const chart = input.charts.find((c) => c.id === id);
  if (!chart) {
    return id === 'logs-per-day' ? section(heading, html`<p style="${mutedStyle}">No logs this month.</p>`) : '';
  }
  return section(heading, chartBlock(input, chart, caption), 'keep');
}

function trackerRow(doc: ReportDocument, t: ReportTracker): SafeHtml {
  const against = monthName(doc.previousMonth).split(' ')[0]!;
  const hasPrevious = doc.previous !== null;
  const logs = hasPrevious ? deltaBadge(countDelta(t.logCount, t.previousLogCount, against)) : '';
  const total =
    t.type === 'numerical' && t.total !== null
      ? html`${decimal(t.total)}${t.unit ? html` <span style="${mutedStyle}">${t.unit}</span>` : ''}`
      : html`<span style="${mutedStyle}">—</span>`;
  const totalDelta =
    t.type === 'numerical' && hasPrevious ? deltaBadge(decimalDelta(t.total, t.previousTotal ?? '0', against)) : '';
  const cell = css({ padding: '9px 8px', borderBottom: `1px solid ${C.rule}`, verticalAlign: 'top' });
  return html`<tr class="row">
    <td style="${cell};${css({ paddingLeft: '0', wordBreak: 'break-word' })}">
      <strong style="${css({ fontWeight: '600' })}">${t.name}</strong><br /><span style="${mutedStyle}"
        >${t.type === 'numerical' ? (t.unit ? `numbers · ${t.unit}` : 'numbers') : 'notes'}</span
      >
    </td>
    <td align="right" style="${cell}">${integer(t.logCount)}<br />${logs}</td>
    <td align="right" style="${cell}">${total}<br />${totalDelta}</td>
    <td align="right" style="${cell};${css({ paddingRight: '0', whiteSpace: 'nowrap' })}">
      ${plural(t.longestStreak, 'day')}
    </td>
  </tr>`;
}

function trackersSection(input: TemplateInput): SafeHtml | string {
  const { doc } = input;
  if (!doc.trackers.length)
    return section('Trackers', html`<p style="${mutedStyle}">No tracker was used this month.</p>`);
  const th = css({
    padding: '0 8px 6px',
    fontSize: '12px',
    fontWeight: '600',
    color: C.muted,
    borderBottom: `1px solid ${C.rule}`,
  });
  const table = html`<table
    role="presentation"
    width="100%"
    cellpadding="0"
    cellspacing="0"
    border="0"
    class="trackers"
    style="${css({ width: '100%', fontSize: '14px', borderCollapse: 'collapse' })}"
  >
    <thead>
      <tr>
        <th align="left" style="${th};padding-left:0">Tracker</th>
        <th align="right" style="${th}">Logs</th>
        <th align="right" style="${th}">Total</th>
        <th align="right" style="${th};padding-right:0">Best streak</th>
      </tr>
    </thead>
    <tbody>
      ${doc.trackers.map((t) => trackerRow(doc, t))}
    </tbody>
  </table>`;
  const charts = doc.trackers
    .map((t) => ({ t, chart: input.charts.find((c) => c.id === `tracker-${t.id}`) }))
    .filter((x): x is { t: ReportTracker; chart: ReportChart } => Boolean(x.chart))
    .map(
      ({ t, chart }) =>
        html`<div class="tracker-chart keep" style="${css({ margin: '18px 0 0' })}">
          <div style="${css({ fontSize: '15px', fontWeight: '600', color: C.ink })}">${t.name}</div>
          ${chartBlock(input, chart, html`Daily totals${t.unit ? html` in ${t.unit}` : ''} · ${decimal(t.total ?? '0')}${t.unit ? ` ${t.unit}` : ''} this month`)}
        </div>`,
    );
  return section('Trackers', html`${table}${charts}`);
}

function emotionsSection(input: TemplateInput): SafeHtml {
  const chart = input.charts.find((c) => c.id === 'emotions');
  if (!chart) return section('Emotions', html`<p style="${mutedStyle}">No emotions were noted this month.</p>`);
  const total = input.doc.emotions.reduce((a, e) => a + e.count, 0);
  return section('Emotions', chartBlock(input, chart, `${plural(total, 'log')} with an emotion`), 'keep');
}

function notesSection(doc: ReportDocument): SafeHtml {
  if (!doc.notes.length) return section('Notes', html`<p style="${mutedStyle}">No notes this month.</p>`);
  const notes = doc.notes.slice(0, 5).map(
    (n) =>
      html`<div
        class="note keep"
        style="${css({ borderLeft: `3px solid ${C.brand}`, background: C.brandSoft, borderRadius: '0 8px 8px 0', padding: '10px 14px', margin: '0 0 10px' })}"
      >
        <div style="${css({ fontSize: '12px', color: C.muted, margin: '0 0 4px' })}">
          <strong style="${css({ color: C.ink, fontWeight: '600' })}">${n.trackerName}</strong> ·
          ${localDateTime(n.loggedAt, doc.user.timezone)}${n.emotion ? ` · ${EMOTION_LABELS[n.emotion]?.emoji ?? ''} ${emotionLabel(n.emotion)}` : ''}
        </div>
        <div style="${css({ whiteSpace: 'pre-line', wordBreak: 'break-word', fontSize: '14px' })}">
          ${excerpt(n.text)}
        </div>
      </div>`,
  );
  return section('Recent notes', html`${notes}`);
}

function footer({ doc, variant, links }: TemplateInput): SafeHtml {
  const computed = localDateTime(doc.computedAt, doc.user.timezone);
  const linkStyle = css({ color: C.brand, textDecoration: 'underline' });
  return html`<tr>
    <td
      class="footer"
      style="${css({ padding: '16px 32px 28px', borderTop: `1px solid ${C.rule}`, fontSize: '12px', color: C.muted })}"
    >
      Computed ${computed} (${doc.user.timezone}). Times are in your time zone.
      ${variant === 'email' && links ? html`<br /><a href="${links.reportUrl}" style="${linkStyle}">View in Tally</a> · <a href="${links.settingsUrl}" style="${linkStyle}">Report settings</a> · <a href="${links.unsubscribeUrl}" style="${linkStyle}">Unsubscribe from monthly reports</a>` : ''}
    </td>
  </tr>`;
}

function stylesheet(variant: ReportVariant): string {
  const common = `
body{-webkit-text-size-adjust:100%}
a{color:${C.brand}}
h1,h2{font-family:${REPORT_FONT_FAMILY}}
.chart svg{display:block;width:100%;height:auto;max-width:100%}
.chart img{display:block;border:0;outline:none;max-width:100%;height:auto}`;
  if (variant === 'email') {
    return `${common}
@media (max-width:600px){.tile{display:block!important;width:100%!important}.sheet{border-radius:0!important}}`;
  }
  const screen = `
@media screen and (max-width:600px){
  .canvas>tbody>tr>td{padding:0!important}
  .sheet{border-radius:0!important}
  .tiles{margin:0!important;width:100%!important}
  .tiles tr{display:block;overflow:hidden}
  .tile{display:block!important;float:left;width:50%!important;box-sizing:border-box}
  .tile[colspan]{width:100%!important}
  .section,.header,.footer{padding-left:16px!important;padding-right:16px!important}
  .trackers td,.trackers th{padding-left:4px!important;padding-right:4px!important;font-size:13px}
  .delta{white-space:normal!important}
}`;
  const print = `
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
  html,body{background:#fff!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .canvas>tbody>tr>td{padding:0!important}
  .sheet{max-width:none!important;border-radius:0!important}
  .keep,.tile,.row,.note,.chart,h2{break-inside:avoid;page-break-inside:avoid}
  h2{break-after:avoid;page-break-after:avoid}
  thead{display:table-header-group}
}`;
  return `${common}${screen}${variant === 'pdf' || variant === 'page' ? print : ''}`;
}
