/**
 * The web client's pure rules behind the account pages (apps/web is built by the Angular CLI and
 * has no test runner of its own; these files import no Angular runtime code).
 */
import type { AbstractControl } from '@angular/forms';
import {
  characters,
  newPasswordValidator,
  sameAsValidator,
  utf8Bytes,
} from '../../apps/web/src/app/core/account/password.validators';
import { describeWait, parseRetryAfter, tryAgainMessage } from '../../apps/web/src/app/core/api/retry-after';
import { PASSWORD_MAX_BYTES, utf8Length } from '../../libs/auth/src/account.rules';

const control = (value: unknown) => ({ value }) as AbstractControl;
const group = (fields: Record<string, string>) =>
  ({ get: (name: string) => (name in fields ? control(fields[name]) : null) }) as unknown as AbstractControl;

describe('new password rule (web)', () => {
  it('counts bytes as the API does', () => {
    for (const sample of ['abc', 'café', '日本語', '🙂', 'é'.repeat(40)]) {
      expect(utf8Bytes(sample)).toBe(utf8Length(sample));
    }
    expect(characters('🙂🙂')).toBe(2);
  });

  it('asks for 8 characters to 72 bytes', () => {
    expect(newPasswordValidator(control(''))).toEqual({ required: true });
    expect(newPasswordValidator(control('🙂'.repeat(7)))).toEqual({ tooShort: { min: 8, actual: 7 } });
    expect(newPasswordValidator(control('a'.repeat(PASSWORD_MAX_BYTES)))).toBeNull();
    expect(newPasswordValidator(control('a'.repeat(71) + 'é'))).toEqual({ tooLong: { max: 72, actual: 73 } });
    expect(newPasswordValidator(control('🙂'.repeat(18)))).toBeNull();
    expect(newPasswordValidator(control('🙂'.repeat(19)))).toEqual({ tooLong: { max: 72, actual: 76 } });
  });

  it('flags a confirmation that differs, once one is typed', () => {
    const same = sameAsValidator('password', 'confirmation');
    expect(same(group({ password: 'abcdefgh', confirmation: '' }))).toBeNull();
    expect(same(group({ password: 'abcdefgh', confirmation: 'abcdefgh' }))).toBeNull();
    expect(same(group({ password: 'abcdefgh', confirmation: 'abcdefgX' }))).toEqual({ mismatch: true });
  });
});

describe('Retry-After (web)', () => {
  const now = new Date('2026-11-25T10:00:00Z');

  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    expect(parseRetryAfter('900', now)).toBe(900);
    expect(parseRetryAfter(' 30 ', now)).toBe(30);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:02:00 GMT', now)).toBe(120);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:59:00 GMT', now)).toBeNull();
    expect(parseRetryAfter('0', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('says how long to wait the way people do', () => {
    expect(describeWait(1)).toBe('1 second');
    expect(describeWait(45)).toBe('45 seconds');
    expect(describeWait(60)).toBe('1 minute');
    expect(describeWait(61)).toBe('2 minutes');
    expect(describeWait(900)).toBe('15 minutes');
    expect(describeWait(7_200)).toBe('about 2 hours');
  });

  it('adds the clock time for longer waits', () => {
    expect(tryAgainMessage(30, now)).toBe('Too many attempts for now. Please try again in 30 seconds.');
    expect(tryAgainMessage(900, now)).toMatch(
      /^Too many attempts for now\. Please try again in 15 minutes \(after \d{1,2}[:.]\d{2}.*\)\.$/,
    );
  });
});
