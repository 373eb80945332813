import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import {
  PASSWORD_MAX_BYTES,
  PASSWORD_MIN_CHARACTERS,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
} from '@tally/contracts';
import { switchMap } from 'rxjs';
import { AccountShellComponent } from '../../components/account-shell/account-shell.component';
import { AlertComponent } from '../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../components/field/field.component';
import { SubmitButtonComponent } from '../../components/submit-button/submit-button.component';
import { newPasswordValidator } from '../../core/account/password.validators';
import { ApiClient } from '../../core/api/api-client';
import { toApiProblem } from '../../core/api/api-error';
import { Session } from '../../core/auth/session.service';
import { FormSubmission } from '../../core/forms/form-submission';
import { emailValidator, usernameValidator } from '../../core/forms/validators';
import { deviceTimeZone } from '../../core/time/zoned-time';

/**
 * `/signup`: username, email and password, with the device's time zone. The account is created
 * and signed in at once; the confirmation email's link can be opened any time after.
 */
@Component({
  selector: 'app-signup-page',
  imports: [
    AccountShellComponent,
    AlertComponent,
    FieldComponent,
    FieldControlDirective,
    ReactiveFormsModule,
    RouterLink,
    SubmitButtonComponent,
  ],
  templateUrl: './signup.page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SignupPage {
  private readonly api = inject(ApiClient);
  private readonly session = inject(Session);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly timezone = deviceTimeZone();
  protected readonly showPassword = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', usernameValidator],
    email: ['', emailValidator],
    password: ['', newPasswordValidator],
  });
  protected readonly submission = new FormSubmission(this.form);
  protected readonly usernameHint = `${USERNAME_MIN_LENGTH}–${USERNAME_MAX_LENGTH} letters, digits, dots, dashes or underscores.`;
  protected readonly passwordHint =
    `At least ${PASSWORD_MIN_CHARACTERS} characters; a few words in a row make a strong one ` +
    `(at most ${PASSWORD_MAX_BYTES} bytes).`;

  protected usernameError(): string | null {
    const control = this.form.controls.username;
    if (!this.submission.shows(control)) return null;
    if (control.errors?.['server']) return control.errors['server'] as string;
    if (control.hasError('required')) return 'Choose a username.';
    return `Use ${USERNAME_MIN_LENGTH} to ${USERNAME_MAX_LENGTH} letters, digits, dots, dashes or underscores, without spaces.`;
  }

  protected emailError(): string | null {
    const control = this.form.controls.email;
    if (!this.submission.shows(control)) return null;
    if (control.errors?.['server']) return control.errors['server'] as string;
    if (control.hasError('required')) return 'Enter your email address: we send the confirmation link there.';
    return 'Enter an email address like name@example.com.';
  }

  protected passwordError(): string | null {
    const control = this.form.controls.password;
    if (!this.submission.shows(control)) return null;
    const errors = control.errors ?? {};
    if (errors['server']) return errors['server'] as string;
    if (errors['tooShort']) {
      const { min, actual } = errors['tooShort'] as { min: number; actual: number };
      return `Use at least ${min} characters: this password has ${actual}.`;
    }
    if (errors['tooLong']) {
      const { max, actual } = errors['tooLong'] as { max: number; actual: number };
      return `This password is ${actual} bytes long; the limit is ${max}. Accented letters count 2 bytes, emoji 4.`;
    }
    return 'Choose a password.';
  }

  protected submit(): void {
    if (!this.submission.start()) return;
    const { username, email, password } = this.form.getRawValue();
    const body = { username, email: email.trim(), password, timezone: this.timezone };
    let created = false;
    this.api
      .post('/api/v1/auth/register', { body })
      .pipe(
        switchMap(() => {
          created = true;
          return this.session.login({ login: username, password });
        }),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe({
        next: () => {
          this.submission.succeed();
          void this.router.navigate(['/dashboard'], { queryParams: { welcome: 1 } });
        },
        error: (error: unknown) => {
          if (!created) return this.submission.fail(toApiProblem(error));
          // The account exists; only the automatic sign-in failed: sign in by hand.
          this.submission.succeed();
          void this.router.navigate(['/login']);
        },
      });
  }
}
