import { Injectable } from '@nestjs/common';
import { JobPayloads, JobQueue, RedisClient } from '@tally/platform';
import type { Job } from 'bull';
import { createHash } from 'node:crypto';
import type { ReportDocument } from './report-document';

/** How long a rendered PDF stays in Redis: a day (it is rendered again after, on demand). */
export const REPORT_PDF_TTL_SECONDS = 24 * 3600;

/** A job a user started, as they may see it (GET /jobs/{id}). */
export interface ReportJobView {
  id: string;
  kind: 'report-pdf' | 'report-mail';
  state: 'queued' | 'running' | 'done' | 'failed';
  /** 0–100. */
  progress: number;
  /** The month the job is about: a done PDF job's result is that month's PDF. */
  month: string;
  error: string | null;
}

/** What a GET of a month's PDF comes to: the stored bytes, or the job that renders them. */
export type PdfOrJob = { pdf: Buffer } | { job: ReportJobView };

/** Public job ids: `report-pdf-{userId}-{YYYY-MM}-{hash}`; letters, digits and dashes only. */
const PDF_JOB_ID = /^report-pdf-([1-9]\d{0,9})-(\d{4}-\d{2})-([0-9a-f]{32})$/;

/**
 * The figures a report shows, hashed: everything of the document but the moment it was computed,
 * so the same figures give the same hash however often they are assembled (128 bits, hex).
 */
export function documentHash(doc: ReportDocument): string {
  const { computedAt: _computedAt, ...figures } = doc;
  return createHash('sha256').update(JSON.stringify(figures)).digest('hex').slice(0, 32);
}

const pdfKey = (userId: number, month: string, hash: string) => `tally:report-pdf:${userId}:${month}:${hash}`;
const documentKey = (userId: number, month: string, hash: string) => `tally:report-doc:${userId}:${month}:${hash}`;
/** How long the document of a PDF job waits for the worker. */
const DOCUMENT_TTL_SECONDS = 3600;
export const pdfJobId = (userId: number, month: string, hash: string) => `report-pdf-${userId}-${month}-${hash}`;

/**
 * Report PDFs: rendered by the worker (`report.pdf` jobs), kept in Redis under a key that holds the
 * hash of the figures, served by any api process. A PDF is a cache of figures kept in MySQL, so
 * Redis is the right place: it expires on its own, and a lost one is rendered again on the next
 * request (docs/decisions.md). One job per user, month and figures: the job id is deterministic,
 * so ten clicks start one render, and a new log (new figures, new hash) starts a new one.
 */
@Injectable()
export class ReportPdfs {
  constructor(
    private readonly redis: RedisClient,
    private readonly jobs: JobQueue,
  ) {}

  /** The PDF of these figures when it is stored, else the job rendering it (started if need be). */
  async pdfOrJob(userId: number, doc: ReportDocument): Promise<PdfOrJob> {
    const hash = documentHash(doc);
    const pdf = await this.redis.getBuffer(pdfKey(userId, doc.month, hash));
    if (pdf) return { pdf };
    const jobId = pdfJobId(userId, doc.month, hash);
    // The figures wait for the worker in Redis, not in the job: Bull Board shows admins job data.
    await this.redis.set(documentKey(userId, doc.month, hash), JSON.stringify(doc), 'EX', DOCUMENT_TTL_SECONDS);
    // Added when missing, run again when it failed for good or ran yet its PDF expired since.
    await this.jobs.ensure('report.pdf', { userId, month: doc.month, hash }, jobId);
    return { job: (await this.pdfJob(userId, jobId))! };
  }

  /** For the worker: the document a job is to render, null when it waited longer than an hour. */
  async document(userId: number, month: string, hash: string): Promise<ReportDocument | null> {
    const text = await this.redis.get(documentKey(userId, month, hash));
    return text === null ? null : (JSON.parse(text) as ReportDocument);
  }

  /** Called by the worker with the rendered bytes. */
  async store(userId: number, month: string, hash: string, pdf: Buffer): Promise<void> {
    await this.redis
      .multi()
      .set(pdfKey(userId, month, hash), pdf, 'EX', REPORT_PDF_TTL_SECONDS)
      .del(documentKey(userId, month, hash))
      .exec();
  }

  /** A PDF job of the user's, or null (unknown, expired, or someone else's). */
  async pdfJob(userId: number, id: string): Promise<ReportJobView | null> {
    const match = PDF_JOB_ID.exec(id);
    if (!match || Number(match[1]) !== userId) return null;
    const [, , month, hash] = match as unknown as [string, string, string, string];
    const job = (await this.jobs.queue('reports').getJob(id)) as Job<JobPayloads['report.pdf']> | null;
    if (job && job.data.userId !== userId) return null;
    if (!job) {
      // Removed after a while (bounded removeOnComplete); its PDF tells whether it was done.
      const stored = await this.redis.exists(pdfKey(userId, month, hash));
      return stored ? { id, kind: 'report-pdf', state: 'done', progress: 100, month, error: null } : null;
    }
    const state = await job.getState();
    const progress = typeof job.progress() === 'number' ? Math.max(0, Math.min(100, job.progress() as number)) : 0;
    switch (state) {
      case 'completed':
        return { id, kind: 'report-pdf', state: 'done', progress: 100, month, error: null };
      case 'failed':
        return {
          id,
          kind: 'report-pdf',
          state: 'failed',
          progress,
          month,
          error: 'The PDF could not be rendered. Ask for it again to retry.',
        };
      case 'active':
        return { id, kind: 'report-pdf', state: 'running', progress, month, error: null };
      default:
        // waiting, delayed (backing off after a failed try), paused
        return { id, kind: 'report-pdf', state: 'queued', progress, month, error: null };
    }
  }
}
