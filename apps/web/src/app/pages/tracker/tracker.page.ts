import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Title } from '@angular/platform-browser';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { catchError, combineLatest, map, of, startWith, switchMap, tap } from 'rxjs';
import { ChartComponent } from '../../charts/chart.component';
import { ChartPalette } from '../../charts/chart-palette';
import {
  countChartOption,
  emotionChartOption,
  EmotionSlice,
  ValueMeasure,
  valueChartOption,
  ValueStyle,
} from '../../charts/tracker-charts';
import { AlertComponent } from '../../components/alert/alert.component';
import { DialogComponent } from '../../components/dialog/dialog.component';
import { IconComponent } from '../../components/icon/icon.component';
import { LogFormComponent } from '../../components/log-form/log-form.component';
import { ApiProblem, problemMessage, toApiProblem } from '../../core/api/api-error';
import { BucketSize, EMOTIONS, emotionInfo, Log, Stats, Tracker } from '../../core/data/models';
import { TrackersService } from '../../core/data/trackers.service';
import { formatNumber, plural, withUnit } from '../../core/time/time-format';
import { UserZone } from '../../core/time/user-zone';
import { WhenPipe } from '../../core/time/when.pipe';
import { addDays, localDate } from '../../core/time/zoned-time';
import { Confirmations } from '../../core/ui/confirm.service';
import { Toasts } from '../../core/ui/toast.service';

type Range = '7d' | '30d' | '90d' | '1y' | 'all';

const RANGES: { id: Range; label: string; days: number | null; bucket: BucketSize; name: string }[] = [
  { id: '7d', label: '7d', days: 7, bucket: 'day', name: 'the last 7 days' },
  { id: '30d', label: '30d', days: 30, bucket: 'day', name: 'the last 30 days' },
  { id: '90d', label: '90d', days: 90, bucket: 'week', name: 'the last 90 days' },
  { id: '1y', label: '1y', days: 365, bucket: 'month', name: 'the last year' },
  { id: 'all', label: 'All', days: null, bucket: 'month', name: 'all time' },
];

type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'failed'; problem: ApiProblem };

interface LogsState {
  items: Log[];
  nextCursor: string | null;
  loading: boolean;
  problem: string | null;
}

/** `/trackers/:id`: the chart, figures and streaks for a range, and every log, to add, edit or delete. */
@Component({
  selector: 'app-tracker-page',
  imports: [AlertComponent, ChartComponent, DialogComponent, IconComponent, LogFormComponent, RouterLink, WhenPipe],
  templateUrl: './tracker.page.html',
  styleUrl: './tracker.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrackerPage {
  private readonly trackers = inject(TrackersService);
  private readonly toasts = inject(Toasts);
  private readonly confirmations = inject(Confirmations);
  private readonly destroyRef = inject(DestroyRef);
  private readonly title = inject(Title);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly zone = inject(UserZone).zone;

  protected readonly id = Number(this.route.snapshot.paramMap.get('id'));
  protected readonly ranges = RANGES;
  protected readonly buckets: { id: BucketSize; label: string }[] = [
    { id: 'day', label: 'Day' },
    { id: 'week', label: 'Week' },
    { id: 'month', label: 'Month' },
  ];

  protected readonly tracker = signal<Loaded<Tracker>>({ kind: 'loading' });
  protected readonly range = signal<Range>('30d');
  protected readonly bucket = signal<BucketSize>('day');
  protected readonly style = signal<ValueStyle>('bar');
  protected readonly measure = signal<ValueMeasure>('sum');
  /** Bumped after every write, so the figures are fetched again. */
  private readonly version = signal(0);
  protected readonly logs = signal<LogsState>({ items: [], nextCursor: null, loading: true, problem: null });
  protected readonly editing = signal<{ log: Log | null } | null>(null);

  /** The last figures, kept on screen while newer ones load (no flashing skeletons on a range change). */
  private readonly lastStats = signal<Stats | null>(null);

  protected readonly stats = toSignal(
    combineLatest([toObservable(this.range), toObservable(this.bucket), toObservable(this.version)]).pipe(
      switchMap(([range, bucket]) => {
        const days = RANGES.find((r) => r.id === range)!.days;
        const from = days === null ? undefined : addDays(localDate(new Date(), this.zone()), -(days - 1));
        return this.trackers.stats(this.id, bucket, from).pipe(
          tap((value) => this.lastStats.set(value)),
          map((value): Loaded<Stats> => ({ kind: 'ready', value })),
          catchError((error: unknown) => of<Loaded<Stats>>({ kind: 'failed', problem: toApiProblem(error) })),
          startWith<Loaded<Stats>>({ kind: 'loading' }),
        );
      }),
    ),
    { initialValue: { kind: 'loading' } as Loaded<Stats> },
  );
  protected readonly shownStats = computed(() => {
    const state = this.stats();
    return state.kind === 'ready' ? state.value : this.lastStats();
  });

  protected readonly numerical = computed(() => {
    const t = this.tracker();
    return t.kind === 'ready' && t.value.type === 'numerical';
  });

  protected readonly figures = computed(() => {
    const stats = this.shownStats();
    const t = this.tracker();
    if (!stats || t.kind !== 'ready') return [];
    const { totals, streak } = stats;
    const unit = t.value.unit;
    const days =
      stats.buckets.length && stats.bucket === 'day' ? stats.buckets.filter((b) => b.count > 0).length : null;
    const rows: { label: string; value: string }[] = [];
    if (t.value.type === 'numerical') {
      rows.push({ label: 'Total', value: totals.sum === null ? '–' : withUnit(totals.sum, unit) });
      rows.push({ label: 'Average per log', value: totals.avg === null ? '–' : withUnit(totals.avg, unit) });
    }
    rows.push({ label: 'Logs', value: formatNumber(totals.count) });
    if (days !== null) rows.push({ label: 'Days with a log', value: formatNumber(days) });
    rows.push({ label: 'Current streak', value: plural(streak.current, 'day') });
    rows.push({ label: 'Longest streak', value: plural(streak.longest, 'day') });
    return rows;
  });

  protected readonly chartBuild = computed(() => {
    const stats = this.shownStats();
    const t = this.tracker();
    if (!stats || t.kind !== 'ready') return null;
    const input = {
      buckets: stats.buckets,
      bucket: stats.bucket,
      unit: t.value.unit,
      style: this.style(),
      measure: this.measure(),
    };
    return t.value.type === 'numerical'
      ? (palette: ChartPalette) => valueChartOption(input, palette)
      : (palette: ChartPalette) => countChartOption(stats.buckets, stats.bucket, palette);
  });

  protected readonly chartLabel = computed(() => {
    const stats = this.shownStats();
    const t = this.tracker();
    if (!stats || t.kind !== 'ready') return '';
    const range = RANGES.find((r) => r.id === this.range())!.name;
    const by = `by ${stats.bucket}`;
    if (stats.totals.count === 0) return `${t.value.name}, ${range} ${by}: no logs.`;
    if (t.value.type === 'note') return `${t.value.name}, ${range} ${by}: ${plural(stats.totals.count, 'log')}.`;
    const figure =
      this.measure() === 'sum'
        ? `total ${withUnit(stats.totals.sum ?? 0, t.value.unit)}`
        : `average ${withUnit(stats.totals.avg ?? 0, t.value.unit)}`;
    return `${t.value.name}, ${range} ${by}: ${figure} over ${plural(stats.totals.count, 'log')}.`;
  });

  protected readonly emotionSlices = computed((): EmotionSlice[] => {
    const stats = this.shownStats();
    if (!stats) return [];
    return EMOTIONS.map((e) => ({ emotion: e.id, label: e.label, count: stats.emotions[e.id] })).filter(
      (slice) => slice.count > 0,
    );
  });
  protected readonly emotionBuild = computed(() => {
    const slices = this.emotionSlices();
    return (palette: ChartPalette) => emotionChartOption(slices, palette);
  });
  protected readonly emotionLabel = computed(() =>
    this.emotionSlices()
      .map((s) => `${s.label}: ${s.count}`)
      .join(', '),
  );
  protected readonly rangeName = computed(() => RANGES.find((r) => r.id === this.range())!.name);

  constructor() {
    this.loadTracker();
    this.loadLogs();
    if (this.route.snapshot.queryParamMap.has('log')) this.editing.set({ log: null });
  }

  protected loadTracker(): void {
    this.trackers
      .get(this.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (tracker) => {
          this.tracker.set({ kind: 'ready', value: tracker });
          this.title.setTitle(`${tracker.name} · Tally`);
          if (tracker.type === 'note') this.style.set('bar');
        },
        error: (error: unknown) => this.tracker.set({ kind: 'failed', problem: toApiProblem(error) }),
      });
  }

  protected loadLogs(more = false): void {
    const current = this.logs();
    if (more && (!current.nextCursor || current.loading)) return;
    this.logs.set({ ...current, loading: true, problem: null, ...(more ? {} : { items: current.items }) });
    this.trackers
      .logs(this.id, more ? current.nextCursor : null)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) =>
          this.logs.set({
            items: more ? [...current.items, ...page.items] : page.items,
            nextCursor: page.nextCursor,
            loading: false,
            problem: null,
          }),
        error: (error: unknown) =>
          this.logs.set({ ...this.logs(), loading: false, problem: problemMessage(toApiProblem(error)) }),
      });
  }

  protected setRange(range: Range): void {
    this.range.set(range);
    this.bucket.set(RANGES.find((r) => r.id === range)!.bucket);
  }

  protected emotion(log: Log) {
    return emotionInfo(log.emotion);
  }

  protected value(log: Log, tracker: Tracker): string {
    return log.value === null ? '–' : withUnit(log.value, tracker.unit);
  }

  protected message(problem: ApiProblem): string {
    return problemMessage(problem);
  }

  protected onSaved(wasNew: boolean): void {
    this.editing.set(null);
    this.toasts.show(wasNew ? 'Log added.' : 'Log updated.');
    this.refresh();
    if (wasNew) this.clearLogParam();
  }

  protected closeEditor(): void {
    this.editing.set(null);
    this.clearLogParam();
  }

  protected async remove(log: Log, tracker: Tracker): Promise<void> {
    const what = log.value !== null ? withUnit(log.value, tracker.unit) : 'this note';
    const confirmed = await this.confirmations.ask({
      title: 'Delete this log?',
      message: `The log of ${what} will be deleted${log.reminderAt && !log.reminderSentAt ? ', with its reminder' : ''}. This cannot be undone.`,
      confirmLabel: 'Delete log',
      danger: true,
    });
    if (!confirmed) return;
    this.trackers.removeLog(tracker.id, log.id).subscribe({
      next: () => {
        this.toasts.show('Log deleted.');
        this.refresh();
      },
      error: (error: unknown) => this.toasts.problem(`The log was not deleted: ${problemMessage(toApiProblem(error))}`),
    });
  }

  private refresh(): void {
    this.version.update((v) => v + 1);
    this.loadTracker();
    this.loadLogs();
  }

  private clearLogParam(): void {
    if (this.route.snapshot.queryParamMap.has('log'))
      void this.router.navigate([], { relativeTo: this.route, queryParams: {}, replaceUrl: true });
  }
}
