import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { LOG_LIMITS, textProblem } from '@tally/contracts';
import { toApiProblem, problemMessage } from '../../core/api/api-error';
import { Log, Tracker } from '../../core/data/models';
import { TrackersService } from '../../core/data/trackers.service';
import { formatWhen, withUnit } from '../../core/time/time-format';
import { localDate } from '../../core/time/zoned-time';
import { Toasts } from '../../core/ui/toast.service';
import { IconComponent } from '../icon/icon.component';
import { TrackerTrendComponent } from '../tracker-trend/tracker-trend.component';

/**
 * A tracker on the dashboard: its last value (or note), the fortnight's bars and streak, and a
 * quick-log field. Logging is optimistic: the card shows the new value at once, and puts the old
 * one back (with the reason) if the api refuses it. "Undo" in the toast deletes the log again.
 */
@Component({
  selector: 'app-tracker-card',
  imports: [RouterLink, IconComponent, TrackerTrendComponent],
  templateUrl: './tracker-card.component.html',
  styleUrl: './tracker-card.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrackerCardComponent {
  readonly tracker = input.required<Tracker>();
  readonly zone = input.required<string>();
  /** The tracker as it should now be shown (optimistic, confirmed or restored). */
  readonly changed = output<Tracker>();

  private readonly trackers = inject(TrackersService);
  private readonly toasts = inject(Toasts);
  private readonly field = viewChild<ElementRef<HTMLInputElement>>('field');

  protected readonly draft = signal('');
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);

  protected readonly numerical = computed(() => this.tracker().type === 'numerical');
  protected readonly inputId = computed(() => `quick-log-${this.tracker().id}`);
  protected readonly lastValue = computed(() => {
    const t = this.tracker();
    return t.lastValue === null ? null : withUnit(t.lastValue, t.unit);
  });
  protected readonly lastWhen = computed(() => {
    const at = this.tracker().lastLoggedAt;
    return at ? formatWhen(at, this.zone(), 'relative') : null;
  });
  protected readonly loggedToday = computed(() => {
    const at = this.tracker().lastLoggedAt;
    return at !== null && localDate(new Date(at), this.zone()) === localDate(new Date(), this.zone());
  });
  protected readonly fieldLabel = computed(() => {
    const t = this.tracker();
    return this.numerical() ? `New value for ${t.name}${t.unit ? ` in ${t.unit}` : ''}` : `New note for ${t.name}`;
  });

  protected submit(event: Event): void {
    event.preventDefault();
    if (this.saving()) return;
    const tracker = this.tracker();
    const text = this.draft().trim();
    const problem = this.check(text);
    if (problem) {
      this.error.set(problem);
      this.field()?.nativeElement.focus();
      return;
    }
    this.error.set(null);
    this.saving.set(true);
    const value = this.numerical() ? Number(text.replace(',', '.')) : null;
    const now = new Date().toISOString();
    // Optimistic: the card shows the log before the api has it.
    this.changed.emit({
      ...tracker,
      logCount: tracker.logCount + 1,
      lastLoggedAt: now,
      lastValue: this.numerical() ? value : tracker.lastValue,
    });
    this.draft.set('');
    const body = this.numerical() ? { value } : { description: text };
    this.trackers.addLog(tracker.id, body).subscribe({
      next: (log) => {
        this.saving.set(false);
        const saved = this.withLog(tracker, log);
        this.changed.emit(saved);
        const what = this.numerical() ? withUnit(log.value ?? 0, tracker.unit) : 'a note';
        this.toasts.show(`Logged ${what} in ${tracker.name}.`, 'ok', {
          label: 'Undo',
          run: () => this.undo(saved, log, tracker),
        });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.changed.emit(tracker);
        this.draft.set(text);
        const message = problemMessage(toApiProblem(error));
        this.error.set(`Not logged: ${message}`);
      },
    });
  }

  protected onInput(value: string): void {
    this.draft.set(value);
    if (this.error()) this.error.set(null);
  }

  private check(text: string): string | null {
    if (this.numerical()) {
      if (text === '') return 'Enter a number to log.';
      const value = Number(text.replace(',', '.'));
      if (!Number.isFinite(value)) return 'Enter a number, like 5 or 5.25.';
      if (!/^-?\d{1,14}([.,]\d{1,4})?$/.test(text)) return 'Use at most 4 decimal places.';
      return null;
    }
    if (text === '') return 'Write something to log.';
    const problem = textProblem(text, { max: LOG_LIMITS.description, multiline: true });
    return problem ? `The note ${problem}.` : null;
  }

  private withLog(before: Tracker, log: Log): Tracker {
    const newest = !before.lastLoggedAt || log.loggedAt >= before.lastLoggedAt;
    return {
      ...before,
      logCount: before.logCount + 1,
      lastLoggedAt: newest ? log.loggedAt : before.lastLoggedAt,
      lastValue: newest ? log.value : before.lastValue,
      updatedAt: log.updatedAt,
    };
  }

  private undo(saved: Tracker, log: Log, before: Tracker): void {
    this.trackers.removeLog(saved.id, log.id).subscribe({
      next: () => {
        this.changed.emit({ ...before, updatedAt: new Date().toISOString() });
        this.toasts.show('Log removed.', 'info');
      },
      error: (error: unknown) => this.toasts.problem(`Could not undo: ${problemMessage(toApiProblem(error))}`),
    });
  }
}
