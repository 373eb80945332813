import type { EntityManager } from '@mikro-orm/mysql';
import { accountTracker } from './auth-throttle';
import { sha256 } from './secret-token';

/** An EntityManager that knows one account: id 7, "ada" / ada@example.test. */
const em = {
  fork: () => ({
    getRepository: () => ({
      findByLogin: async (login: string) => (['ada', 'ada@example.test'].includes(login) ? { id: 7 } : null),
    }),
  }),
} as unknown as EntityManager;

const track = (body: unknown, extra: { user?: { id: number } } = {}) =>
  accountTracker(em, { ip: '203.0.113.9', body, ...extra });

describe('accountTracker (per-account throttling key)', () => {
  it('gives the username and the email of one account the same key', async () => {
    expect(await track({ login: 'ada' })).toBe('user:7');
    expect(await track({ login: ' ADA@example.test ' })).toBe('user:7');
  });

  it('keys unknown logins, emails and tokens by their hash (no personal data in Redis keys)', async () => {
    expect(await track({ login: 'Nobody' })).toBe(`login:${sha256('nobody')}`);
    expect(await track({ email: 'Bob@Example.test' })).toBe(`email:${sha256('bob@example.test')}`);
    expect(await track({ token: 'Tok' })).toBe(`token:${sha256('Tok')}`);
  });

  it('falls back to the signed-in user, then to the IP', async () => {
    expect(await track({}, { user: { id: 3 } })).toBe('user:3');
    expect(await track(undefined)).toBe('ip:203.0.113.9');
    expect(await track({ login: 42 })).toBe('ip:203.0.113.9');
  });
});
