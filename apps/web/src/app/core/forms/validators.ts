import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { charLength, EMAIL_MAX_LENGTH, TextRule, textProblem, USERNAME_PATTERN } from '@tally/contracts';

/** `{ text: "must be at most 100 characters" }`: the api's rule for a stored text field (text-rules.ts). */
export function textValidator(rule: TextRule): ValidatorFn {
  return (control: AbstractControl<string | null>): ValidationErrors | null => {
    const problem = textProblem(control.value ?? '', rule);
    return problem ? { text: problem } : null;
  };
}

/** Required text: not blank once trimmed. */
export const notBlank: ValidatorFn = (control: AbstractControl<string | null>) =>
  (control.value ?? '').trim() === '' ? { required: true } : null;

/** An email address as people type them (the api checks it properly). */
export const emailValidator: ValidatorFn = (control: AbstractControl<string | null>) => {
  const value = (control.value ?? '').trim();
  if (value === '') return { required: true };
  if (charLength(value) > EMAIL_MAX_LENGTH) return { email: true };
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : { email: true };
};

export const usernameValidator: ValidatorFn = (control: AbstractControl<string | null>) => {
  const value = control.value ?? '';
  if (value === '') return { required: true };
  return USERNAME_PATTERN.test(value) ? null : { username: true };
};

/** The first message for a control's errors: the api's own (`server`) first, then the given wording. */
export function messageFor(control: AbstractControl, messages: Record<string, string>, field = 'This field'): string {
  const errors = control.errors ?? {};
  if (typeof errors['server'] === 'string') return errors['server'];
  for (const key of Object.keys(errors)) {
    if (messages[key]) return messages[key];
    if (key === 'text') return `${field} ${errors['text'] as string}.`;
  }
  return `Check ${field.toLowerCase()}.`;
}
