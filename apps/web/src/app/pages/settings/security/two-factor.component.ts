import { ChangeDetectionStrategy, Component, DestroyRef, DOCUMENT, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { TWO_FACTOR_CODE_PATTERN } from '@tally/contracts';
import { AlertComponent } from '../../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../../components/field/field.component';
import { SubmitButtonComponent } from '../../../components/submit-button/submit-button.component';
import { toApiProblem } from '../../../core/api/api-error';
import { Session } from '../../../core/auth/session.service';
import {
  AccountSettingsService,
  TwoFactorEnrolment,
  TwoFactorStatus,
} from '../../../core/data/account-settings.service';
import { saveFile } from '../../../core/data/transfer.service';
import { FormSubmission } from '../../../core/forms/form-submission';
import { Toasts } from '../../../core/ui/toast.service';

type Step =
  | { kind: 'status' }
  | { kind: 'password' }
  | { kind: 'scan'; enrolment: TwoFactorEnrolment }
  | { kind: 'codes'; codes: string[]; fresh: boolean }
  | { kind: 'confirm'; action: 'disable' | 'codes' };

/**
 * Two-factor sign-in with an authenticator app: turn it on (password, scan the QR code or type the
 * secret, confirm a code, keep the 10 recovery codes shown once), get new recovery codes, turn it off.
 */
@Component({
  selector: 'app-two-factor',
  imports: [AlertComponent, FieldComponent, FieldControlDirective, ReactiveFormsModule, SubmitButtonComponent],
  templateUrl: './two-factor.component.html',
  styleUrl: './two-factor.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TwoFactorComponent {
  private readonly account = inject(AccountSettingsService);
  private readonly session = inject(Session);
  private readonly toasts = inject(Toasts);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly status = signal<TwoFactorStatus | null>(null);
  protected readonly step = signal<Step>({ kind: 'status' });
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly passwordForm = this.fb.group({ password: ['', Validators.required] });
  protected readonly codeForm = this.fb.group({ code: ['', [Validators.required, Validators.pattern(/^\d{6}$/)]] });
  protected readonly confirmForm = this.fb.group({
    password: ['', Validators.required],
    code: ['', [Validators.required, Validators.pattern(TWO_FACTOR_CODE_PATTERN)]],
  });
  protected readonly passwordSubmission = new FormSubmission(this.passwordForm);
  protected readonly codeSubmission = new FormSubmission(this.codeForm);
  protected readonly confirmSubmission = new FormSubmission(this.confirmForm);

  constructor() {
    this.load();
  }

  private load(): void {
    this.account
      .twoFactor()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ next: (status) => this.status.set(status), error: () => undefined });
  }

  protected fieldError(
    submission: FormSubmission,
    control: AbstractControl,
    empty: string,
    bad: string,
  ): string | null {
    if (!submission.shows(control)) return null;
    if (control.errors?.['server']) return control.errors['server'] as string;
    return control.hasError('required') ? empty : bad;
  }

  protected start(): void {
    this.passwordForm.reset();
    this.step.set({ kind: 'password' });
  }

  protected cancel(): void {
    this.step.set({ kind: 'status' });
  }

  protected submitPassword(): void {
    if (!this.passwordSubmission.start()) return;
    this.account
      .startTwoFactor(this.passwordForm.controls.password.value)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (enrolment) => {
          this.passwordSubmission.succeed();
          this.codeForm.reset();
          this.step.set({ kind: 'scan', enrolment });
        },
        error: (error: unknown) => this.passwordSubmission.fail(withField(toApiProblem(error), 'password')),
      });
  }

  protected submitCode(): void {
    if (!this.codeSubmission.start()) return;
    this.account
      .enableTwoFactor(this.codeForm.controls.code.value)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: ({ recoveryCodes }) => {
          this.codeSubmission.succeed();
          this.step.set({ kind: 'codes', codes: recoveryCodes, fresh: true });
          this.load();
          this.account.profile().subscribe({ error: () => undefined });
        },
        error: (error: unknown) => this.codeSubmission.fail(withField(toApiProblem(error), 'code')),
      });
  }

  protected ask(action: 'disable' | 'codes'): void {
    this.confirmForm.reset();
    this.step.set({ kind: 'confirm', action });
  }

  protected submitConfirm(action: 'disable' | 'codes'): void {
    if (!this.confirmSubmission.start()) return;
    const body = this.confirmForm.getRawValue();
    const done = (codes?: string[]) => {
      this.confirmSubmission.succeed();
      this.load();
      if (codes) this.step.set({ kind: 'codes', codes, fresh: false });
      else {
        this.step.set({ kind: 'status' });
        this.toasts.show('Two-step verification is off.');
        this.account.profile().subscribe({ error: () => undefined });
      }
    };
    const fail = (error: unknown) => this.confirmSubmission.fail(toApiProblem(error));
    if (action === 'disable') this.account.disableTwoFactor(body).subscribe({ next: () => done(), error: fail });
    else this.account.newRecoveryCodes(body).subscribe({ next: (r) => done(r.recoveryCodes), error: fail });
  }

  protected async copy(codes: string[]): Promise<void> {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      this.toasts.show('Recovery codes copied.');
    } catch {
      this.toasts.problem('Copying is not allowed here: download the codes instead.');
    }
  }

  protected download(codes: string[]): void {
    const name = this.session.user()?.username ?? 'tally';
    const text = `Tally recovery codes for ${name}\nEach works once, in place of a code from your app.\n\n${codes.join('\n')}\n`;
    saveFile(
      { blob: new Blob([text], { type: 'text/plain' }), filename: `tally-recovery-codes-${name}.txt` },
      this.document,
    );
  }

  protected finish(fresh: boolean): void {
    this.step.set({ kind: 'status' });
    this.toasts.show(fresh ? 'Two-step verification is on.' : 'Your new recovery codes are in force.');
  }
}

/** A 422/400 without details is about the field just asked for (wrong password, wrong code). */
function withField<T extends { status: number; details: { field: string; message: string }[]; message: string }>(
  problem: T,
  field: string,
): T {
  if ((problem.status === 422 || problem.status === 400) && problem.details.length === 0) {
    return { ...problem, details: [{ field, message: problem.message }] };
  }
  return problem;
}
