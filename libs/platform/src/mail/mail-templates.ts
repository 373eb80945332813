/**
 * Every email Tally sends, with the data its job carries besides the recipient's user id.
 * To add one: declare it here, add `templates/<name>.html.hbs` and `templates/<name>.text.hbs`, and
 * register a composer for it (see MailComposers). The worker refuses to start if any is missing.
 */
export interface MailTemplateData {
  'confirm-email': Record<string, never>;
  'reset-password': Record<string, never>;
  /**
   * When and from where the password was changed, for the "was this you?" line, and what was
   * revoked with it (quality.md S17): the signed-out sessions and the personal access tokens (names).
   * Optional for jobs enqueued before these fields existed.
   */
  'password-changed': {
    at: string;
    ip: string | null;
    revokedSessions?: Array<{ device: string | null; ip: string | null }>;
    revokedTokens?: string[];
  };
  /** Nothing logged this local day (`date`, YYYY-MM-DD in the user's zone). */
  'daily-reminder': { date: string };
  /** Nothing logged in the 7 days before `date`. */
  'weekly-reminder': { date: string };
  /** The reminder a log carries, for the time it was set to. */
  'event-reminder': { logId: number; reminderAt: string };
  /** The report of `month` (YYYY-MM in the user's zone), in the format the user has chosen. */
  /**
   * The report of `month` (YYYY-MM, the user's zone). The schedule's mail takes the user's format at
   * send time; a "send now" names the format asked for.
   */
  'monthly-report': { month: string; format?: 'pdf' | 'html' };
}

export type MailTemplate = keyof MailTemplateData;

/** A record, not an array, so the compiler insists every template is listed. */
const TEMPLATES: Record<MailTemplate, true> = {
  'confirm-email': true,
  'reset-password': true,
  'password-changed': true,
  'daily-reminder': true,
  'weekly-reminder': true,
  'event-reminder': true,
  'monthly-report': true,
};
export const MAIL_TEMPLATES = Object.keys(TEMPLATES) as MailTemplate[];

/**
 * The payload of a `mail.send` job: ids and small facts, never rendered content or secrets.
 * `once` names a mail that must go exactly once (a reminder, a report): the key of its row in the
 * mail outbox, which records that it was sent and survives a lost queue.
 */
export type MailJob = {
  [T in MailTemplate]: { template: T; userId: number; data: MailTemplateData[T]; once?: string };
}[MailTemplate];
