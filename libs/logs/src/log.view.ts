import type { Emotion } from './emotion';
import type { LogRow } from './log.repository';
import { decimalToNumber } from './decimal';

export interface LogView {
  id: number;
  trackerId: number;
  loggedAt: string;
  value: number | null;
  description: string | null;
  emotion: Emotion | null;
  reminderMessage: string | null;
  reminderAt: string | null;
  reminderSentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toLogView(row: LogRow): LogView {
  return {
    id: row.id,
    trackerId: row.trackerId,
    loggedAt: row.loggedAt.toISOString(),
    value: row.value === null ? null : decimalToNumber(row.value),
    description: row.description,
    emotion: row.emotion,
    reminderMessage: row.reminderMessage,
    reminderAt: row.reminderAt?.toISOString() ?? null,
    reminderSentAt: row.reminderSentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
