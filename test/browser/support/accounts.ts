import { type APIRequestContext, expect, type Page } from '@playwright/test';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../../../libs/platform/src/config/load-config';
import { browserTestServer } from './browser-env';

export const PASSWORD = 'correct horse battery staple';

export interface TestAccount {
  id: number;
  username: string;
  email: string;
  password: string;
}

let counter = 0;

/** A new account, through the API as a visitor would sign up (unconfirmed; no mail goes out here). */
export async function registerAccount(request: APIRequestContext, password = PASSWORD): Promise<TestAccount> {
  counter += 1;
  const username = `web_${process.pid.toString(36)}${Date.now().toString(36)}${counter}`.slice(0, 32);
  const email = `${username}@example.com`;
  const response = await request.post('/api/v1/auth/register', { data: { username, email, password } });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: number };
  return { id, username, email, password };
}

/** `POST /auth/login`'s status and, on success, its access token. */
export async function logIn(request: APIRequestContext, login: string, password: string) {
  const response = await request.post('/api/v1/auth/login', { data: { login, password } });
  const body = response.ok() ? ((await response.json()) as { accessToken: string }) : null;
  return { status: response.status(), accessToken: body?.accessToken ?? null };
}

export async function withDatabase<T>(
  work: (db: Awaited<ReturnType<typeof createConnection>>) => Promise<T>,
): Promise<T> {
  // The api stores DATETIMEs in UTC (mikro-orm.config.ts); so does this connection.
  const db = await createConnection({ uri: browserTestServer().env.DATABASE_URL, timezone: 'Z' });
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/**
 * What the worker does when it composes an account email (the browser-test api runs without one):
 * 32 random bytes in base64url for the link, their SHA-256 in `one_time_tokens`.
 */
export async function issueLinkToken(
  userId: number,
  purpose: 'confirm_email' | 'reset_password',
  lifetimeMs = 3_600_000,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const tokenHash = createHash('sha256').update(token).digest('hex');
  const now = new Date();
  await withDatabase((db) =>
    db.execute(
      'INSERT INTO one_time_tokens (user_id, purpose, token_hash, created_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?, NULL)',
      [userId, purpose, tokenHash, now, new Date(now.getTime() + lifetimeMs)],
    ),
  );
  return token;
}

export async function isEmailConfirmed(userId: number): Promise<boolean> {
  return withDatabase(async (db) => {
    const [rows] = await db.query('SELECT confirmed_at FROM users WHERE id = ?', [userId]);
    return (rows as { confirmed_at: Date | null }[])[0]?.confirmed_at != null;
  });
}

/**
 * Signs the browser context in through the api, as the sign-in page does: the refresh and CSRF
 * cookies land in the context, so the next page load restores the session with one refresh call.
 * Returns the access token for api calls made by the test itself.
 */
export async function signInContext(page: Page, account: TestAccount): Promise<string> {
  const response = await page.request.post('/api/v1/auth/login', {
    data: { login: account.email, password: account.password },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * The token of an email's unsubscribe link, signed as libs/notifications' Unsubscribe signs it
 * (HMAC-SHA-256 with a key derived from the api's JWT_SECRET), so a page test needs no mail.
 */
export function unsubscribeToken(userId: number, kind: 'reminders' | 'event-reminders' | 'reports'): string {
  const secret = loadConfig({ NODE_ENV: 'test' }).auth.jwtSecret;
  const key = Buffer.from(hkdfSync('sha256', secret, '', 'tally unsubscribe links', 32));
  const signature = createHmac('sha256', key)
    .update(`unsubscribe:${userId}:${kind}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
  return `${userId}.${kind}.${signature}`;
}
