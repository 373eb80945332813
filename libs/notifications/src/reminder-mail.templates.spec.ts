import { MailRenderer, MailTemplate } from '@tally/platform';
import { join } from 'node:path';

const TEMPLATES: MailTemplate[] = ['daily-reminder', 'weekly-reminder', 'event-reminder'];

const CONTEXT = {
  subject: 'Subject',
  username: 'ada',
  appUrl: 'https://tally.example',
  date: 'Thursday 3 December',
  trackers: [{ name: 'Run <fast>', url: 'https://tally.example/trackers/1?log=1', last: 'no logs yet' }],
  newTrackerUrl: 'https://tally.example/trackers/new',
  message: 'Water the <b>ferns</b>',
  trackerName: 'Plants',
  trackerUrl: 'https://tally.example/trackers/2',
  when: '3 Dec 2026 at 20:00',
  settingsUrl: 'https://tally.example/settings#notifications',
  unsubscribeUrl: 'https://tally.example/unsubscribe#token=1.reminders.x',
};

describe('the reminder mails', () => {
  const renderer = new MailRenderer();
  for (const template of TEMPLATES) renderer.load(template, join(__dirname, 'mail-templates'));

  it.each(TEMPLATES)('renders %s as HTML and as readable plain text, with the settings and unsubscribe links', (t) => {
    const { html, text } = renderer.render(t, CONTEXT);
    expect(text.split('\n')[0]).toBe('Hi ada,');
    expect(text).not.toMatch(/<(p|a|table|tr|td|div|blockquote)\b/); // no markup of ours in the text part
    expect(text).toContain('Unsubscribe from these emails: https://tally.example/unsubscribe#token=1.reminders.x');
    expect(html).toContain('href="https://tally.example/settings#notifications"');
    expect(html).not.toContain('<b>ferns');
    expect(html).not.toContain('<fast>');
  });

  it('lists each tracker on a line of its own in the text part', () => {
    const { text } = renderer.render('daily-reminder', CONTEXT);
    expect(text).toContain('\n- Run <fast> (no logs yet): https://tally.example/trackers/1?log=1\n');
  });

  it('shows no unsubscribe footer in mail that has none (account mail)', () => {
    const { text } = renderer.render('daily-reminder', {
      ...CONTEXT,
      unsubscribeUrl: undefined,
      settingsUrl: undefined,
    });
    expect(text).not.toContain('Unsubscribe');
  });
});
