import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  DOCUMENT,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { DomSanitizer, SafeHtml, Title } from '@angular/platform-browser';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Subscription, takeUntil, timer } from 'rxjs';
import { AlertComponent } from '../../components/alert/alert.component';
import { IconComponent } from '../../components/icon/icon.component';
import { ApiProblem, problemMessage, toApiProblem } from '../../core/api/api-error';
import { Session } from '../../core/auth/session.service';
import { JobFailedError, ReportDocument, ReportsService } from '../../core/data/reports.service';
import { saveFile } from '../../core/data/transfer.service';
import { formatNumber, plural } from '../../core/time/time-format';
import { UserZone } from '../../core/time/user-zone';
import { localDate } from '../../core/time/zoned-time';
import { monthName } from '../reports/report-month';

/** How long the page watches a sent report before saying it is on its way. */
const SEND_WATCH_MS = 15_000;

type Loaded<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'failed'; problem: ApiProblem };

/** A long piece of work on the page: its words, and how far it is (0–1, null while unknown). */
interface Work {
  label: string;
  fraction: number | null;
}

type SendState =
  | { kind: 'idle' }
  | { kind: 'sending'; work: Work }
  /** `queued`: accepted and in the mail outbox (sent exactly once), not delivered yet when we stopped watching. */
  | { kind: 'sent'; to: string; queued: boolean }
  /** 409: the address is not confirmed, nothing was sent. */
  | { kind: 'unconfirmed'; message: string }
  | { kind: 'failed'; message: string };

/**
 * `/reports/:month`: one monthly report. The report itself is the server's HTML (the same
 * template as the email and the PDF) in a sandboxed frame sized to its content, above it the
 * month in one sentence from the JSON; the PDF downloads with the worker's rendering progress, and
 * "Email it to me" sends it now.
 */
@Component({
  selector: 'app-report-page',
  imports: [AlertComponent, IconComponent, RouterLink],
  templateUrl: './report.page.html',
  styleUrl: './report.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportPage {
  private readonly reports = inject(ReportsService);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly destroyRef = inject(DestroyRef);
  private readonly document = inject(DOCUMENT);
  private readonly zone = inject(UserZone).zone;
  protected readonly session = inject(Session);

  protected readonly month = inject(ActivatedRoute).snapshot.paramMap.get('month') ?? '';
  protected readonly name = monthName(this.month);
  protected readonly inProgress = computed(() => this.month === localDate(new Date(), this.zone()).slice(0, 7));

  protected readonly report = signal<Loaded<ReportDocument>>({ kind: 'loading' });
  protected readonly html = signal<Loaded<SafeHtml>>({ kind: 'loading' });
  protected readonly frameHeight = signal(640);
  protected readonly pdf = signal<Work | null>(null);
  protected readonly pdfProblem = signal<string | null>(null);
  protected readonly sending = signal<SendState>({ kind: 'idle' });
  private readonly frame = viewChild<ElementRef<HTMLIFrameElement>>('frame');
  private running: Subscription[] = [];
  /** The frame's content reflows when its width changes (a phone turned, a window resized). */
  private readonly resize = new ResizeObserver(() => this.fit());

  /**
   * The month in one sentence, from the JSON: what the report's first tiles say, so the page's
   * head tells it before the frame is read (and while it loads).
   */
  protected readonly summary = computed((): string | null => {
    const loaded = this.report();
    if (loaded.kind !== 'ready') return null;
    const { summary, previous, days, previousMonth } = loaded.value;
    let sentence = `${plural(summary.totalLogs, 'log')} on ${formatNumber(summary.activeDays)} of ${days} days`;
    if (previous) {
      const delta = summary.totalLogs - previous.totalLogs;
      const before = monthName(previousMonth, 'month');
      sentence +=
        delta === 0
          ? `, as many as in ${before}`
          : `, ${formatNumber(Math.abs(delta))} ${delta > 0 ? 'more' : 'fewer'} than in ${before}`;
    }
    if (summary.longestStreak > 1) sentence += `; longest streak ${plural(summary.longestStreak, 'day')}`;
    return `${this.inProgress() ? 'So far: ' : ''}${sentence}.`;
  });

  constructor() {
    inject(Title).setTitle(`${this.name} report · Tally`);
    this.load();
    this.destroyRef.onDestroy(() => {
      this.resize.disconnect();
      for (const work of this.running) work.unsubscribe();
    });
  }

  protected load(): void {
    this.report.set({ kind: 'loading' });
    this.html.set({ kind: 'loading' });
    this.reports
      .document(this.month)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (value) => this.report.set({ kind: 'ready', value }),
        error: (error: unknown) => this.report.set({ kind: 'failed', problem: toApiProblem(error) }),
      });
    this.reports
      .html(this.month)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        // The api's own HTML, no script: the frame's sandbox (no allow-scripts) would not run one anyway.
        next: (html) => this.html.set({ kind: 'ready', value: this.sanitizer.bypassSecurityTrustHtml(html) }),
        error: (error: unknown) => this.html.set({ kind: 'failed', problem: toApiProblem(error) }),
      });
  }

  /** The frame as tall as the report in it, so the page scrolls, not a box inside it. */
  protected fit(): void {
    const frame = this.frame()?.nativeElement;
    const root = frame?.contentDocument?.documentElement;
    if (!frame || !root) return;
    this.resize.observe(frame);
    const height = Math.ceil(root.getBoundingClientRect().height) || root.scrollHeight;
    if (height > 0) this.frameHeight.set(height);
  }

  protected downloadPdf(): void {
    if (this.pdf()) return;
    this.pdfProblem.set(null);
    this.pdf.set({ label: 'Asking for the PDF…', fraction: null });
    const work = this.reports.pdf(this.month).subscribe({
      next: (step) => {
        if (step.kind === 'rendering') {
          const { state, progress } = step.job;
          this.pdf.set(
            state === 'queued'
              ? { label: 'Waiting for the PDF renderer…', fraction: null }
              : { label: `Rendering the PDF… ${Math.round(progress)}%`, fraction: progress / 100 },
          );
        } else if (step.kind === 'downloading') {
          this.pdf.set({ label: 'Downloading the PDF…', fraction: step.fraction });
        } else {
          saveFile(step.file, this.document);
          this.pdf.set(null);
        }
      },
      error: (error: unknown) => {
        this.pdf.set(null);
        this.pdfProblem.set(messageOf(error));
      },
      complete: () => this.pdf.set(null),
    });
    this.running.push(work);
  }

  protected send(): void {
    if (this.sending().kind === 'sending') return;
    const to = this.session.user()?.email ?? 'your address';
    this.sending.set({ kind: 'sending', work: { label: 'Sending…', fraction: null } });
    // The outbox sends it exactly once, retrying as long as it takes: after a while the page says it
    // is on its way rather than keep a bar running.
    const work = this.reports
      .send(this.month)
      .pipe(takeUntil(timer(SEND_WATCH_MS)))
      .subscribe({
        next: (job) => {
          if (job.state === 'done') this.sending.set({ kind: 'sent', to, queued: false });
          else if (job.state === 'running')
            this.sending.set({ kind: 'sending', work: { label: 'Preparing the email…', fraction: null } });
        },
        error: (error: unknown) => {
          const problem = error instanceof JobFailedError ? null : toApiProblem(error);
          this.sending.set(
            problem?.status === 409
              ? { kind: 'unconfirmed', message: problem.message }
              : { kind: 'failed', message: messageOf(error) },
          );
        },
        complete: () => {
          if (this.sending().kind === 'sending') this.sending.set({ kind: 'sent', to, queued: true });
        },
      });
    this.running.push(work);
  }

  protected message(problem: ApiProblem): string {
    return problemMessage(problem);
  }
}

function messageOf(error: unknown): string {
  return error instanceof JobFailedError ? error.message : problemMessage(toApiProblem(error));
}
