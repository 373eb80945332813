import { EntityManager } from '@mikro-orm/mysql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Unsubscribe } from '@tally/notifications';
import { AppConfig, ComposedMail, InjectConfig, MailComposers, MailRecipient, UserCache } from '@tally/platform';
import { join } from 'node:path';
import { MonthlyStatsService, zoneMonths } from './monthly-stats.service';
import { ReportAssembler } from './report-assembler.service';
import type { ReportDocument } from './report-document';
import { ReportRenderer } from './rendering';
import { emotionLabel, integer, monthName, plural } from './rendering/report-format';
import { ReportFormat } from './report-setting.entity';
import { ReportSettingsService } from './report-settings.service';

/** The report mail's words (the short mail that carries the PDF), next to this file in src and dist alike. */
const MAIL_TEMPLATE_DIR = join(__dirname, 'mail-templates');

/**
 * Composes the monthly report mail at send time, in the format the user has then: `pdf` is a short
 * mail (the month's main figures) with the report attached as a PDF; `html` is the report itself as
 * the body, its charts inline PNG images (cid). Both carry the settings link and one-click
 * unsubscribe of kind `reports`. Once the mail is accepted, the month's stats row records when and how.
 */
@Injectable()
export class ReportMailComposer implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly composers: MailComposers,
    private readonly assembler: ReportAssembler,
    private readonly stats: MonthlyStatsService,
    private readonly settings: ReportSettingsService,
    private readonly renderer: ReportRenderer,
    private readonly unsubscribe: Unsubscribe,
    private readonly cache: UserCache,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.composers.register('monthly-report', {
      templateDir: MAIL_TEMPLATE_DIR,
      compose: ({ user, data }) => this.compose(user, data.month, data.format),
    });
  }

  private async compose(user: MailRecipient, month: string, asked?: 'pdf' | 'html'): Promise<ComposedMail | null> {
    const saved = (await this.settings.get(user.id)).format;
    // A "send now" was asked for in a format; the schedule's mail is off if turned off since it was decided.
    if (!asked && saved === ReportFormat.Off) return null;
    const format = asked ? (asked as ReportFormat) : saved;
    const doc = await this.assembler.document(user.id, month);
    if (!doc) return null; // the month's logs were deleted since
    const zone = doc.user.timezone;
    // A report asked for outside the schedule may have no stats row yet: the history needs one.
    const [row] = await this.em.execute<Array<{ id: number }>>(
      'SELECT id FROM monthly_stats WHERE user_id = ? AND month = ?',
      [user.id, month],
    );
    if (!row) await this.stats.compute(zoneMonths([zone], month), [user.id]);

    const links = {
      reportUrl: `${this.config.appUrl}/reports`,
      settingsUrl: `${this.config.appUrl}/settings/notifications`,
      unsubscribeUrl: this.unsubscribe.pageUrl(user.id, 'reports'),
    };
    const mail: ComposedMail = {
      subject: `Your Tally report for ${monthName(month)}`,
      headers: this.unsubscribe.headers(user.id, 'reports'),
      context: { ...links, monthName: monthName(month), figures: figures(doc) },
      delivered: () => this.recordSent(user.id, month, format),
    };
    if (format === ReportFormat.Pdf) {
      const pdf = await this.renderer.pdf(doc);
      return {
        ...mail,
        attachments: [{ filename: `tally-report-${month}.pdf`, content: pdf, contentType: 'application/pdf' }],
      };
    }
    const email = await this.renderer.email(doc, links);
    return {
      ...mail,
      rendered: { html: email.html, text: email.text },
      attachments: email.images.map((image) => ({
        filename: image.filename,
        content: image.content,
        contentType: image.contentType,
        cid: image.cid,
      })),
    };
  }

  private async recordSent(userId: number, month: string, format: ReportFormat): Promise<void> {
    await this.em.execute(
      'UPDATE monthly_stats SET sent_at = ?, format = ? WHERE user_id = ? AND month = ?',
      [new Date(), format, userId, month],
      'run',
    );
    // The months list (sentAt, format) is a cached read.
    await this.cache.bump(userId);
  }
}

/** The month's main figures for the short mail, each against the month before (the report's own words). */
function figures(doc: ReportDocument): Array<{ label: string; value: string }> {
  const s = doc.summary;
  const p = doc.previous;
  const against = monthName(doc.previousMonth).split(' ')[0]!;
  const before = (value: number | undefined) => (value === undefined ? '' : ` (${against}: ${integer(value)})`);
  return [
    { label: 'Logs', value: `${integer(s.totalLogs)}${before(p?.totalLogs)}` },
    { label: 'Active days', value: `${integer(s.activeDays)} of ${doc.days}${before(p?.activeDays)}` },
    { label: 'Longest streak', value: plural(s.longestStreak, 'day') },
    ...(s.mostUsedTracker
      ? [
          {
            label: 'Most used tracker',
            value: `${s.mostUsedTracker.name} (${plural(s.mostUsedTracker.logCount, 'log')})`,
          },
        ]
      : []),
    ...(s.frequentEmotion ? [{ label: 'Most felt', value: emotionLabel(s.frequentEmotion) }] : []),
    { label: 'Sign-ins', value: `${integer(s.loginCount)}${before(p?.loginCount)}` },
  ];
}
