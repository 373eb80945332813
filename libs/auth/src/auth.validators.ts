import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsString,
  Length,
  Matches,
  MaxLength,
  registerDecorator,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import {
  charLength,
  EMAIL_MAX_LENGTH,
  ONE_TIME_TOKEN_PATTERN,
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_CHARACTERS,
  TIME_ZONE_MAX_LENGTH,
  TWO_FACTOR_CODE_PATTERN,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
  USERNAME_PATTERN,
  utf8Length,
} from '@tally/contracts';

// The limits live in @tally/contracts, which the web client's forms use too.
export { PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARACTERS, USERNAME_PATTERN, utf8Length };

/** A class-validator rule for strings, as a property decorator factory. */
function stringRule(name: string, test: (value: string) => boolean, message: (property: string) => string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (object, propertyName) =>
      registerDecorator({
        name,
        target: object.constructor,
        propertyName: String(propertyName),
        options,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && test(value),
          defaultMessage: (args?: ValidationArguments) => message(args?.property ?? String(propertyName)),
        },
      });
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
      message: `username must be ${USERNAME_MIN_LENGTH}–${USERNAME_MAX_LENGTH} characters: letters, digits, "_", "." or "-"`,
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

/** The canonical IANA name of a time zone Node knows (e.g. `Europe/Berlin`, `UTC`), or null. */
export function canonicalTimeZone(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > TIME_ZONE_MAX_LENGTH || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value))
    return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

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
