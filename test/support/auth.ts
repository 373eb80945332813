import { EntityManager } from '@mikro-orm/mysql';
import { User } from '@tally/auth';
import { json, RunningApp } from './test-app';

export const DEFAULT_PASSWORD = 'correct horse battery staple';

export interface BrowserSession {
  accessToken: string;
  /** `Authorization: Bearer …`, ready to spread into request headers. */
  headers: { authorization: string };
  refreshToken: string;
  csrfToken: string;
  /** The Cookie and X-CSRF-Token headers a browser would send to /auth/refresh and /auth/logout. */
  cookieHeaders: { cookie: string; 'x-csrf-token': string };
}

export interface SignedUpUser extends BrowserSession {
  // The profile as the API returned it; tests assert on its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  user: any;
  username: string;
  email: string;
  password: string;
}

export interface SignUpOptions {
  username?: string;
  email?: string;
  password?: string;
  timezone?: string;
  /** Confirm the address directly in the database (default true); false leaves it unconfirmed. */
  confirmed?: boolean;
}

let counter = 0;

/** A username no other test (or parallel jest worker) uses. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}_${process.pid.toString(36)}${Date.now().toString(36)}${counter}`.slice(0, 32);
}

/** The cookies a response set, by name. */
export function cookiesOf(res: Response): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair!.indexOf('=');
    cookies[pair!.slice(0, index).trim()] = decodeURIComponent(pair!.slice(index + 1));
  }
  return cookies;
}

/** Reads the tokens out of a login or refresh response. */
export async function browserSession(res: Response): Promise<BrowserSession> {
  if (res.status !== 200) throw new Error(`Sign-in failed with ${res.status}: ${await res.text()}`);
  const body = await json(res);
  const cookies = cookiesOf(res);
  const refreshToken = cookies['tally_refresh']!;
  const csrfToken = cookies['tally_csrf']!;
  return {
    accessToken: body.accessToken,
    headers: { authorization: `Bearer ${body.accessToken}` },
    refreshToken,
    csrfToken,
    cookieHeaders: { cookie: `tally_refresh=${refreshToken}; tally_csrf=${csrfToken}`, 'x-csrf-token': csrfToken },
  };
}

export async function login(api: RunningApp, loginName: string, password = DEFAULT_PASSWORD, code?: string) {
  return browserSession(
    await api.request('/api/v1/auth/login', { method: 'POST', json: { login: loginName, password, code } }),
  );
}

/**
 * Registers a user through the API, confirms the address with a database shortcut (no mail
 * round trip) and signs in. For any test that needs an authenticated caller:
 *   const ada = await signUp(api);
 *   await api.request('/api/v1/trackers', { headers: ada.headers });
 */
export async function signUp(api: RunningApp, options: SignUpOptions = {}): Promise<SignedUpUser> {
  const username = options.username ?? uniqueName();
  const email = options.email ?? `${username.toLowerCase()}@example.test`;
  const password = options.password ?? DEFAULT_PASSWORD;
  const res = await api.request('/api/v1/auth/register', {
    method: 'POST',
    json: { username, email, password, ...(options.timezone ? { timezone: options.timezone } : {}) },
  });
  if (res.status !== 201) throw new Error(`Registration failed with ${res.status}: ${await res.text()}`);
  const registered = await json(res);
  if (options.confirmed !== false) {
    await api.app.get(EntityManager).fork().nativeUpdate(User, { id: registered.id }, { confirmedAt: new Date() });
  }
  const session = await login(api, email, password);
  const me = await json(await api.request('/api/v1/me', { headers: session.headers }));
  return { ...session, user: me, username, email, password };
}
