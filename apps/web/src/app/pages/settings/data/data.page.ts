import { ChangeDetectionStrategy, Component, DestroyRef, DOCUMENT, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { Subscription } from 'rxjs';
import { AlertComponent } from '../../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../../components/field/field.component';
import { IconComponent } from '../../../components/icon/icon.component';
import { ApiErrorDetail, problemMessage, toApiProblem } from '../../../core/api/api-error';
import { Session } from '../../../core/auth/session.service';
import { AccountSettingsService } from '../../../core/data/account-settings.service';
import { ExportFormat, ImportResult, saveFile, TransferService } from '../../../core/data/transfer.service';
import { FormSubmission } from '../../../core/forms/form-submission';
import { Confirmations } from '../../../core/ui/confirm.service';
import { Toasts } from '../../../core/ui/toast.service';

interface Progress {
  label: string;
  /** 0–1, or null while the size or the remaining work is unknown. */
  fraction: number | null;
}

type ImportState =
  | { kind: 'idle' }
  | { kind: 'running'; dryRun: boolean; progress: Progress }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'refused'; message: string; details: ApiErrorDetail[] };

/** Export everything, import an export (checked first, all or nothing), and delete the account. */
@Component({
  selector: 'app-data-page',
  imports: [AlertComponent, FieldComponent, FieldControlDirective, IconComponent, ReactiveFormsModule],
  templateUrl: './data.page.html',
  styleUrl: './data.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DataPage {
  private readonly transfer = inject(TransferService);
  private readonly account = inject(AccountSettingsService);
  protected readonly session = inject(Session);
  private readonly toasts = inject(Toasts);
  private readonly confirmations = inject(Confirmations);
  private readonly router = inject(Router);
  private readonly document = inject(DOCUMENT);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly exporting = signal<{ format: ExportFormat; progress: Progress } | null>(null);
  protected readonly exportProblem = signal<string | null>(null);
  protected readonly file = signal<File | null>(null);
  protected readonly importState = signal<ImportState>({ kind: 'idle' });
  private running: Subscription | null = null;

  protected readonly deleteForm = inject(NonNullableFormBuilder).group({
    password: ['', Validators.required],
    code: [''],
  });
  protected readonly deleteSubmission = new FormSubmission(this.deleteForm);

  protected export(format: ExportFormat): void {
    if (this.exporting()) return;
    this.exportProblem.set(null);
    this.exporting.set({ format, progress: { label: 'Preparing your file…', fraction: null } });
    this.transfer
      .export(format)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (step) => {
          if (step.kind === 'progress') {
            const kb = Math.round(step.loaded / 1024);
            this.exporting.set({ format, progress: { label: `Downloading… ${kb} KB`, fraction: step.fraction } });
          } else {
            saveFile(step.value, this.document);
            this.exporting.set(null);
            this.toasts.show(`Your data is in ${step.value.filename}.`);
          }
        },
        error: (error: unknown) => {
          this.exporting.set(null);
          this.exportProblem.set(problemMessage(toApiProblem(error)));
        },
      });
  }

  protected pick(input: HTMLInputElement): void {
    this.file.set(input.files?.[0] ?? null);
    this.importState.set({ kind: 'idle' });
  }

  protected runImport(dryRun: boolean): void {
    const file = this.file();
    if (!file || this.importState().kind === 'running') return;
    const verb = dryRun ? 'Checking' : 'Importing';
    this.importState.set({ kind: 'running', dryRun, progress: { label: `Uploading ${file.name}…`, fraction: 0 } });
    this.running?.unsubscribe();
    this.running = this.transfer
      .import(file, dryRun)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (step) => {
          if (step.kind === 'progress') {
            const uploaded = step.fraction !== null && step.fraction >= 1;
            this.importState.set({
              kind: 'running',
              dryRun,
              progress: uploaded
                ? { label: `${verb} every line…`, fraction: null }
                : { label: `Uploading ${file.name}…`, fraction: step.fraction },
            });
          } else {
            this.importState.set({ kind: 'done', result: step.value });
            if (!dryRun) this.toasts.show(`Imported ${step.value.logsImported} logs.`);
          }
        },
        error: (error: unknown) => {
          const problem = toApiProblem(error);
          this.importState.set({ kind: 'refused', message: problemMessage(problem), details: problem.details });
        },
      });
  }

  protected cancelImport(): void {
    this.running?.unsubscribe();
    this.importState.set({ kind: 'idle' });
  }

  protected passwordError(): string | null {
    const control = this.deleteForm.controls.password;
    if (!this.deleteSubmission.shows(control)) return null;
    return (control.errors?.['server'] as string) ?? 'Enter your password to confirm.';
  }

  protected codeError(): string | null {
    const control = this.deleteForm.controls.code;
    if (!this.deleteSubmission.shows(control)) return null;
    return (control.errors?.['server'] as string) ?? 'Enter the code from your authenticator app.';
  }

  protected async deleteAccount(): Promise<void> {
    const twoFactor = this.session.user()?.twoFactorEnabled ?? false;
    const code = this.deleteForm.controls.code;
    code.setValidators(twoFactor ? Validators.required : null);
    code.updateValueAndValidity();
    if (this.deleteSubmission.busy() || this.deleteForm.invalid) {
      this.deleteSubmission.start();
      return;
    }
    const ok = await this.confirmations.ask({
      title: 'Delete your account for good?',
      message: 'Every tracker, log, report and setting of yours is deleted now. This cannot be undone.',
      confirmLabel: 'Delete everything',
      danger: true,
    });
    if (!ok || !this.deleteSubmission.start()) return;
    const { password, code: codeValue } = this.deleteForm.getRawValue();
    this.account.deleteAccount({ password, ...(twoFactor ? { code: codeValue.trim() } : {}) }).subscribe({
      next: () => {
        this.deleteSubmission.succeed();
        // The api revoked the session and cleared its cookies.
        this.session.forget();
        void this.router
          .navigateByUrl('/')
          .then(() => this.toasts.show('Your account and all its data are deleted.', 'info'));
      },
      error: (error: unknown) => {
        const problem = toApiProblem(error);
        if (problem.status === 422 && !problem.details.length) {
          const field = /code/i.test(problem.message) ? 'code' : 'password';
          problem.details = [{ field, message: problem.message }];
        }
        this.deleteSubmission.fail(problem);
      },
    });
  }
}
