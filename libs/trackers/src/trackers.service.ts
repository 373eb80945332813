import { PAGE_LIMITS } from '@tally/contracts';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { CursorCodec, Json, Page, UserCache } from '@tally/platform';
import { TrackerRepository } from './tracker.repository';
import { TrackerType } from './tracker-type';
import { User } from '@tally/auth';
import {
  TrackerFieldsError,
  TrackerNameTakenError,
  TrackerNotFoundError,
  TrackerTypeLockedError,
} from './tracker.errors';
import { cleanTrackerFields, TrackerFields, trackerFieldProblems } from './tracker.rules';
import { toTrackerView, TrackerView } from './tracker.view';

export interface CreateTrackerInput {
  name: string;
  type: TrackerType;
  description?: string | null;
  whatToTrack?: string | null;
  unit?: string | null;
}

/** Omitted fields stay as they are; null clears an optional field. */
export type UpdateTrackerInput = Partial<CreateTrackerInput>;

export interface ListQuery {
  cursor?: string;
  limit?: number;
}

const cursorScope = (userId: number) => `trackers:${userId}`;

/** Trackers: the rules of product.md §1, cached reads, and a cache bump after every write. */
@Injectable()
export class TrackersService {
  constructor(
    private readonly em: EntityManager,
    private readonly trackers: TrackerRepository,
    private readonly cache: UserCache,
    private readonly cursors: CursorCodec,
  ) {}

  /** The user's trackers, most recently updated first, each with its log summary. */
  async list(userId: number, query: ListQuery = {}): Promise<Page<TrackerView>> {
    return JSON.parse((await this.listJson(userId, query)).toString()) as Page<TrackerView>;
  }

  /** The same as cached JSON bytes, for the HTTP layer to send as they are. */
  listJson(userId: number, query: ListQuery = {}): Promise<Json<Page<TrackerView>>> {
    const limit = query.limit ?? PAGE_LIMITS.default;
    // Decode first: a forged cursor is a 400 whether or not a page is cached.
    const after = query.cursor ? this.cursors.decode(cursorScope(userId), query.cursor) : undefined;
    return this.cache.getOrLoadJson(userId, ['trackers', limit, query.cursor ?? ''], async () => {
      const rows = await this.trackers.listSummaries(userId, { after, limit: limit + 1 });
      const items = rows.slice(0, limit);
      const last = rows.length > limit ? items[items.length - 1] : undefined;
      return {
        items: items.map(toTrackerView),
        nextCursor: last ? this.cursors.encode(cursorScope(userId), { at: last.updatedAt, id: last.id }) : null,
      };
    });
  }

  get(userId: number, trackerId: number): Promise<TrackerView> {
    return this.cache.getOrLoad(userId, ['tracker', trackerId], () => this.load(userId, trackerId));
  }

  getJson(userId: number, trackerId: number): Promise<Json<TrackerView>> {
    return this.cache.getOrLoadJson(userId, ['tracker', trackerId], () => this.load(userId, trackerId));
  }

  async create(userId: number, input: CreateTrackerInput): Promise<TrackerView> {
    const fields = this.checked({
      name: input.name,
      type: input.type,
      description: input.description ?? null,
      whatToTrack: input.whatToTrack ?? null,
      unit: input.unit ?? null,
    });
    if (await this.trackers.findByName(userId, fields.name)) throw new TrackerNameTakenError(fields.name);
    const tracker = this.trackers.create({ user: this.em.getReference(User, userId), ...fields });
    await this.cache.write(userId, () => this.uniqueName(fields.name, () => this.em.persistAndFlush(tracker)));
    return toTrackerView({ ...tracker, logCount: 0, lastLoggedAt: null, lastValue: null });
  }

  async update(userId: number, trackerId: number, input: UpdateTrackerInput): Promise<TrackerView> {
    await this.cache.write(userId, () =>
      this.uniqueName(input.name ?? '', () =>
        this.em.transactional(async () => {
          // The row lock keeps a log from arriving between the "has logs" check and a type change.
          const tracker = await this.trackers.lockOwned(userId, trackerId);
          if (!tracker) throw new TrackerNotFoundError(trackerId);
          const becomesNote = input.type === TrackerType.Note && tracker.type !== TrackerType.Note;
          const pick = <K extends 'description' | 'whatToTrack' | 'unit'>(key: K) =>
            input[key] !== undefined ? input[key] : becomesNote && key !== 'description' ? null : tracker[key];
          const fields = this.checked({
            name: input.name ?? tracker.name,
            type: input.type ?? tracker.type,
            description: pick('description'),
            whatToTrack: pick('whatToTrack'),
            unit: pick('unit'),
          });
          if (fields.type !== tracker.type && (await this.trackers.hasLogs(trackerId))) {
            throw new TrackerTypeLockedError();
          }
          const sameName = await this.trackers.findByName(userId, fields.name);
          if (sameName && sameName.id !== trackerId) throw new TrackerNameTakenError(fields.name);
          this.em.assign(tracker, fields);
        }),
      ),
    );
    return this.load(userId, trackerId);
  }

  /** Deletes the tracker and its logs; their pending reminders go with them (MySQL is the source). */
  async remove(userId: number, trackerId: number): Promise<void> {
    const deleted = await this.cache.write(userId, () => this.trackers.deleteOwned(userId, trackerId));
    if (!deleted) throw new TrackerNotFoundError(trackerId);
  }

  private async load(userId: number, trackerId: number): Promise<TrackerView> {
    const row = await this.trackers.findSummary(userId, trackerId);
    if (!row) throw new TrackerNotFoundError(trackerId);
    return toTrackerView(row);
  }

  private checked(raw: TrackerFields): TrackerFields {
    const fields = cleanTrackerFields(raw);
    const problems = trackerFieldProblems(fields);
    if (problems.length) throw new TrackerFieldsError(problems.map((p) => p.message).join('; '), problems);
    return fields;
  }

  /** Two requests racing for one name: the unique key decides, and the loser gets the same 409. */
  private async uniqueName<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new TrackerNameTakenError(name.trim());
      throw error;
    }
  }
}
