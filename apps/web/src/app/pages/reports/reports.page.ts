import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { AlertComponent } from '../../components/alert/alert.component';
import { IconComponent } from '../../components/icon/icon.component';
import { problemMessage, toApiProblem } from '../../core/api/api-error';
import { ReportMonth, ReportsService } from '../../core/data/reports.service';
import { formatNumber, formatWhen, plural } from '../../core/time/time-format';
import { UserZone } from '../../core/time/user-zone';
import { formatName, monthName } from './report-month';

interface HistoryState {
  items: ReportMonth[];
  nextCursor: string | null;
  /** Nothing asked yet, the first page loading, or an older page loading. */
  loading: 'first' | 'more' | null;
  problem: string | null;
}

/**
 * `/reports`: every month the user has logs in, newest first, with its figures and whether its
 * report was emailed; each opens the report. Older months come a page at a time.
 */
@Component({
  selector: 'app-reports-page',
  imports: [AlertComponent, IconComponent, RouterLink],
  templateUrl: './reports.page.html',
  styleUrl: './reports.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportsPage {
  private readonly reports = inject(ReportsService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly zone = inject(UserZone).zone;

  protected readonly history = signal<HistoryState>({ items: [], nextCursor: null, loading: 'first', problem: null });
  protected readonly monthName = monthName;
  protected readonly plural = plural;
  protected readonly formatNumber = formatNumber;

  constructor() {
    this.load();
  }

  protected load(): void {
    const current = this.history();
    const more = current.items.length > 0;
    this.history.update((state) => ({ ...state, loading: more ? 'more' : 'first', problem: null }));
    this.reports
      .list(more ? current.nextCursor : null)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (page) =>
          this.history.update((state) => ({
            items: [...state.items, ...page.items],
            nextCursor: page.nextCursor,
            loading: null,
            problem: null,
          })),
        error: (error: unknown) =>
          this.history.update((state) => ({
            ...state,
            loading: null,
            problem: problemMessage(toApiProblem(error)),
          })),
      });
  }

  protected sentLabel(month: ReportMonth): string {
    if (!month.sentAt) return '';
    const how = formatName(month.format);
    return `Emailed ${formatWhen(month.sentAt, this.zone(), 'date')}${how ? ` ${how}` : ''}`;
  }
}
