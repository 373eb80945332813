import { Emotion } from '../../libs/logs/src/emotion';
import type { ReportDocument, ReportTracker } from '../../libs/reports/src/report-document';

/** A deterministic pseudo-random sequence, so the fixture's figures are the same every run. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function dailyTotals(days: number, seed: number, scale: number, every: number): (string | null)[] {
  const next = sequence(seed);
  return Array.from({ length: days }, (_, i) => (i % every === every - 1 ? null : (scale * (0.4 + next())).toFixed(4)));
}

function sum(values: (string | null)[]): string {
  return values.reduce((acc, v) => acc + (v === null ? 0 : Number(v)), 0).toFixed(4);
}

/**
 * November 2026 of a user with a running tracker (km), a CJK-named water tracker (杯), a mood note
 * tracker with emoji, and notes in three scripts. Figures the tests look for in the PDF:
 * totals "142.3" km-ish (computed below), 214 logs, 27 active days, longest streak 11, 38 sign-ins.
 */
export function reportFixture(overrides: Partial<ReportDocument> = {}): ReportDocument {
  const days = 30;
  const running = dailyTotals(days, 7, 8, 3);
  const water = dailyTotals(days, 11, 6, 7);
  const trackers: ReportTracker[] = [
    {
      id: 11,
      name: 'Running 🏃',
      type: 'numerical',
      unit: 'km',
      logCount: 98,
      previousLogCount: 81,
      total: sum(running),
      previousTotal: '120.5000',
      dailyTotals: running,
      longestStreak: 11,
    },
    {
      id: 12,
      name: '水を飲む',
      type: 'numerical',
      unit: '杯',
      logCount: 64,
      previousLogCount: 70,
      total: sum(water),
      previousTotal: '140.0000',
      dailyTotals: water,
      longestStreak: 6,
    },
    {
      id: 13,
      name: 'Journal',
      type: 'note',
      unit: null,
      logCount: 52,
      previousLogCount: 40,
      total: null,
      previousTotal: null,
      dailyTotals: null,
      longestStreak: 9,
    },
  ];
  const logsPerDay = Array.from({ length: days }, (_, i) => ([4, 9, 17].includes(i) ? 0 : 5 + ((i * 7) % 6)));
  const totalLogs = logsPerDay.reduce((a, b) => a + b, 0);
  return {
    month: '2026-11',
    previousMonth: '2026-10',
    user: { username: 'maria', timezone: 'Europe/Berlin' },
    days,
    summary: {
      totalTrackers: 4,
      trackersCreated: 1,
      totalLogs,
      logsCreated: totalLogs - 2,
      activeDays: 27,
      loginCount: 38,
      mostUsedTracker: { name: 'Running 🏃', logCount: 98 },
      frequentEmotion: Emotion.Calm,
      longestStreak: 11,
    },
    previous: {
      totalTrackers: 3,
      trackersCreated: 0,
      totalLogs: 191,
      logsCreated: 191,
      activeDays: 24,
      loginCount: 41,
      mostUsedTracker: { name: 'Running 🏃', logCount: 81 },
      frequentEmotion: Emotion.Happy,
      longestStreak: 8,
    },
    logsPerDay,
    emotions: [
      { emotion: Emotion.Calm, count: 41 },
      { emotion: Emotion.Happy, count: 33 },
      { emotion: Emotion.Tired, count: 17 },
      { emotion: Emotion.Excited, count: 9 },
      { emotion: Emotion.Anxious, count: 4 },
      { emotion: Emotion.Sad, count: 2 },
      { emotion: Emotion.Neutral, count: 0 },
      { emotion: Emotion.Angry, count: 0 },
    ],
    trackers,
    notes: [
      {
        trackerName: 'Journal',
        loggedAt: '2026-11-29T19:12:00.000Z',
        text: 'Long run by the river, legs felt fresh 🎉 Next goal: a half marathon in spring.',
        emotion: Emotion.Excited,
      },
      {
        trackerName: 'Journal',
        loggedAt: '2026-11-21T07:40:00.000Z',
        text: '朝のジョギング、とても気持ちがよかった。',
        emotion: Emotion.Calm,
      },
      {
        trackerName: 'Journal',
        loggedAt: '2026-11-14T21:05:00.000Z',
        text: 'Tired after work — skipped the gym, made soup instead 🍲',
        emotion: Emotion.Tired,
      },
    ],
    computedAt: '2026-12-01T19:00:04.000Z',
    ...overrides,
  };
}

/** A first month with only note trackers, no emotions and nothing before it. */
export function sparseReportFixture(): ReportDocument {
  const doc = reportFixture();
  const journal = doc.trackers.find((t) => t.type === 'note')!;
  return {
    ...doc,
    previous: null,
    emotions: doc.emotions.map((e) => ({ ...e, count: 0 })),
    trackers: [{ ...journal, previousLogCount: 0 }],
    summary: { ...doc.summary, frequentEmotion: null, mostUsedTracker: { name: 'Journal', logCount: 52 } },
    notes: [],
  };
}

/** What S13 feeds the renderer: every way text could try to become markup or fetch something. */
export const HOSTILE_TEXTS = [
  `<script>fetch('http://127.0.0.1:9/s13-script')</script>`,
  `<img src=http://127.0.0.1:9/s13-img.png>`,
  `<iframe src="file:///etc/passwd"></iframe>`,
  `<link rel="stylesheet" href="http://127.0.0.1:9/s13-link.css">`,
  `<style>body{background:url(http://127.0.0.1:9/s13-css.png)}</style>`,
  `<div style="background:url('http://127.0.0.1:9/s13-inline.png')">x</div>`,
  `"><svg onload=alert(1)><image href="http://127.0.0.1:9/s13-svg.png"/>`,
  `file:///etc/passwd`,
];
