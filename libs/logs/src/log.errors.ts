import { BadRequestError, ConflictError, ErrorDetail, NotFoundError, RuleViolationError } from '@tally/platform';

export class LogNotFoundError extends NotFoundError {
  constructor(logId: number) {
    super(`Log ${logId} was not found in this tracker`);
  }
}

/** Input that is malformed on its own (400). */
export class LogInputError extends BadRequestError {
  constructor(problems: ErrorDetail[]) {
    super(problems.map((p) => p.message).join('; '), problems);
  }
}

/** Well-formed input that breaks a rule of the tracker or of time (422). */
export class LogRuleError extends RuleViolationError {
  constructor(problems: ErrorDetail[]) {
    super(problems.map((p) => p.message).join('; '), problems);
  }
}

/**
 * The log's tracker stayed locked by another change (an import or a deletion still running) for
 * longer than a new log waits for it (409); nothing was written.
 */
export class TrackerBusyError extends ConflictError {
  constructor() {
    super(
      'This tracker is busy with another change that has not finished (an import or a deletion); ' +
        'the log was not saved: please try again in a minute',
    );
  }
}
