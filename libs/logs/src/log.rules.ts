import { LOG_LIMITS, textProblem, TextRule } from '@tally/contracts';
import { ErrorDetail } from '@tally/platform';
import { LogFields } from './log.repository';
import { TrackerType } from '@tally/trackers';

export const LOG_TEXT_RULES = {
  description: { max: LOG_LIMITS.description, multiline: true },
  reminderMessage: { max: LOG_LIMITS.reminderMessage },
} as const satisfies Record<string, TextRule>;

/** loggedAt may be back-dated freely but lie at most this far ahead (time zones, travel). */
export const LOGGED_AT_MAX_AHEAD_MS = 24 * 3600 * 1000;

/** A log's fields after parsing: what gets stored. */
export type LogDraft = Omit<LogFields, 'reminderSentAt'>;

/** Length and character problems of the text fields. */
export function logTextProblems(draft: Pick<LogDraft, 'description' | 'reminderMessage'>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const field of ['description', 'reminderMessage'] as const) {
    const value = draft[field];
    const problem = value === null ? null : textProblem(value, LOG_TEXT_RULES[field]);
    if (problem) problems.push({ field, message: `${field} ${problem}` });
  }
  return problems;
}

/** What the tracker's type asks of a log. */
export function logTypeProblems(draft: Pick<LogDraft, 'value' | 'description'>, type: TrackerType): ErrorDetail[] {
  if (type === TrackerType.Numerical) {
    return draft.value === null ? [{ field: 'value', message: 'value is required for a numerical tracker' }] : [];
  }
  const problems: ErrorDetail[] = [];
  if (draft.value !== null) {
    problems.push({ field: 'value', message: 'value must be left out for a note tracker: notes have a description' });
  }
  if (draft.description === null) {
    problems.push({ field: 'description', message: 'description is required for a note tracker' });
  }
  return problems;
}

/**
 * Rules that depend on the clock: loggedAt at most a day ahead; the reminder pair complete, and
 * in the future when it is being set (`reminderIsNew`; an import may carry past, sent reminders).
 */
export function logTimeProblems(draft: LogDraft, now: Date, reminderIsNew: boolean): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (draft.loggedAt.getTime() > now.getTime() + LOGGED_AT_MAX_AHEAD_MS) {
    problems.push({ field: 'loggedAt', message: 'loggedAt must not be more than 1 day in the future' });
  }
  if ((draft.reminderAt === null) !== (draft.reminderMessage === null)) {
    const missing = draft.reminderAt === null ? 'reminderAt' : 'reminderMessage';
    problems.push({
      field: missing,
      message: `${missing} is missing: reminderMessage and reminderAt are set together or not at all`,
    });
  } else if (reminderIsNew && draft.reminderAt && draft.reminderAt <= now) {
    problems.push({ field: 'reminderAt', message: 'reminderAt must be in the future' });
  }
  return problems;
}
