import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  Injector,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { AlertComponent } from '../../components/alert/alert.component';
import { IconComponent } from '../../components/icon/icon.component';
import { TrackerCardComponent } from '../../components/tracker-card/tracker-card.component';
import { ApiProblem, problemMessage, toApiProblem } from '../../core/api/api-error';
import { Session } from '../../core/auth/session.service';
import { Tracker } from '../../core/data/models';
import { TrackersService } from '../../core/data/trackers.service';
import { UserZone } from '../../core/time/user-zone';
import { localDate, zonedParts } from '../../core/time/zoned-time';
import { TRACKER_TEMPLATES } from './tracker-templates';

type State =
  | { kind: 'loading' }
  | { kind: 'ready'; trackers: Tracker[]; nextCursor: string | null }
  | { kind: 'failed'; problem: ApiProblem };

/** Marked once the dashboard can be used (its trackers and quick-log fields are on screen): quality.md P9. */
export const DASHBOARD_USABLE_MARK = 'tally:dashboard-usable';

/** `/dashboard`: every tracker with its last value, its fortnight and a quick-log field. */
@Component({
  selector: 'app-dashboard-page',
  imports: [AlertComponent, IconComponent, RouterLink, TrackerCardComponent],
  templateUrl: './dashboard.page.html',
  styleUrl: './dashboard.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DashboardPage {
  private readonly trackers = inject(TrackersService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly session = inject(Session);
  protected readonly zone = inject(UserZone).zone;
  protected readonly welcome = inject(ActivatedRoute).snapshot.queryParamMap.has('welcome');

  protected readonly state = signal<State>({ kind: 'loading' });
  protected readonly loadingMore = signal(false);
  protected readonly templates = TRACKER_TEMPLATES;
  protected readonly skeletons = [1, 2, 3];

  protected readonly greeting = computed(() => {
    const hour = zonedParts(new Date(), this.zone()).hour;
    const part = hour < 5 ? 'Good night' : hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
    const name = this.session.user()?.username;
    return name ? `${part}, ${name}` : part;
  });
  protected readonly today = computed(() =>
    new Intl.DateTimeFormat(undefined, {
      timeZone: this.zone(),
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    }).format(new Date()),
  );
  protected readonly progress = computed(() => {
    const state = this.state();
    if (state.kind !== 'ready' || state.trackers.length === 0) return null;
    const today = localDate(new Date(), this.zone());
    const done = state.trackers.filter(
      (t) => t.lastLoggedAt && localDate(new Date(t.lastLoggedAt), this.zone()) === today,
    );
    return { done: done.length, total: state.trackers.length };
  });

  constructor() {
    const injector = inject(Injector);
    let marked = false;
    effect(() => {
      if (this.state().kind !== 'ready' || marked) return;
      marked = true;
      afterNextRender(() => performance.mark(DASHBOARD_USABLE_MARK), { injector });
    });
    this.load();
  }

  protected load(): void {
    this.state.set({ kind: 'loading' });
    this.trackers
      .list()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => this.state.set({ kind: 'ready', trackers: page.items, nextCursor: page.nextCursor }),
        error: (error: unknown) => this.state.set({ kind: 'failed', problem: toApiProblem(error) }),
      });
  }

  protected loadMore(): void {
    const state = this.state();
    if (state.kind !== 'ready' || !state.nextCursor || this.loadingMore()) return;
    this.loadingMore.set(true);
    this.trackers
      .list(state.nextCursor)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) => {
          this.loadingMore.set(false);
          this.state.set({ kind: 'ready', trackers: [...state.trackers, ...page.items], nextCursor: page.nextCursor });
        },
        error: () => this.loadingMore.set(false),
      });
  }

  protected replace(tracker: Tracker): void {
    const state = this.state();
    if (state.kind !== 'ready') return;
    this.state.set({ ...state, trackers: state.trackers.map((t) => (t.id === tracker.id ? tracker : t)) });
  }

  protected message(problem: ApiProblem): string {
    return problemMessage(problem);
  }
}
