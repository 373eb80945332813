/**
 * The web client's pure rules behind the reports and unsubscribe pages (no Angular runtime code):
 * the unsubscribe link read as the api signs it, and month names.
 */
import type { AppConfig } from '@tally/platform';
import { Unsubscribe, UNSUBSCRIBE_KINDS } from '../../libs/notifications/src/unsubscribe.service';
import { MAIL_KINDS, readUnsubscribeLink } from '../../apps/web/src/app/pages/unsubscribe/unsubscribe-link';
import { monthName } from '../../apps/web/src/app/pages/reports/report-month';

const unsubscribe = new Unsubscribe({
  auth: { jwtSecret: 'a test secret that is long enough to sign', jwtPreviousSecret: null },
  appUrl: 'https://tally.example',
} as unknown as AppConfig);

describe('unsubscribe links (web)', () => {
  it.each(UNSUBSCRIBE_KINDS)('reads the kind and the addressee of a "%s" link as the api signs it', (kind) => {
    const url = new URL(unsubscribe.pageUrl(4711, kind));
    expect(url.pathname).toBe('/unsubscribe');
    const link = readUnsubscribeLink(url.hash.slice(1));
    expect(link).toEqual({ kind: 'present', token: unsubscribe.token(4711, kind), userId: 4711, mail: kind });
    expect(MAIL_KINDS[kind].name).toMatch(/\w/);
  });

  it('tells a missing token from a cut-off or changed one, before asking the api', () => {
    const token = unsubscribe.token(12, 'reminders');
    expect(readUnsubscribeLink(null)).toEqual({ kind: 'missing' });
    expect(readUnsubscribeLink('')).toEqual({ kind: 'missing' });
    expect(readUnsubscribeLink('token=')).toEqual({ kind: 'missing' });
    expect(readUnsubscribeLink(`token=${token.slice(0, -1)}`)).toEqual({ kind: 'incomplete' });
    expect(readUnsubscribeLink(`token=${token.replace('reminders', 'newsletters')}`)).toEqual({ kind: 'incomplete' });
    expect(readUnsubscribeLink(`token=${token.replace('reminders', 'constructor')}`)).toEqual({ kind: 'incomplete' });
    expect(readUnsubscribeLink(`token=0${token}`)).toEqual({ kind: 'incomplete' });
    expect(readUnsubscribeLink(`token=${token}.x`)).toEqual({ kind: 'incomplete' });
  });
});

describe('month names (web)', () => {
  it('names a YYYY-MM month with or without its year, in any time zone', () => {
    expect(monthName('2026-11')).toMatch(/November.*2026|2026.*November/);
    expect(monthName('2026-01', 'month')).toMatch(/January/);
    expect(monthName('2026-01', 'month')).not.toMatch(/2026/);
  });

  it('gives anything else back as it is', () => {
    expect(monthName('2026-13')).toBe('2026-13');
    expect(monthName('abc')).toBe('abc');
  });
});
