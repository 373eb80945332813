import { ArgumentMetadata, BadRequestException, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ErrorDetail } from './domain.error';

/** A 400 carrying one entry per invalid field, rendered by the error filter. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly details: ErrorDetail[]) {
    super(details.map((d) => d.message).join('; '));
  }
}

function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? `${field} is not an accepted field` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const isEmptyObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * ValidationPipe with one shortcut: a request without query parameters (most GETs) is converted
 * and checked once per query DTO class, and later ones get a copy of that answer. class-transformer
 * and class-validator spent ~12 KB of allocations and a few per cent of a cached read's CPU to find,
 * every time, that nothing is still valid (quality.md P1). Only an answer that passed is reused;
 * a DTO that rejects an empty query keeps rejecting it through the full check.
 */
export class AppValidationPipe extends ValidationPipe {
  private readonly emptyQueries = new WeakMap<Type, object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const type = metadata.metatype;
    if (metadata.type !== 'query' || !type || !isEmptyObject(value)) return super.transform(value, metadata);
    let answer = this.emptyQueries.get(type);
    if (!answer) {
      const checked: unknown = await super.transform(value, metadata);
      if (typeof checked !== 'object' || checked === null) return checked;
      answer = checked;
      this.emptyQueries.set(type, answer);
    }
    // A copy, so a handler that changes its query object cannot change the next request's.
    return Object.assign(Object.create(Object.getPrototypeOf(answer) as object | null) as object, answer);
  }
}

/** Unknown fields are rejected, known ones converted to their declared types (conventions.md). */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedException(flatten(errors)),
  });
}
