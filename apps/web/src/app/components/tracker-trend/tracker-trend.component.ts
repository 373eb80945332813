import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subscription } from 'rxjs';
import { ChartComponent } from '../../charts/chart.component';
import { sparklineOption } from '../../charts/tracker-charts';
import { Stats, Tracker } from '../../core/data/models';
import { TrackersService } from '../../core/data/trackers.service';
import { plural } from '../../core/time/time-format';
import { addDays, localDate } from '../../core/time/zoned-time';
import { IconComponent } from '../icon/icon.component';

const DAYS = 14;

/**
 * A tracker's last fortnight on the dashboard: a bar a day (the total, or the number of notes) and
 * the current streak. Loaded when the card scrolls into view (`@defer`), and again after a log.
 */
@Component({
  selector: 'app-tracker-trend',
  imports: [ChartComponent, IconComponent],
  template: `
    @let current = stats();
    @if (lastNote(); as note) {
      <p class="note">“{{ note }}”</p>
    }
    <div class="trend">
      <app-chart class="spark" [build]="build()" [label]="summary()" />
      <p class="streak">
        @if (current && current.streak.current >= 2) {
          <span class="badge badge--ok"><app-icon name="flame" />{{ current.streak.current }}-day streak</span>
        } @else if (current && current.streak.longest > 1) {
          <span class="badge">Best streak: {{ current.streak.longest }} days</span>
        } @else {
          <span class="badge">Last {{ days }} days</span>
        }
      </p>
    </div>
  `,
  styles: `
    .trend {
      display: flex;
      align-items: flex-end;
      gap: 0.75rem;
    }
    .spark {
      flex: 1;
      height: 2.5rem;
    }
    .streak {
      margin: 0;
    }
    .note {
      display: -webkit-box;
      margin: 0 0 0.75rem;
      overflow: hidden;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 2;
      overflow-wrap: anywhere;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrackerTrendComponent {
  readonly tracker = input.required<Tracker>();
  readonly zone = input.required<string>();

  protected readonly days = DAYS;
  protected readonly stats = signal<Stats | null>(null);
  /** A note tracker's latest note (the tracker list carries only numbers). */
  protected readonly lastNote = signal<string | null>(null);
  private readonly trackers = inject(TrackersService);
  private readonly destroyRef = inject(DestroyRef);

  private readonly values = computed(() => {
    const stats = this.stats();
    if (!stats) return Array.from({ length: DAYS }, () => 0);
    const byDay = stats.buckets.slice(-DAYS).map((b) => (this.tracker().type === 'note' ? b.count : (b.sum ?? 0)));
    return [...Array.from({ length: DAYS - byDay.length }, () => 0), ...byDay];
  });

  protected readonly build = computed(() => {
    const values = this.values();
    return (palette: Parameters<typeof sparklineOption>[1]) => sparklineOption(values, palette);
  });

  protected readonly summary = computed(() => {
    const stats = this.stats();
    if (!stats) return `Last ${DAYS} days: loading`;
    const days = stats.buckets.filter((b) => b.count > 0).length;
    return `Last ${DAYS} days: ${plural(stats.totals.count, 'log')} on ${plural(days, 'day')}.`;
  });

  constructor() {
    let request: Subscription | null = null;
    effect(() => {
      const tracker = this.tracker();
      const zone = this.zone();
      // A saved log moves updatedAt (an optimistic one does not): fetch again then.
      void tracker.updatedAt;
      request?.unsubscribe();
      const from = addDays(localDate(new Date(), zone), -(DAYS - 1));
      request = this.trackers
        .stats(tracker.id, 'day', from)
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({ next: (stats) => this.stats.set(stats), error: () => undefined });
      if (tracker.type === 'note' && tracker.logCount > 0) {
        this.trackers
          .logs(tracker.id, null, 1)
          .pipe(takeUntilDestroyed(this.destroyRef))
          .subscribe({ next: (page) => this.lastNote.set(page.items[0]?.description ?? null), error: () => undefined });
      }
    });
  }
}
