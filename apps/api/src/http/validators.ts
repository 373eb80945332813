import { textProblem, TextRule } from '@tally/contracts';
import { decimalFromNumber } from '@tally/logs';
import { INSTANT_FORMAT_HINT, parseInstant, parseTimeBound, TIME_BOUND_FORMAT_HINT } from '@tally/platform';
import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';

/**
 * class-validator decorators over the domain's own rule functions, so the API's 400s and the
 * services (and imports) agree on what is valid.
 */

/**
 * An optional field that is not nullable: leaving it out is fine, but `null` is checked by the
 * field's other rules (and refused with a 400) rather than skipped as `@IsOptional()` would, which
 * let `{"username": null}` reach the database (a 500) and `{"timezone": null}` the services (a 422).
 */
export const IsOmittable = (options?: ValidationOptions) =>
  ValidateIf((_object, value) => value !== undefined, options);

/** Text within `rule` (length in characters, no stray control characters, valid Unicode). */
export const IsText = (rule: TextRule, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isText',
      validator: {
        validate: (value) => typeof value === 'string' && textProblem(value, rule) === null,
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? `${args.property} ${textProblem(args.value, rule)}`
            : `${args?.property} must be a string`,
      },
    },
    options,
  );

/** A JSON number a DECIMAL(18,4) column holds exactly. */
export const IsStorableDecimal = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isStorableDecimal',
      validator: {
        validate: (value) => decimalFromNumber(value).ok,
        defaultMessage: (args) => {
          const result = decimalFromNumber(args?.value);
          return `${args?.property} ${result.ok ? 'is invalid' : result.problem}`;
        },
      },
    },
    options,
  );

/** ISO 8601 date-time with an offset. */
export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => typeof value === 'string' && parseInstant(value) !== null,
        defaultMessage: (args) => `${args?.property} must be ${INSTANT_FORMAT_HINT}`,
      },
    },
    options,
  );

/** A range bound: a date-time with offset or a date (read in the user's zone by the service). */
export const IsTimeBound = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isTimeBound',
      validator: {
        validate: (value) => typeof value === 'string' && parseTimeBound(value, 'UTC', 'start') !== null,
        defaultMessage: (args) => `${args?.property} must be ${TIME_BOUND_FORMAT_HINT}`,
      },
    },
    options,
  );
