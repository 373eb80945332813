import { EntityManager } from '@mikro-orm/mysql';
import { Injectable } from '@nestjs/common';
import { User } from '@tally/auth';
import { MailOutbox } from '@tally/notifications';
import { ConflictError, JobQueue, MailJob, RedisClient, TooManyRequestsError } from '@tally/platform';
import type { ReportJobView } from './report-pdfs.service';
import { ReportFormat } from './report-setting.entity';
import { ReportSettingsService } from './report-settings.service';
import { ReportReader, ReportViews } from './report-views.service';

/** "Send now" of one month: at most one a minute, and none while the last one still waits. */
export const REPORT_SEND_INTERVAL_MS = 60_000;
/** "Send now" of any months: at most this many an hour per user. */
export const REPORT_SENDS_PER_HOUR = 10;

/** Public job ids of a "send now": `report-mail-{userId}-{YYYY-MM}-{epoch ms}`, the outbox key too. */
const MAIL_JOB_ID = /^report-mail-([1-9]\d{0,9})-(\d{4}-\d{2})-(\d{13})$/;
const mailPrefix = (userId: number, month: string) => `report-mail-${userId}-${month}-`;

export class EmailNotConfirmedError extends ConflictError {
  constructor() {
    super('Confirm your email address first: reports are only sent to a confirmed address');
  }
}

/**
 * "Send now": the monthly report mail of one month, on request, through the mail outbox (the same
 * mail the schedule sends on the 1st, decided in MySQL and sent once by the worker). Bounded per
 * user so it cannot be used to flood an inbox (docs/decisions.md).
 */
@Injectable()
export class ReportSender {
  constructor(
    private readonly em: EntityManager,
    private readonly views: ReportViews,
    private readonly settings: ReportSettingsService,
    private readonly outbox: MailOutbox,
    private readonly jobs: JobQueue,
    private readonly redis: RedisClient,
  ) {}

  async sendNow(reader: ReportReader, month: string, requested?: 'pdf' | 'html'): Promise<ReportJobView> {
    // 400 for a bad month, 404 for a month without data, before anything else.
    await this.views.document(reader, month);
    const user = await this.em.findOne(User, reader.id, { fields: ['id', 'confirmedAt'] });
    if (!user?.confirmedAt) throw new EmailNotConfirmedError();
    const saved = (await this.settings.get(reader.id)).format;
    const format = requested ?? (saved === ReportFormat.Html ? 'html' : 'pdf');

    await this.claim(reader.id, month);
    const now = new Date();
    const key = `${mailPrefix(reader.id, month)}${now.getTime()}`;
    const job: MailJob & { once: string } = {
      template: 'monthly-report',
      userId: reader.id,
      data: { month, format },
      once: key,
    };
    await this.outbox.add(job, now);
    await this.outbox.enqueue(job, now);
    return { id: key, kind: 'report-mail', state: 'queued', progress: 0, month, error: null };
  }

  /** A "send now" job of the user's, or null (unknown, or someone else's). */
  async mailJob(userId: number, id: string): Promise<ReportJobView | null> {
    const match = MAIL_JOB_ID.exec(id);
    if (!match || Number(match[1]) !== userId) return null;
    const month = match[2]!;
    const entry = await this.outbox.entry(id);
    if (!entry || entry.userId !== userId) return null;
    const view = (state: ReportJobView['state'], progress: number, error: string | null = null): ReportJobView => ({
      id,
      kind: 'report-mail',
      state,
      progress,
      month,
      error,
    });
    if (entry.sentAt)
      return entry.outcome === 'sent'
        ? view('done', 100)
        : view('failed', 100, `Not sent: ${entry.outcome ?? 'unknown'}`);
    const job = await this.jobs.queue('mail').getJob(id);
    const state = job ? await job.getState() : 'waiting';
    if (state === 'active') return view('running', 50);
    // A mail that failed for good is queued again by the outbox sweep: still on its way.
    return view('queued', 0);
  }

  /**
   * The bounds: 429 while a send of this month waits or was asked for less than a minute ago, and
   * beyond REPORT_SENDS_PER_HOUR sends an hour. The minute is a Redis key set only if absent, so two
   * clicks at once cannot both pass.
   */
  private async claim(userId: number, month: string): Promise<void> {
    if (await this.outbox.hasUnsent(userId, mailPrefix(userId, month)))
      throw new TooManyRequestsError(`The report for ${month} is already on its way`, 60);
    const minuteKey = `tally:report-send:${userId}:${month}`;
    const claimed = await this.redis.set(minuteKey, '1', 'PX', REPORT_SEND_INTERVAL_MS, 'NX');
    if (claimed !== 'OK') {
      const left = await this.redis.pttl(minuteKey);
      throw new TooManyRequestsError(
        `The report for ${month} was sent less than a minute ago; try again later`,
        Math.max(1, Math.ceil(left / 1000)),
      );
    }
    const hourKey = `tally:report-sends:${userId}`;
    const [[, count], [, ttl]] = (await this.redis.multi().incr(hourKey).pttl(hourKey).exec()) as [
      [Error | null, number],
      [Error | null, number],
    ];
    if (ttl < 0) await this.redis.pexpire(hourKey, 3_600_000);
    if (count > REPORT_SENDS_PER_HOUR) {
      await this.redis.del(minuteKey);
      throw new TooManyRequestsError(
        `At most ${REPORT_SENDS_PER_HOUR} reports can be sent an hour; try again later`,
        Math.max(1, Math.ceil((ttl < 0 ? 3_600_000 : ttl) / 1000)),
      );
    }
  }
}
