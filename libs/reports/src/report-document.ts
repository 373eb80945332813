import type { Emotion } from '@tally/logs';

/**
 * Everything one monthly report shows, computed once (from SQL, by ReportAssembler) and rendered
 * three ways by one template: the in-app HTML page, the HTML email (charts as inline PNG images)
 * and the PDF. Plain data only — no entity, no Date — so it can be cached and queued as JSON.
 * Decimals travel as strings (DECIMAL(18,4) does not fit a double); times are ISO strings.
 */
/** The most trackers one report lists (the most used first): a bound the API documents. */
export const REPORT_TRACKERS_MAX = 1_000;

export interface ReportDocument {
  /** `YYYY-MM` the report is about, in the user's time zone. */
  month: string;
  /** The month before (`YYYY-MM`), which every comparison is against. */
  previousMonth: string;
  user: { username: string; timezone: string };
  /** Days in the month (28–31): the x axis of every per-day series. */
  days: number;
  summary: ReportSummary;
  /** The same figures for the previous month, null when the user had no account then. */
  previous: ReportSummary | null;
  /** Logs per local day, index 0 = the 1st. */
  logsPerDay: number[];
  /** Every emotion with its count this month (zeros included), most frequent first. */
  emotions: { emotion: Emotion; count: number }[];
  /** The user's trackers with logs this month or last, most logs first (at most REPORT_TRACKERS_MAX). */
  trackers: ReportTracker[];
  /** A few recent notes (descriptions) the user wrote this month, newest first (at most 5). */
  notes: ReportNote[];
  /** When it was computed (ISO). */
  computedAt: string;
}

export interface ReportSummary {
  totalTrackers: number;
  trackersCreated: number;
  totalLogs: number;
  logsCreated: number;
  /** Local days with at least one log. */
  activeDays: number;
  loginCount: number;
  mostUsedTracker: { name: string; logCount: number } | null;
  frequentEmotion: Emotion | null;
  /** Longest run of consecutive local days with a log, within the month. */
  longestStreak: number;
}

export interface ReportTracker {
  id: number;
  name: string;
  type: 'numerical' | 'note';
  unit: string | null;
  logCount: number;
  previousLogCount: number;
  /** Numerical trackers: the sum of values this month and last (decimal strings), else null. */
  total: string | null;
  previousTotal: string | null;
  /** Numerical trackers: per local day, the sum of values (null on days without a log). */
  dailyTotals: (string | null)[] | null;
  /** Longest run of consecutive local days with a log of this tracker, within the month. */
  longestStreak: number;
}

export interface ReportNote {
  trackerName: string;
  /** ISO time of the log. */
  loggedAt: string;
  text: string;
  emotion: Emotion | null;
}
