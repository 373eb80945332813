import { ConflictError, NotFoundError, RuleViolationError } from '@tally/platform';

/** Also what other users' trackers look like: they are never revealed. */
export class TrackerNotFoundError extends NotFoundError {
  constructor(trackerId: number) {
    super(`Tracker ${trackerId} was not found`);
  }
}

export class TrackerNameTakenError extends ConflictError {
  constructor(name: string) {
    super(`You already have a tracker named "${name}" (names are compared ignoring case)`, [
      { field: 'name', message: 'must be unique among your trackers' },
    ]);
  }
}

export class TrackerTypeLockedError extends ConflictError {
  constructor() {
    super('The type of a tracker cannot change once it has logs: delete its logs or create a new tracker', [
      { field: 'type', message: 'cannot change once the tracker has logs' },
    ]);
  }
}

export class TrackerFieldsError extends RuleViolationError {}
