import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { charLength, PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARACTERS, utf8Length } from '@tally/contracts';

/**
 * `{ required }`, `{ tooShort: { min, actual } }` or `{ tooLong: { max, actual } }` (in bytes):
 * the API's rule for new passwords (libs/auth `IsNewPassword`), with its limits and counting
 * from @tally/contracts, so a password the form accepts is one the API accepts.
 */
export const newPasswordValidator: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const value = control.value ?? '';
  if (value === '') return { required: true };
  const length = charLength(value);
  if (length < PASSWORD_MIN_CHARACTERS) return { tooShort: { min: PASSWORD_MIN_CHARACTERS, actual: length } };
  const bytes = utf8Length(value);
  if (bytes > PASSWORD_MAX_BYTES) return { tooLong: { max: PASSWORD_MAX_BYTES, actual: bytes } };
  return null;
};

/** On the form group: `{ mismatch: true }` when the confirmation differs from the password. */
export function sameAsValidator(field: string, confirmation: string): ValidatorFn {
  return (group: AbstractControl): ValidationErrors | null => {
    const first = group.get(field)?.value as string | undefined;
    const second = group.get(confirmation)?.value as string | undefined;
    return second && first !== second ? { mismatch: true } : null;
  };
}
