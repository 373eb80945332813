import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARACTERS } from '@tally/contracts';
import { AccountShellComponent } from '../../components/account-shell/account-shell.component';
import { AlertComponent } from '../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../components/field/field.component';
import { ResultComponent } from '../../components/result/result.component';
import { SubmitButtonComponent } from '../../components/submit-button/submit-button.component';
import { AccountService } from '../../core/account/account.service';
import { takeLinkToken } from '../../core/account/link-token';
import { newPasswordValidator, sameAsValidator } from '../../core/account/password.validators';
import { toApiProblem } from '../../core/api/api-error';
import { FormSubmission } from '../../core/forms/form-submission';

type ResetState =
  | { kind: 'form' }
  | { kind: 'done' }
  /** The API refused the token: unknown, already used or expired. */
  | { kind: 'invalid'; message: string };

/** `/reset-password#token=…`, the link in the password reset email: choose a new password. */
@Component({
  selector: 'app-reset-password-page',
  imports: [
    AccountShellComponent,
    AlertComponent,
    FieldComponent,
    FieldControlDirective,
    ReactiveFormsModule,
    ResultComponent,
    RouterLink,
    SubmitButtonComponent,
  ],
  templateUrl: './reset-password.page.html',
  styleUrl: './reset-password.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPasswordPage {
  private readonly account = inject(AccountService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly link = takeLinkToken();
  protected readonly state = signal<ResetState>({ kind: 'form' });
  protected readonly showPasswords = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      newPassword: ['', newPasswordValidator],
      confirmPassword: ['', Validators.required],
    },
    { validators: sameAsValidator('newPassword', 'confirmPassword') },
  );
  protected readonly submission = new FormSubmission(this.form);
  protected readonly passwordHint =
    `At least ${PASSWORD_MIN_CHARACTERS} characters; a few words in a row make a strong one. ` +
    `At most ${PASSWORD_MAX_BYTES} bytes: an accented letter counts 2, an emoji 4.`;

  protected newPasswordError(): string | null {
    const control = this.form.controls.newPassword;
    if (!this.submission.shows(control)) return null;
    const errors = control.errors ?? {};
    if (errors['server']) return errors['server'] as string;
    if (errors['tooShort']) {
      const { min, actual } = errors['tooShort'] as { min: number; actual: number };
      return `Use at least ${min} characters: this password has ${actual}.`;
    }
    if (errors['tooLong']) {
      const { max, actual } = errors['tooLong'] as { max: number; actual: number };
      return (
        `This password is ${actual} bytes long; the limit is ${max}. Letters with accents count 2 bytes and ` +
        `emoji 4: use fewer of them, or a shorter password.`
      );
    }
    return 'Enter a new password.';
  }

  protected confirmPasswordError(): string | null {
    const control = this.form.controls.confirmPassword;
    if (!control.touched && !this.submission.submitted()) return null;
    if (control.hasError('required')) return 'Type the new password again, to be sure it is the one you meant.';
    if (this.form.hasError('mismatch')) return 'The two passwords are different: type the same one twice.';
    return null;
  }

  protected submit(): void {
    if (this.link.kind !== 'present' || !this.submission.start()) return;
    this.account
      .resetPassword(this.link.token, this.form.controls.newPassword.value)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.submission.succeed();
          this.form.reset();
          this.state.set({ kind: 'done' });
        },
        error: (error: unknown) => {
          const problem = toApiProblem(error);
          if (problem.status === 400 && problem.details.some((detail) => detail.field === 'token')) {
            this.submission.succeed();
            this.state.set({ kind: 'invalid', message: problem.message });
          } else {
            this.submission.fail(problem);
          }
        },
      });
  }
}
