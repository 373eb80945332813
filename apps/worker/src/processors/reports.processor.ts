import { MikroORM } from '@mikro-orm/core';
import { Processor } from '@nestjs/bull';
import { JobHandler, JobOf, JobProcessor, QueueName } from '@tally/platform';
import { documentHash, ReportPdfs, ReportRenderer } from '@tally/reports';

/** PDFs at once per worker process; Chromium's own bound (PDF_CONCURRENCY) applies inside the renderer. */
const CONCURRENCY = 2;

@Processor(QueueName.Reports)
export class ReportsProcessor implements JobProcessor {
  constructor(
    readonly orm: MikroORM,
    private readonly renderer: ReportRenderer,
    private readonly pdfs: ReportPdfs,
  ) {}

  /**
   * Renders the report document the api hashed (it waits in Redis under its hash, so the PDF is
   * exactly the figures the api will look for), reporting Chromium's progress, and stores the bytes
   * for any api process to serve. A render that throws is retried (queue.definitions.ts); a job
   * whose document expired unread (an hour in the queue) has nothing to render: the next GET of the
   * PDF queues it again.
   */
  @JobHandler('report.pdf', CONCURRENCY)
  async pdf(job: JobOf<'report.pdf'>): Promise<{ bytes: number } | { skipped: string }> {
    const { userId, month, hash } = job.data;
    const doc = await this.pdfs.document(userId, month, hash);
    if (!doc) return { skipped: 'the document expired before the job ran' };
    // A document that is not what its key says would store a PDF under figures it does not show.
    if (doc.month !== month || documentHash(doc) !== hash)
      throw new Error(`report.pdf ${job.id}: the document does not match its hash`);
    await job.progress(5);
    const pdf = await this.renderer.pdf(doc, (percent) => {
      void job.progress(Math.round(5 + Math.max(0, Math.min(100, percent)) * 0.9));
    });
    await this.pdfs.store(userId, month, hash, pdf);
    await job.progress(100);
    return { bytes: pdf.length };
  }
}
