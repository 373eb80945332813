/**
 * TEMPORARY (issue 11): the report API's types as agreed with the api engineer, until their routes
 * land on main and `npm run api:generate` puts them in `@tally/contracts`. Then this file goes and
 * reports.service.ts takes `Schema<'…'>` and ApiClient's typed paths instead. Nothing else may
 * import from here.
 */
import type { Emotion } from './models';

export interface ReportMonthDto {
  month: string;
  totalLogs: number;
  totalTrackers: number;
  activeDays: number;
  complete: boolean;
  sentAt: string | null;
  format: 'pdf' | 'html' | null;
}

export interface ReportListDto {
  items: ReportMonthDto[];
  nextCursor: string | null;
}

interface ReportSummaryDto {
  totalTrackers: number;
  trackersCreated: number;
  totalLogs: number;
  logsCreated: number;
  activeDays: number;
  loginCount: number;
  mostUsedTracker: { name: string; logCount: number } | null;
  frequentEmotion: Emotion | null;
  longestStreak: number;
}

export interface ReportDocumentDto {
  month: string;
  previousMonth: string;
  user: { username: string; timezone: string };
  days: number;
  summary: ReportSummaryDto;
  previous: ReportSummaryDto | null;
  logsPerDay: number[];
  emotions: { emotion: Emotion; count: number }[];
  trackers: {
    id: number;
    name: string;
    type: 'numerical' | 'note';
    unit: string | null;
    logCount: number;
    previousLogCount: number;
    total: string | null;
    previousTotal: string | null;
    dailyTotals: (string | null)[] | null;
    longestStreak: number;
  }[];
  notes: { trackerName: string; loggedAt: string; text: string; emotion: Emotion | null }[];
  computedAt: string;
}

export interface JobDto {
  id: string;
  kind: 'report-pdf' | 'report-mail';
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  resultUrl: string | null;
  error: string | null;
}

export type SendReportDto = { format?: 'pdf' | 'html' };
