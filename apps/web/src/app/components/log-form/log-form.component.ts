import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  input,
  OnInit,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  ValidatorFn,
} from '@angular/forms';
import { LOG_LIMITS } from '@tally/contracts';
import { toApiProblem } from '../../core/api/api-error';
import { Emotion, Log, Tracker } from '../../core/data/models';
import { TrackersService } from '../../core/data/trackers.service';
import { FormSubmission } from '../../core/forms/form-submission';
import { messageFor, textValidator } from '../../core/forms/validators';
import { fromLocalInput, isoInZone, toLocalInput } from '../../core/time/zoned-time';
import { AlertComponent } from '../alert/alert.component';
import { EmotionPickerComponent } from '../emotion-picker/emotion-picker.component';
import { FieldComponent, FieldControlDirective } from '../field/field.component';
import { SubmitButtonComponent } from '../submit-button/submit-button.component';

const DAY_MS = 86_400_000;

/** A value the api stores exactly: DECIMAL(18,4), so at most 14 digits before the point and 4 after. */
const decimalValidator: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const text = (control.value ?? '').trim();
  if (text === '') return { required: true };
  if (!/^-?\d+([.,]\d+)?$/.test(text)) return { number: true };
  if (!/^-?\d{1,14}([.,]\d{1,4})?$/.test(text)) return { precision: true };
  return null;
};

/**
 * Add or edit a log: the value (numbers) or the note, how it felt, when it happened (back-dating
 * allowed, at most a day ahead, as the api rules) and an optional email reminder. Times are typed
 * and shown in the user's time zone, and sent with its offset.
 */
@Component({
  selector: 'app-log-form',
  imports: [
    AlertComponent,
    EmotionPickerComponent,
    FieldComponent,
    FieldControlDirective,
    ReactiveFormsModule,
    SubmitButtonComponent,
  ],
  templateUrl: './log-form.component.html',
  styles: `
    .reminder {
      display: grid;
      gap: 1rem;
      padding: 1rem;
      border: 1px solid var(--border);
      border-radius: var(--radius);
      background: var(--surface-sunken);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LogFormComponent implements OnInit {
  readonly tracker = input.required<Tracker>();
  /** The log to edit; null adds one. */
  readonly log = input<Log | null>(null);
  readonly zone = input.required<string>();
  readonly saved = output<Log>();
  readonly cancelled = output<void>();

  private readonly trackers = inject(TrackersService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly numerical = computed(() => this.tracker().type === 'numerical');
  protected readonly form = inject(NonNullableFormBuilder).group({
    value: [''],
    description: ['', textValidator({ max: LOG_LIMITS.description, multiline: true })],
    emotion: [null as Emotion | null],
    loggedAt: [''],
    remind: [false],
    reminderMessage: ['', textValidator({ max: LOG_LIMITS.reminderMessage })],
    reminderAt: [''],
  });
  protected readonly submission = new FormSubmission(this.form);
  protected readonly maxLoggedAt = signal('');
  protected readonly nowLocal = signal('');

  ngOnInit(): void {
    const zone = this.zone();
    const log = this.log();
    const now = new Date();
    this.nowLocal.set(toLocalInput(now, zone));
    this.maxLoggedAt.set(toLocalInput(new Date(now.getTime() + DAY_MS), zone));
    const controls = this.form.controls;
    if (this.numerical()) controls.value.addValidators(decimalValidator);
    else controls.description.addValidators((c) => ((c.value ?? '').trim() === '' ? { required: true } : null));
    controls.loggedAt.addValidators(this.loggedAtValidator);
    controls.reminderAt.addValidators(this.reminderAtValidator);
    controls.reminderMessage.addValidators((c) =>
      this.form?.controls.remind.value && (c.value ?? '').trim() === '' ? { required: true } : null,
    );
    this.form.reset({
      value: log?.value !== null && log?.value !== undefined ? String(log.value) : '',
      description: log?.description ?? '',
      emotion: log?.emotion ?? null,
      loggedAt: toLocalInput(log ? new Date(log.loggedAt) : now, zone),
      remind: !!log?.reminderAt && !log.reminderSentAt,
      reminderMessage: log?.reminderMessage ?? '',
      reminderAt: log?.reminderAt ? toLocalInput(new Date(log.reminderAt), zone) : '',
    });
    // The reminder's fields are judged again when the box is ticked or unticked.
    controls.remind.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((on) => {
      if (on && !controls.reminderAt.value) {
        controls.reminderAt.setValue(toLocalInput(new Date(Date.now() + 3_600_000), this.zone()));
      }
      controls.reminderMessage.updateValueAndValidity();
      controls.reminderAt.updateValueAndValidity();
    });
  }

  private readonly loggedAtValidator: ValidatorFn = (control) => {
    const value = control.value as string;
    if (!value) return { required: true };
    const at = fromLocalInput(value, this.zone());
    return at.getTime() > Date.now() + DAY_MS ? { future: true } : null;
  };

  private readonly reminderAtValidator: ValidatorFn = (control) => {
    if (!this.form?.controls.remind.value) return null;
    const value = control.value as string;
    if (!value) return { required: true };
    return fromLocalInput(value, this.zone()).getTime() <= Date.now() ? { past: true } : null;
  };

  protected error(name: keyof typeof this.form.controls): string | null {
    const control = this.form.controls[name];
    if (!this.submission.shows(control)) return null;
    switch (name) {
      case 'value':
        return messageFor(control, {
          required: 'Enter the value to log.',
          number: 'Enter a number, like 5 or 5.25.',
          precision: 'Use at most 14 digits before the decimal point and 4 after it.',
        });
      case 'description':
        return messageFor(control, { required: 'Write the note.' }, 'The note');
      case 'loggedAt':
        return messageFor(control, {
          required: 'Choose when it happened.',
          future: 'A log can be at most one day in the future.',
        });
      case 'reminderMessage':
        return messageFor(control, { required: 'Write what the reminder should say.' }, 'The reminder');
      case 'reminderAt':
        return messageFor(control, {
          required: 'Choose when to send the reminder.',
          past: 'Choose a time in the future.',
        });
      default:
        return null;
    }
  }

  protected submit(): void {
    if (!this.submission.start()) return;
    const v = this.form.getRawValue();
    const zone = this.zone();
    const description = v.description.trim();
    const log = this.log();
    // The field shows minutes; untouched, it means "now" for a new log and "unchanged" for an edit.
    const when = this.form.controls.loggedAt.dirty
      ? isoInZone(fromLocalInput(v.loggedAt, zone), zone)
      : log
        ? undefined
        : isoInZone(new Date(), zone);
    const body = {
      ...(when ? { loggedAt: when } : {}),
      ...(this.numerical() ? { value: Number(v.value.trim().replace(',', '.')) } : {}),
      description: description === '' ? null : description,
      emotion: v.emotion,
      reminderMessage: v.remind ? v.reminderMessage.trim() : null,
      reminderAt: v.remind ? isoInZone(fromLocalInput(v.reminderAt, zone), zone) : null,
    };
    const tracker = this.tracker();
    // A reminder already sent is kept as it was unless the user sets a new one.
    if (log?.reminderSentAt && !v.remind) {
      delete (body as Partial<typeof body>).reminderMessage;
      delete (body as Partial<typeof body>).reminderAt;
    }
    const request = log ? this.trackers.updateLog(tracker.id, log.id, body) : this.trackers.addLog(tracker.id, body);
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (saved) => {
        this.submission.succeed();
        this.saved.emit(saved);
      },
      error: (error: unknown) => this.submission.fail(toApiProblem(error)),
    });
  }
}
