/** What went wrong, in domain terms; the HTTP filter maps each kind to one status code. */
export type DomainErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rule_violation'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'unavailable';

export interface ErrorDetail {
  field: string;
  message: string;
  /** For uploaded files (imports): the line the problem is on, counting from 1. */
  line?: number;
}

/**
 * Base of every error a service throws on purpose. Services never throw HttpException: they throw
 * a subclass of this (e.g. `TrackerNotFoundError extends NotFoundError`) and one filter maps it.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends DomainError {
  readonly kind = 'bad_request';
}
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized';
}
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}
/** Also used for other users' resources: they are never revealed (404, not 403). */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}
/** A well-formed request that breaks a rule (422). */
export class RuleViolationError extends DomainError {
  readonly kind = 'rule_violation';
}
export class PayloadTooLargeError extends DomainError {
  readonly kind = 'payload_too_large';
}
/** A body in a format the route does not read (415). */
export class UnsupportedMediaTypeError extends DomainError {
  readonly kind = 'unsupported_media_type';
}
export class TooManyRequestsError extends DomainError {
  readonly kind = 'too_many_requests';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
export class ServiceUnavailableError extends DomainError {
  readonly kind = 'unavailable';
}

export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rule_violation: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  unavailable: 503,
};
