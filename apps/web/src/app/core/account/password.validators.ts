import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** The API's rule for new passwords (libs/auth `IsNewPassword`): 8 characters to 72 bytes of UTF-8. */
export const PASSWORD_MIN_CHARACTERS = 8;
/** bcrypt reads 72 bytes at most; the API refuses longer passwords rather than cut them silently. */
export const PASSWORD_MAX_BYTES = 72;

const encoder = new TextEncoder();

/** Bytes in UTF-8: 1 for ASCII, 2 for most accented letters, 3 for CJK, 4 for emoji. */
export const utf8Bytes = (value: string): number => encoder.encode(value).length;

/** Characters as people count them (code points: an emoji is one, not two UTF-16 units). */
export const characters = (value: string): number => [...value].length;

/**
 * `{ required }`, `{ tooShort: { min, actual } }` or `{ tooLong: { max, actual } }` (in bytes),
 * checked the way the API checks, so a password the form accepts is one the API accepts.
 */
export const newPasswordValidator: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const value = control.value ?? '';
  if (value === '') return { required: true };
  const length = characters(value);
  if (length < PASSWORD_MIN_CHARACTERS) return { tooShort: { min: PASSWORD_MIN_CHARACTERS, actual: length } };
  const bytes = utf8Bytes(value);
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
