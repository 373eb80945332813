import { Injectable, OnModuleInit } from '@nestjs/common';
import { LogReminders } from '@tally/logs';
import { AppConfig, ComposedMail, InjectConfig, MailComposers, MailRecipient } from '@tally/platform';
import { TrackerRepository } from '@tally/trackers';
import { DateTime } from 'luxon';
import { join } from 'node:path';
import { NotificationSettingsService } from './notification-settings.service';
import { Unsubscribe, UnsubscribeKind } from './unsubscribe.service';

/** The reminder mails' words, next to this file in src and dist alike (nest-cli copies them). */
const MAIL_TEMPLATE_DIR = join(__dirname, 'mail-templates');
/** Trackers a reminder lists (most recently used first). */
const LISTED_TRACKERS = 8;

/**
 * Composes the reminder mails in the worker, from the user's state at send time: their trackers,
 * each with a link that opens the app to log; a link to the settings; and one-click unsubscribe.
 */
@Injectable()
export class ReminderMailComposers implements OnModuleInit {
  constructor(
    private readonly composers: MailComposers,
    private readonly trackers: TrackerRepository,
    private readonly reminders: LogReminders,
    private readonly settings: NotificationSettingsService,
    private readonly unsubscribe: Unsubscribe,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.composers.register('daily-reminder', {
      templateDir: MAIL_TEMPLATE_DIR,
      compose: ({ user, data }) => this.periodic(user, 'Nothing logged today yet', data.date),
    });
    this.composers.register('weekly-reminder', {
      templateDir: MAIL_TEMPLATE_DIR,
      compose: ({ user, data }) => this.periodic(user, 'Nothing logged this week yet', data.date),
    });
    this.composers.register('event-reminder', {
      templateDir: MAIL_TEMPLATE_DIR,
      compose: async ({ user, data }) => {
        const reminder = await this.reminders.details(data.logId);
        // Moved or cleared since it was decided: this one is no longer wanted.
        if (!reminder || reminder.reminderAt.getTime() !== new Date(data.reminderAt).getTime()) return null;
        if (!(await this.settings.get(user.id)).eventReminders) return null;
        return this.withFooter(user, 'event-reminders', {
          subject: `Reminder: ${oneLine(reminder.message)}`,
          context: {
            message: reminder.message,
            trackerName: reminder.trackerName,
            trackerUrl: `${this.config.appUrl}/trackers/${reminder.trackerId}`,
            when: localTime(reminder.reminderAt, user.timezone),
          },
        });
      },
    });
  }

  private async periodic(user: MailRecipient, subject: string, date: string): Promise<ComposedMail | null> {
    const trackers = await this.trackers.listSummaries(user.id, { limit: LISTED_TRACKERS });
    return this.withFooter(user, 'reminders', {
      subject: `${subject} — a minute for Tally?`,
      context: {
        date: DateTime.fromISO(date, { zone: user.timezone }).toFormat('cccc d LLLL'),
        trackers: trackers.map((t) => ({
          name: t.name,
          url: `${this.config.appUrl}/trackers/${t.id}?log=1`,
          last: t.lastLoggedAt ? `last logged ${localTime(t.lastLoggedAt, user.timezone)}` : 'no logs yet',
        })),
        newTrackerUrl: `${this.config.appUrl}/trackers/new`,
      },
    });
  }

  private withFooter(user: MailRecipient, kind: UnsubscribeKind, mail: ComposedMail): ComposedMail {
    return {
      ...mail,
      headers: { ...mail.headers, ...this.unsubscribe.headers(user.id, kind) },
      context: {
        ...mail.context,
        settingsUrl: `${this.config.appUrl}/settings#notifications`,
        unsubscribeUrl: this.unsubscribe.pageUrl(user.id, kind),
      },
    };
  }
}

/** A subject line from user text: one line, not too long. */
function oneLine(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function localTime(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("d LLL yyyy 'at' HH:mm");
}
