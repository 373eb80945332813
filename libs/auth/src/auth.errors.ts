import { BadRequestError, ConflictError, ForbiddenError, RuleViolationError, UnauthorizedError } from '@tally/platform';

/** Same answer whether the login is unknown or the password wrong: accounts are not enumerable here. */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('The login or password is wrong');
  }
}

/** The password was right and the account has two-factor authentication on: the client must ask for a code. */
export class TwoFactorRequiredError extends UnauthorizedError {
  constructor() {
    super(
      'Two-factor authentication is on for this account: send the 6-digit code from your authenticator app (or a recovery code) as "code"',
      [{ field: 'code', message: 'code is required for this account' }],
    );
  }
}

export class InvalidTwoFactorCodeError extends UnauthorizedError {
  constructor() {
    super('The two-factor code is wrong, expired or already used', [
      { field: 'code', message: 'code is wrong, expired or already used' },
    ]);
  }
}

export class AccountDisabledError extends ForbiddenError {
  constructor() {
    super('This account is disabled; contact the administrator');
  }
}

/** A confirmation or reset link that is unknown, used or expired. Which of the three is not said. */
export class InvalidLinkError extends BadRequestError {
  constructor(what: 'confirmation' | 'password reset') {
    super(`This ${what} link is invalid, already used or expired: request a new one`, [
      { field: 'token', message: 'token is invalid, already used or expired' },
    ]);
  }
}

/** A password re-entered to confirm a sensitive change was wrong (422: the request was well-formed). */
export class WrongPasswordError extends RuleViolationError {
  constructor(field = 'password') {
    super(`The ${field === 'password' ? 'password' : 'current password'} is wrong`, [
      { field, message: `${field} is wrong` },
    ]);
  }
}

/** A two-factor code re-entered to confirm a change was wrong (422, unlike at login). */
export class WrongTwoFactorCodeError extends RuleViolationError {
  constructor() {
    super('The two-factor code is wrong, expired or already used', [
      { field: 'code', message: 'code is wrong, expired or already used' },
    ]);
  }
}

const TAKEN: Record<'username' | 'email', string> = {
  email: 'An account with this email address already exists',
  username: 'This username is taken',
};

/** 409 naming each field that is already in use. */
export class AccountTakenError extends ConflictError {
  constructor(fields: ('username' | 'email')[]) {
    super(
      fields.map((f) => TAKEN[f]).join('; '),
      fields.map((field) => ({ field, message: TAKEN[field] })),
    );
  }

  /** From the unique index MySQL reported, when two registrations race. */
  static fromIndex(message: string): AccountTakenError {
    return new AccountTakenError([/users_email_unique/.test(message) ? 'email' : 'username']);
  }
}
