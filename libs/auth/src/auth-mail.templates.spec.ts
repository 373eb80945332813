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
  revokedSessions: [],
  revokedTokens: [],
  revokedNothing: true,
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

  it('lists the sessions and tokens a password reset revoked (S17)', () => {
    const { html, text } = renderer.render('password-changed', {
      ...CONTEXT,
      revokedSessions: [{ device: 'Firefox on Linux', ip: '198.51.100.4' }],
      revokedTokens: ['Grafana', 'backup <script>'],
      revokedNothing: false,
    });
    expect(text).toContain('These sessions were signed out:\n- Firefox on Linux (198.51.100.4)');
    expect(text).toContain(
      'These personal access tokens were revoked; make new ones where you still need them:\n- Grafana\n- backup <script>',
    );
    expect(html).toContain('<li>Grafana</li>');
    expect(html).toContain('backup &lt;script&gt;');
    expect(text).not.toContain('No other device');
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
