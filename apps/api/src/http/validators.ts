import { applyDecorators } from '@nestjs/common';
import { canonicalTimeZone } from '@tally/auth';
import {
  charLength,
  EMAIL_MAX_LENGTH,
  ONE_TIME_TOKEN_PATTERN,
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_CHARACTERS,
  TextRule,
  TIME_ZONE_MAX_LENGTH,
  textProblem,
  TWO_FACTOR_CODE_PATTERN,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  USERNAME_PATTERN,
  utf8Length,
} from '@tally/contracts';
import { decimalFromNumber } from '@tally/logs';
import { INSTANT_FORMAT_HINT, parseInstant, parseTimeBound, TIME_BOUND_FORMAT_HINT } from '@tally/platform';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';

/**
 * Every class-validator decorator of the api's DTOs that is not class-validator's own: each is a
 * thin layer over a domain rule (libs' `*.rules.ts`, platform's text and time rules), so the API's
 * 400s and the services (and imports) agree on what is valid.
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

/**
 * The longest date-time (or range bound) accepted: an ISO 8601 instant with nanoseconds and an offset
 * (`2025-03-09T08:30:00.123456789+05:45`) is 35 characters; anything longer is refused unread.
 */
export const DATE_TIME_MAX_LENGTH = 40;

/**
 * What the OpenAPI document says of the strings these rules accept (quality.md C3: every string
 * bounded), spread into the DTOs' @ApiProperty beside the rule, so the two are written together.
 */
export const DOCUMENTED = {
  /** IsCurrentPassword: at most 72 bytes, so at most 72 characters. */
  currentPassword: { minLength: 1, maxLength: PASSWORD_MAX_BYTES },
  /** IsNewPassword: 8 characters to 72 bytes. */
  newPassword: { minLength: PASSWORD_MIN_CHARACTERS, maxLength: PASSWORD_MAX_BYTES },
  username: { pattern: USERNAME_PATTERN.source, minLength: USERNAME_MIN_LENGTH, maxLength: USERNAME_MAX_LENGTH },
  email: { maxLength: EMAIL_MAX_LENGTH },
  timeZone: { maxLength: TIME_ZONE_MAX_LENGTH },
  twoFactorCode: { pattern: TWO_FACTOR_CODE_PATTERN.source, minLength: 6, maxLength: 32 },
  oneTimeToken: { pattern: ONE_TIME_TOKEN_PATTERN.source, minLength: 43, maxLength: 43 },
  instant: { format: 'date-time', maxLength: DATE_TIME_MAX_LENGTH },
  timeBound: { maxLength: DATE_TIME_MAX_LENGTH },
} as const;

/** ISO 8601 date-time with an offset. */
export const IsInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) =>
          typeof value === 'string' && value.length <= DATE_TIME_MAX_LENGTH && parseInstant(value) !== null,
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
        validate: (value) =>
          typeof value === 'string' &&
          value.length <= DATE_TIME_MAX_LENGTH &&
          parseTimeBound(value, 'UTC', 'start') !== null,
        defaultMessage: (args) => `${args?.property} must be ${TIME_BOUND_FORMAT_HINT}`,
      },
    },
    options,
  );

/** A string rule as a class-validator decorator factory. */
function stringRule(name: string, test: (value: string) => boolean, message: (property: string) => string) {
  return (options?: ValidationOptions) =>
    ValidateBy(
      {
        name,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && test(value),
          defaultMessage: (args?: ValidationArguments) => message(args?.property ?? name),
        },
      },
      options,
    );
}

const MaxBytes = (max: number, options?: ValidationOptions) =>
  stringRule(
    'maxBytes',
    (v) => utf8Length(v) <= max,
    (p) => `${p} must be at most ${max} bytes`,
  )(options);

const MinCharacters = (min: number, options?: ValidationOptions) =>
  stringRule(
    'minCharacters',
    (v) => charLength(v) >= min,
    (p) => `${p} must be at least ${min} characters long`,
  )(options);

/** A new password: 8 characters to 72 bytes (UTF-8). */
export const IsNewPassword = () =>
  applyDecorators(
    IsString({ message: ({ property }) => `${property} must be a string` }),
    MinCharacters(PASSWORD_MIN_CHARACTERS),
    MaxBytes(PASSWORD_MAX_BYTES, {
      message: ({ property }) =>
        `${property} must be at most ${PASSWORD_MAX_BYTES} bytes (bcrypt ignores anything longer); letters with accents and emoji count 2–4 bytes each`,
    }),
  );

/** A password being checked (login, confirmations): any string up to the bcrypt limit. */
export const IsCurrentPassword = () =>
  applyDecorators(
    IsString({ message: ({ property }) => `${property} must be a string` }),
    Length(1, 1024, { message: ({ property }) => `${property} must not be empty` }),
    MaxBytes(PASSWORD_MAX_BYTES, {
      message: ({ property }) => `${property} must be at most ${PASSWORD_MAX_BYTES} bytes`,
    }),
  );

export const IsUsername = () =>
  applyDecorators(
    IsString({ message: 'username must be a string' }),
    Matches(USERNAME_PATTERN, {
      message: 'username must be 3–32 characters: letters, digits, "_", "." or "-"',
    }),
  );

/** Trimmed and lower-cased before validation; at most 254 characters (RFC 5321). */
export const IsEmailAddress = () =>
  applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value)),
    IsString({ message: 'email must be a string' }),
    MaxLength(EMAIL_MAX_LENGTH, { message: `email must be at most ${EMAIL_MAX_LENGTH} characters` }),
    IsEmail({}, { message: 'email must be an email address, like name@example.com' }),
  );

export const IsTimeZone = stringRule(
  'isTimeZone',
  (v) => canonicalTimeZone(v) !== null,
  (p) => `${p} must be an IANA time zone name, like Europe/Berlin or UTC`,
);

/** A 6-digit TOTP code or a recovery code (xxxx-xxxx-xxxx-xxxx). */
export const IsTwoFactorCode = () =>
  applyDecorators(
    IsString({ message: 'code must be a string' }),
    Matches(TWO_FACTOR_CODE_PATTERN, {
      message: 'code must be the 6-digit code from your authenticator app or a recovery code',
    }),
  );

/** One-time tokens are 32 random bytes in base64url: 43 characters. */
export const IsOneTimeToken = () =>
  applyDecorators(
    IsString({ message: 'token must be a string' }),
    Matches(ONE_TIME_TOKEN_PATTERN, { message: 'token is malformed: copy the whole link from the email' }),
  );
