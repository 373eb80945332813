import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Title } from '@angular/platform-browser';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { TRACKER_LIMITS } from '@tally/contracts';
import { AlertComponent } from '../../components/alert/alert.component';
import { FieldComponent, FieldControlDirective } from '../../components/field/field.component';
import { IconComponent } from '../../components/icon/icon.component';
import { SubmitButtonComponent } from '../../components/submit-button/submit-button.component';
import { ApiProblem, problemMessage, toApiProblem } from '../../core/api/api-error';
import { Tracker, TrackerType } from '../../core/data/models';
import { TrackersService } from '../../core/data/trackers.service';
import { FormSubmission } from '../../core/forms/form-submission';
import { messageFor, notBlank, textValidator } from '../../core/forms/validators';
import { Confirmations } from '../../core/ui/confirm.service';
import { Toasts } from '../../core/ui/toast.service';

type State = { kind: 'loading' } | { kind: 'ready'; tracker: Tracker | null } | { kind: 'failed'; problem: ApiProblem };

/** `/trackers/new` (optionally filled in from a template) and `/trackers/:id/edit`, with delete. */
@Component({
  selector: 'app-tracker-form-page',
  imports: [
    AlertComponent,
    FieldComponent,
    FieldControlDirective,
    IconComponent,
    ReactiveFormsModule,
    RouterLink,
    SubmitButtonComponent,
  ],
  templateUrl: './tracker-form.page.html',
  styles: `
    .narrow {
      width: min(100%, 44rem);
    }
    .danger {
      border-color: color-mix(in srgb, var(--danger) 35%, var(--border));
    }
    .danger p {
      margin: 0 0 1rem;
      color: var(--muted);
    }
    .form-skeleton {
      height: 20rem;
    }
    .alert-text {
      margin: 0.25rem 0 0.75rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrackerFormPage {
  private readonly trackers = inject(TrackersService);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);
  private readonly confirmations = inject(Confirmations);
  private readonly destroyRef = inject(DestroyRef);
  private readonly route = inject(ActivatedRoute);
  private readonly title = inject(Title);
  private readonly id = this.route.snapshot.paramMap.get('id');

  protected readonly editing = this.id !== null;
  protected readonly state = signal<State>(this.editing ? { kind: 'loading' } : { kind: 'ready', tracker: null });
  protected readonly deleting = signal(false);
  protected readonly limits = TRACKER_LIMITS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [notBlank, textValidator({ max: TRACKER_LIMITS.name })]],
    type: ['numerical' as TrackerType],
    whatToTrack: ['', textValidator({ max: TRACKER_LIMITS.whatToTrack })],
    unit: ['', textValidator({ max: TRACKER_LIMITS.unit })],
    description: ['', textValidator({ max: TRACKER_LIMITS.description, multiline: true })],
  });
  protected readonly submission = new FormSubmission(this.form);
  protected readonly type = signal<TrackerType>('numerical');
  /** The type is fixed once a tracker has logs (product.md §1). */
  protected readonly typeLocked = computed(() => {
    const state = this.state();
    return state.kind === 'ready' && !!state.tracker && state.tracker.logCount > 0;
  });

  constructor() {
    this.form.controls.type.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((t) => this.type.set(t));
    if (this.editing) this.load();
    else {
      const q = this.route.snapshot.queryParamMap;
      const type = q.get('type') === 'note' ? 'note' : 'numerical';
      this.form.patchValue({
        name: q.get('name') ?? '',
        type,
        unit: q.get('unit') ?? '',
        whatToTrack: q.get('what') ?? '',
      });
    }
  }

  protected load(): void {
    this.state.set({ kind: 'loading' });
    this.trackers
      .get(Number(this.id))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (tracker) => {
          this.state.set({ kind: 'ready', tracker });
          this.title.setTitle(`Edit ${tracker.name} · Tally`);
          this.form.reset({
            name: tracker.name,
            type: tracker.type,
            whatToTrack: tracker.whatToTrack ?? '',
            unit: tracker.unit ?? '',
            description: tracker.description ?? '',
          });
          if (tracker.logCount > 0) this.form.controls.type.disable();
        },
        error: (error: unknown) => this.state.set({ kind: 'failed', problem: toApiProblem(error) }),
      });
  }

  protected error(name: 'name' | 'whatToTrack' | 'unit' | 'description'): string | null {
    const control = this.form.controls[name];
    if (!this.submission.shows(control)) return null;
    const field = {
      name: 'The name',
      whatToTrack: 'What you measure',
      unit: 'The unit',
      description: 'The description',
    }[name];
    return messageFor(control, { required: 'Give the tracker a name, like “Running” or “Journal”.' }, field);
  }

  protected message(problem: ApiProblem): string {
    return problemMessage(problem);
  }

  protected submit(): void {
    if (!this.submission.start()) return;
    const v = this.form.getRawValue();
    const clean = (text: string) => (text.trim() === '' ? null : text.trim());
    const numerical = v.type === 'numerical';
    const body = {
      name: v.name.trim(),
      description: clean(v.description),
      whatToTrack: numerical ? clean(v.whatToTrack) : null,
      unit: numerical ? clean(v.unit) : null,
    };
    const state = this.state();
    const existing = state.kind === 'ready' ? state.tracker : null;
    const request = existing
      ? this.trackers.update(existing.id, this.typeLocked() ? body : { ...body, type: v.type })
      : this.trackers.create({ ...body, type: v.type });
    request.pipe(takeUntilDestroyed(this.destroyRef)).subscribe({
      next: (tracker) => {
        this.submission.succeed();
        if (existing) {
          this.toasts.show('Changes saved.');
          void this.router.navigate(['/trackers', tracker.id]);
        } else {
          this.toasts.show(`“${tracker.name}” is ready. Log your first entry.`);
          void this.router.navigate(['/trackers', tracker.id], { queryParams: { log: 1 } });
        }
      },
      error: (error: unknown) => this.submission.fail(toApiProblem(error)),
    });
  }

  protected async remove(tracker: Tracker): Promise<void> {
    const logs = tracker.logCount === 1 ? 'its 1 log' : `its ${tracker.logCount} logs`;
    const confirmed = await this.confirmations.ask({
      title: `Delete “${tracker.name}”?`,
      message: `The tracker and ${logs} will be deleted, with any reminders still to come. This cannot be undone. (Export your data first from Settings if you want a copy.)`,
      confirmLabel: 'Delete tracker',
      danger: true,
    });
    if (!confirmed) return;
    this.deleting.set(true);
    this.trackers.remove(tracker.id).subscribe({
      next: () => {
        this.toasts.show(`“${tracker.name}” was deleted.`);
        void this.router.navigate(['/dashboard']);
      },
      error: (error: unknown) => {
        this.deleting.set(false);
        this.toasts.problem(`The tracker was not deleted: ${problemMessage(toApiProblem(error))}`);
      },
    });
  }
}
