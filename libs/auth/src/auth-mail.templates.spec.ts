import { MailRenderer, MailTemplate } from '@tally/platform';
import { join } from 'node:path';

const AUTH_TEMPLATES: MailTemplate[] = ['confirm-email', 'reset-password', 'password-changed'];

const CONTEXT = {
  subject: 'Subject',
  username: 'ada',
  appUrl: 'https://tally.example',
  link: 'https://tally.example/confirm-email#token=abc',
  expiresInHours: 24,
  expiresInMinutes: 60,
  when: '25 November 2026 at 09:00 (UTC)',
  ip: '203.0.113.7',
  resetLink: 'https://tally.example/forgot-password',
};

describe('the account mails rendered by MailRenderer', () => {
  const renderer = new MailRenderer();
  for (const template of AUTH_TEMPLATES) renderer.load(template, join(__dirname, 'mail-templates'));

  it.each(AUTH_TEMPLATES)('renders %s as HTML inside the layout and as plain text', (template) => {
    const { html, text } = renderer.render(template, CONTEXT);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Hi ada,');
    expect(text).toContain('Hi ada,');
    expect(text).not.toMatch(/<[a-z]/i);
    expect(text).toContain('https://tally.example');
  });

  it('escapes values in the HTML part and leaves the text part as written', () => {
    const { html, text } = renderer.render('confirm-email', { ...CONTEXT, username: '<script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(text).toContain('Hi <script>alert(1)</script>,');
  });

  it('fails loudly when a template variable is missing', () => {
    expect(() =>
      renderer.render('reset-password', { ...CONTEXT, link: undefined, expiresInMinutes: undefined }),
    ).not.toThrow();
    const { link: _link, ...withoutLink } = CONTEXT;
    expect(() => renderer.render('reset-password', withoutLink)).toThrow(/"link" not defined/);
  });
});
