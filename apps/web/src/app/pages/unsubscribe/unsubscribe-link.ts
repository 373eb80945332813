import type { Schema } from '@tally/contracts';

export type UnsubscribeKind = Schema<'UnsubscribeKind'>;

/** How the page names each kind of mail a link turns off. */
export interface MailKind {
  /** "monthly reports": what the button turns off. */
  name: string;
  /** Its heading once off: "Monthly reports are off". */
  off: string;
  /** What that mail is, so nobody turns off the wrong thing. */
  about: string;
}

export const MAIL_KINDS = {
  reminders: {
    name: 'daily or weekly reminders',
    off: 'Daily and weekly reminders are off',
    about: 'The daily or weekly email that reminds you to log on days when you have not logged anything yet.',
  },
  'event-reminders': {
    name: 'reminders on logs',
    off: 'Reminders on logs are off',
    about: 'The emails Tally sends at the time you chose on a log, with “Email me a reminder about this”.',
  },
  reports: {
    name: 'monthly reports',
    off: 'Monthly report emails are off',
    about:
      'The email with your monthly report, on the 1st of each month. Your reports stay in Tally, under Reports, ' +
      'where you can still open, download or send them.',
  },
} as const satisfies Record<UnsubscribeKind, MailKind>;

/** What the link of an email's footer (`/unsubscribe#token=…`) brought. */
export type UnsubscribeLink =
  | { kind: 'present'; token: string; userId: number; mail: UnsubscribeKind }
  | { kind: 'missing' }
  | { kind: 'incomplete' };

/**
 * The token is `userId.kind.signature` (libs/notifications unsubscribe.service.ts): the kind can
 * be read before anything is sent, so the page says what the button turns off. Whether the link
 * is genuine only the api can tell (the signature); a cut-off link is caught here.
 */
export function readUnsubscribeLink(fragment: string | null): UnsubscribeLink {
  const token = new URLSearchParams(fragment ?? '').get('token')?.trim() ?? '';
  if (token === '') return { kind: 'missing' };
  const match = /^([1-9]\d{0,15})\.([a-z-]+)\.[A-Za-z0-9_-]{22}$/.exec(token);
  const mail = match?.[2];
  if (!mail || !Object.hasOwn(MAIL_KINDS, mail)) return { kind: 'incomplete' };
  return { kind: 'present', token, userId: Number(match![1]), mail: mail as UnsubscribeKind };
}
