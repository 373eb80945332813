import { PAGE_LIMITS } from '@tally/contracts';
import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  CursorCodec,
  ErrorDetail,
  INSTANT_FORMAT_HINT,
  Page,
  parseInstant,
  zoneOrUtc,
} from '@tally/platform';
import {
  resolveTimeRange,
  TimeRangeQuery,
  TrackerNotFoundError,
  TrackerRepository,
  TrackerType,
} from '@tally/trackers';
import { Emotion } from './emotion';
import { LogRepository } from './log.repository';
import { decimalFromNumber } from './decimal';
import { LogWriter } from './log-writer';
import { LogInputError, LogNotFoundError, LogRuleError } from './log.errors';
import { LogDraft, logTextProblems, logTimeProblems, logTypeProblems } from './log.rules';
import { LogView, toLogView } from './log.view';

/** As the API sends it: times as ISO 8601 text, the value as a JSON number. */
export interface CreateLogInput {
  loggedAt?: string;
  value?: number | null;
  description?: string | null;
  emotion?: Emotion | null;
  reminderMessage?: string | null;
  reminderAt?: string | null;
}

/** Omitted fields stay; null clears. */
export type UpdateLogInput = CreateLogInput;

export interface LogListQuery extends TimeRangeQuery {
  cursor?: string;
  limit?: number;
}

export interface LogsUser {
  id: number;
  timezone: string;
}

const cursorScope = (trackerId: number) => `logs:${trackerId}`;

function trimmedOrNull(text: string | null | undefined): string | null | undefined {
  if (text === undefined || text === null) return text;
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** Logs of a tracker: the API's rules for reading and writing them; every write goes through LogWriter. */
@Injectable()
export class LogsService {
  constructor(
    private readonly trackers: TrackerRepository,
    private readonly logs: LogRepository,
    private readonly cursors: CursorCodec,
    private readonly writer: LogWriter,
  ) {}

  /** Newest first, keyset-paginated, optionally within from/to. */
  async list(user: LogsUser, trackerId: number, query: LogListQuery = {}): Promise<Page<LogView>> {
    const range = resolveTimeRange(query, zoneOrUtc(user.timezone));
    const after = query.cursor ? this.cursors.decode(cursorScope(trackerId), query.cursor) : undefined;
    const limit = query.limit ?? PAGE_LIMITS.default;
    await this.ownedTracker(user.id, trackerId);
    const rows = await this.logs.listPage(trackerId, { ...range, after, limit: limit + 1 });
    const items = rows.slice(0, limit);
    const last = rows.length > limit ? items[items.length - 1] : undefined;
    return {
      items: items.map(toLogView),
      nextCursor: last ? this.cursors.encode(cursorScope(trackerId), { at: last.loggedAt, id: last.id }) : null,
    };
  }

  async get(userId: number, trackerId: number, logId: number): Promise<LogView> {
    await this.ownedTracker(userId, trackerId);
    const row = await this.logs.findInTracker(trackerId, logId);
    if (!row) throw new LogNotFoundError(logId);
    return toLogView(row);
  }

  async create(userId: number, trackerId: number, input: CreateLogInput): Promise<LogView> {
    const now = new Date();
    const draft = this.draft(input, now);
    const problems = [...logTextProblems(draft), ...logTimeProblems(draft, now, true)];
    if (problems.length) throw new LogRuleError(problems);

    // The type the log fits; the insert checks it (and ownership) in the same statement.
    const type = draft.value !== null ? TrackerType.Numerical : draft.description !== null ? TrackerType.Note : null;
    const id = type && (await this.writer.add({ userId, trackerId, type, log: draft, now }));
    if (!id) {
      const tracker = await this.ownedTracker(userId, trackerId);
      const mismatch = logTypeProblems(draft, tracker.type);
      // Empty only if the tracker's type changed between the two statements.
      if (!mismatch.length) throw new ConflictError('The tracker changed while the log was saved; please retry');
      throw new LogRuleError(mismatch);
    }
    return toLogView({ ...draft, id, trackerId, reminderSentAt: null, createdAt: now, updatedAt: now });
  }

  async update(userId: number, trackerId: number, logId: number, input: UpdateLogInput): Promise<LogView> {
    const now = new Date();
    const changes = this.draft(input, now, true);
    const row = await this.writer.update(
      userId,
      trackerId,
      logId,
      (current, tracker) => {
        const next: LogDraft = {
          loggedAt: input.loggedAt !== undefined ? changes.loggedAt : current.loggedAt,
          value: input.value !== undefined ? changes.value : current.value,
          description: input.description !== undefined ? changes.description : current.description,
          emotion: input.emotion !== undefined ? changes.emotion : current.emotion,
          reminderMessage: input.reminderMessage !== undefined ? changes.reminderMessage : current.reminderMessage,
          reminderAt: input.reminderAt !== undefined ? changes.reminderAt : current.reminderAt,
        };
        const rescheduled = next.reminderAt?.getTime() !== current.reminderAt?.getTime();
        const problems = [
          ...logTextProblems(next),
          ...logTypeProblems(next, tracker.type),
          ...logTimeProblems(next, now, rescheduled && next.reminderAt !== null),
        ];
        if (problems.length) throw new LogRuleError(problems);
        // A new reminder time is due again; otherwise a sent reminder stays sent.
        const reminderSentAt = rescheduled || next.reminderAt === null ? null : current.reminderSentAt;
        return { ...next, reminderSentAt };
      },
      now,
    );
    return toLogView(row);
  }

  remove(userId: number, trackerId: number, logId: number): Promise<void> {
    return this.writer.remove(userId, trackerId, logId, new Date());
  }

  private async ownedTracker(userId: number, trackerId: number) {
    const tracker = await this.trackers.findOwned(userId, trackerId);
    if (!tracker) throw new TrackerNotFoundError(trackerId);
    return tracker;
  }

  /** Parses the API's input; `partial` leaves omitted fields at their defaults for the caller to merge. */
  private draft(input: CreateLogInput, now: Date, partial = false): LogDraft {
    const problems: ErrorDetail[] = [];
    const instant = (field: 'loggedAt' | 'reminderAt', text: string | null | undefined): Date | null => {
      if (text === undefined || text === null) return null;
      const parsed = parseInstant(text);
      if (!parsed) problems.push({ field, message: `${field} must be ${INSTANT_FORMAT_HINT}` });
      return parsed;
    };
    if (partial && input.loggedAt === null) {
      problems.push({ field: 'loggedAt', message: 'loggedAt cannot be cleared; send a date-time' });
    }
    let value: string | null = null;
    if (input.value !== undefined && input.value !== null) {
      const result = decimalFromNumber(input.value);
      if (result.ok) value = result.text;
      else problems.push({ field: 'value', message: `value ${result.problem}` });
    }
    const draft: LogDraft = {
      loggedAt: instant('loggedAt', input.loggedAt) ?? now,
      value,
      description: trimmedOrNull(input.description) ?? null,
      emotion: input.emotion ?? null,
      reminderMessage: trimmedOrNull(input.reminderMessage) ?? null,
      reminderAt: instant('reminderAt', input.reminderAt),
    };
    if (draft.emotion !== null && !Object.values(Emotion).includes(draft.emotion)) {
      problems.push({ field: 'emotion', message: `emotion must be one of: ${Object.values(Emotion).join(', ')}` });
    }
    if (problems.length) throw new LogInputError(problems);
    return draft;
  }
}
