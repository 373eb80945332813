/**
 * The web client's pure rules behind the account pages (apps/web is built by the Angular CLI and
 * has no test runner of its own; these files import no Angular runtime code).
 */
import type { AbstractControl } from '@angular/forms';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARACTERS } from '@tally/contracts';
import { IsNewPassword } from '../../apps/api/src/http/validators';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { newPasswordValidator, sameAsValidator } from '../../apps/web/src/app/core/account/password.validators';
import { describeWait, parseRetryAfter, tryAgainMessage } from '../../apps/web/src/app/core/api/retry-after';

const control = (value: unknown) => ({ value }) as AbstractControl;
const group = (fields: Record<string, string>) =>
  ({ get: (name: string) => (name in fields ? control(fields[name]) : null) }) as unknown as AbstractControl;

/** The api's rule, as its DTOs apply it. */
class NewPassword {
  @IsNewPassword()
  password!: string;
}
const apiAccepts = (password: string) => validateSync(plainToInstance(NewPassword, { password })).length === 0;

describe('new password rule (web)', () => {
  const min = PASSWORD_MIN_CHARACTERS;
  const max = PASSWORD_MAX_BYTES;

  it('asks for the shared minimum of characters, counting an emoji as one', () => {
    expect(newPasswordValidator(control(''))).toEqual({ required: true });
    expect(newPasswordValidator(control('🙂'.repeat(min - 1)))).toEqual({ tooShort: { min, actual: min - 1 } });
    expect(newPasswordValidator(control('🙂'.repeat(min)))).toBeNull();
  });

  it('allows up to the shared maximum of UTF-8 bytes', () => {
    expect(newPasswordValidator(control('a'.repeat(max)))).toBeNull();
    expect(newPasswordValidator(control('a'.repeat(max - 1) + 'é'))).toEqual({ tooLong: { max, actual: max + 1 } });
    expect(newPasswordValidator(control('🙂'.repeat(max / 4)))).toBeNull();
    expect(newPasswordValidator(control('🙂'.repeat(max / 4 + 1)))).toEqual({ tooLong: { max, actual: max + 4 } });
  });

  it('accepts exactly the passwords the API accepts', () => {
    const samples = ['a'.repeat(min - 1), 'a'.repeat(min), '🙂'.repeat(min - 1), '🙂'.repeat(min), 'a'.repeat(max)];
    samples.push('a'.repeat(max + 1), 'é'.repeat(max / 2), 'é'.repeat(max / 2 + 1), '日本語のパスワード'.repeat(3));
    for (const password of samples) {
      expect([password, newPasswordValidator(control(password)) === null]).toEqual([password, apiAccepts(password)]);
    }
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
