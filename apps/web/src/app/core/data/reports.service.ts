import { HttpEvent, HttpEventType, HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Schema } from '@tally/contracts';
import {
  concat,
  defer,
  exhaustMap,
  filter,
  from,
  map,
  Observable,
  of,
  switchMap,
  takeWhile,
  throwError,
  timer,
} from 'rxjs';
import { ApiClient } from '../api/api-client';
import { DownloadedFile, filenameOf } from './transfer.service';

export type ReportMonth = Schema<'ReportMonthDto'>;
export type ReportMonthList = Schema<'ReportMonthListDto'>;
export type ReportDocument = Schema<'ReportDocumentDto'>;
export type Job = Schema<'JobDto'>;
export type ReportFormat = Schema<'ReportMailFormat'>;

/** Where a PDF download is: the worker rendering it (its job's progress), then the bytes coming. */
export type PdfStep =
  | { kind: 'rendering'; job: Job }
  | { kind: 'downloading'; fraction: number | null }
  | { kind: 'done'; file: DownloadedFile };

/** A job the worker gave up on: its own message, for the page to show. */
export class JobFailedError extends Error {
  constructor(readonly job: Job) {
    super(job.error || 'The server could not finish this. Try again in a moment.');
  }
}

/** How often a running job is asked about, and how long the page waits for it at most. */
const POLL_MS = 700;
const JOB_TIMEOUT_MS = 180_000;

/**
 * The monthly reports (`/api/v1/reports…`) and the jobs they start (`/api/v1/jobs/{id}`): the
 * history, a month's figures and its HTML, the PDF (rendered by the worker when none is stored
 * yet, polled with progress) and sending it by email.
 */
@Injectable({ providedIn: 'root' })
export class ReportsService {
  private readonly api = inject(ApiClient);

  list(cursor?: string | null, limit = 12): Observable<ReportMonthList> {
    return this.api.get('/api/v1/reports', { query: { limit, cursor: cursor ?? undefined } });
  }

  document(month: string): Observable<ReportDocument> {
    return this.api.get('/api/v1/reports/{month}', { path: { month } });
  }

  /** The in-app HTML: a whole document, no script, charts as inline SVG. */
  html(month: string): Observable<string> {
    return this.api.download('/api/v1/reports/{month}/html', { path: { month } }).pipe(
      filter((event): event is HttpResponse<Blob> => event.type === HttpEventType.Response),
      switchMap((response) => from(response.body!.text())),
    );
  }

  job(id: string): Observable<Job> {
    return this.api.get('/api/v1/jobs/{id}', { path: { id } });
  }

  /** Emails the month's report now, to the confirmed address; the job says when it went. */
  send(month: string, format?: ReportFormat): Observable<Job> {
    return this.api
      .post('/api/v1/reports/{month}/send', { path: { month }, body: format ? { format } : {} })
      .pipe(switchMap((job) => this.follow(job)));
  }

  /**
   * The month's PDF: stored already (200), or rendered first (202 and a job, polled until done,
   * then asked for again). The last step is the file, named as the api names it.
   */
  pdf(month: string): Observable<PdfStep> {
    const attempt = (round: number): Observable<PdfStep> =>
      this.api.download('/api/v1/reports/{month}/pdf', { path: { month } }).pipe(
        switchMap((event: HttpEvent<Blob>): Observable<PdfStep> => {
          if (event.type === HttpEventType.DownloadProgress) {
            return of({ kind: 'downloading', fraction: event.total ? Math.min(1, event.loaded / event.total) : null });
          }
          if (event.type !== HttpEventType.Response) return of();
          if (event.status !== 202) return of({ kind: 'done', file: pdfFile(event, month) });
          // Not rendered yet: follow the job, then fetch the stored file (twice more at most).
          return from(event.body!.text()).pipe(
            map((text) => JSON.parse(text) as Job),
            switchMap((job) =>
              concat(
                this.follow(job).pipe(map((current): PdfStep => ({ kind: 'rendering', job: current }))),
                defer(() => (round < 3 ? attempt(round + 1) : throwError(() => notStored(job)))),
              ),
            ),
          );
        }),
      );
    return attempt(1);
  }

  /** The job as it goes, until it is done; a failed (or stuck) job ends as JobFailedError. */
  private follow(first: Job): Observable<Job> {
    return defer(() => {
      const deadline = Date.now() + JOB_TIMEOUT_MS;
      const updates = timer(POLL_MS, POLL_MS).pipe(exhaustMap(() => this.job(first.id)));
      return concat(of(first), updates).pipe(
        takeWhile((job) => job.state === 'queued' || job.state === 'running', true),
        map((job) => {
          if (job.state === 'failed') throw new JobFailedError(job);
          if (job.state !== 'done' && Date.now() > deadline)
            throw new JobFailedError({ ...job, error: 'The server is taking too long. Try again in a few minutes.' });
          return job;
        }),
      );
    });
  }
}

function notStored(job: Job): JobFailedError {
  return new JobFailedError({ ...job, error: 'The PDF was made but could not be downloaded. Try again in a moment.' });
}

function pdfFile(response: HttpResponse<Blob>, month: string): DownloadedFile {
  const filename = filenameOf(response.headers.get('Content-Disposition')) ?? `tally-report-${month}.pdf`;
  return { blob: response.body!, filename };
}
