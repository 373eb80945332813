import type { InjectOptions } from 'fastify';
import { DEFAULT_PASSWORD } from '../auth';
import { createUserVia, signIn } from '../sign-in';
import type { RunningApp } from '../test-app';
import type { Operation } from '../openapi';
import { BodyChoice, FuzzRequest, ImportSamples, percentEncode, pick } from './requests';
import { stringifyWithRaw } from './values';

export interface Injected {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export interface Prepared {
  url: string;
  headers: Record<string, string>;
  spare?: SpareSession;
}

interface SpareSession {
  id: string;
  refreshToken: string;
  csrfToken: string;
}

interface Foreign {
  trackerId: number;
  logId: number;
  tokenId: number;
  sessionId: string;
}

/**
 * The address the fuzz requests come from. Sign-in throttling counts per IP in Redis for the
 * whole window, and later test files of the same jest worker (S5 runs with a limit of 20) would
 * otherwise find 127.0.0.1 over its limit and be refused with 429.
 */
const CLIENT_IP = '127.0.0.9';

/** Which live resource a path template's parameters name; a route not listed here gets numbers. */
type Resource = 'tracker' | 'log' | 'token' | 'session' | 'month' | 'job';

function resourceOf(path: string): Resource | null {
  if (/\/trackers\/\{id\}\/logs\/\{logId\}$/.test(path)) return 'log';
  if (/\/trackers\/\{id\}/.test(path)) return 'tracker';
  if (/\/tokens\/\{id\}$/.test(path)) return 'token';
  if (/\/auth\/sessions\/\{id\}$/.test(path)) return 'session';
  if (/\/reports\/\{month\}/.test(path)) return 'month';
  if (/\/jobs\/\{id\}$/.test(path)) return 'job';
  return null;
}

const cookieValue = (headers: Injected['headers'], name: string): string | undefined => {
  const raw = headers['set-cookie'];
  const lines = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  for (const line of lines) {
    const [pair] = line.split(';');
    const index = pair!.indexOf('=');
    if (pair!.slice(0, index).trim() === name) return decodeURIComponent(pair!.slice(index + 1));
  }
  return undefined;
};

const parse = (body: string): Record<string, unknown> => JSON.parse(body) as Record<string, unknown>;

/**
 * The fuzzing user and everything they own, kept alive while the requests create and delete
 * things: deleted trackers, logs, tokens and spare sessions are replaced, created ones join in.
 */
export class FuzzFixtures {
  username = '';
  email = '';
  readonly password = DEFAULT_PASSWORD;
  authorization = '';
  readToken = { id: 0, value: '' };
  writeToken = { id: 0, value: '' };
  trackers: Array<{ id: number; type: string }> = [];
  logs: Array<{ trackerId: number; logId: number }> = [];
  tokens: number[] = [];
  /** Months the user's reports are asked for: this month and last (in UTC, the user's zone), and one without logs. */
  readonly months = [0, 1]
    .map((back) => {
      const now = new Date();
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
    })
    .concat('2020-01');
  /** Ids of jobs the user started (202 answers), for GET /jobs/{id}. */
  jobs: string[] = [];
  spareSessions: SpareSession[] = [];
  foreign!: Foreign;
  /** The other user's access token: their trackers, logs and tokens must come through the fuzz untouched. */
  foreignAuthorization = '';
  samples: ImportSamples = { csv: '', json: '' };
  cursors: string[] = [];
  /** Times the owner's own session stopped working (an excluded route leaked through). */
  sessionsLost = 0;
  private sequence = 0;

  constructor(
    private readonly api: RunningApp,
    /**
     * Under real sign-in throttling the fuzz's own sign-ins use up the owner's budget: spare sessions
     * that cannot be signed in for (429) are then done without rather than failing the run.
     */
    private readonly tolerateThrottling = false,
    /** Where the requests come from; a run under real limits takes its own, unspent address. */
    private readonly clientIp = CLIENT_IP,
  ) {}

  inject(options: InjectOptions): Promise<Injected> {
    return this.api.app
      .inject({ remoteAddress: this.clientIp, ...options })
      .then((res) => ({ status: res.statusCode, headers: res.headers, body: res.body }));
  }

  private async call(
    method: InjectOptions['method'],
    url: string,
    payload?: object,
    authorization = this.authorization,
  ) {
    const res = await this.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization, ...(payload ? { 'content-type': 'application/json' } : {}) },
      payload: payload ? JSON.stringify(payload) : undefined,
    });
    if (res.status >= 300) throw new Error(`Fixture ${method} ${url} failed with ${res.status}: ${res.body}`);
    return res.body ? parse(res.body) : {};
  }

  private async login(login: string): Promise<SpareSession & { authorization: string }> {
    const res = await this.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login, password: DEFAULT_PASSWORD },
    });
    if (res.status !== 200) throw new Error(`Fixture sign-in failed with ${res.status}: ${res.body}`);
    const refreshToken = cookieValue(res.headers, 'tally_refresh')!;
    return {
      id: refreshToken.split('.')[0]!,
      refreshToken,
      csrfToken: cookieValue(res.headers, 'tally_csrf')!,
      authorization: `Bearer ${parse(res.body).accessToken as string}`,
    };
  }

  async setUp(): Promise<void> {
    const owner = await createUserVia(this.api);
    this.username = owner.username;
    this.authorization = (await signIn(this.api, owner)).authorization;
    // Sign-ins from here on use the email: PATCH /me may rename the user, nothing changes the email.
    this.email = (await this.call('GET', '/me')).email as string;
    this.readToken = await this.createToken('fuzz read', ['read']);
    this.writeToken = await this.createToken('fuzz write', ['read', 'write']);
    for (let i = 0; i < 3; i++) this.tokens.push((await this.createToken(`fuzz spare ${i}`, ['read'])).id);
    await this.replenish();

    const other = await createUserVia(this.api);
    const otherSession = await this.login(other.username);
    this.foreignAuthorization = otherSession.authorization;
    const call = (url: string, payload: object) => this.call('POST', url, payload, otherSession.authorization);
    const tracker = await call('/trackers', { name: 'Not yours', type: 'numerical' });
    const log = await call(`/trackers/${tracker.id}/logs`, { value: 1 });
    const token = await call('/tokens', { name: 'not yours', scopes: ['read'] });
    this.foreign = {
      trackerId: tracker.id as number,
      logId: log.id as number,
      tokenId: token.id as number,
      sessionId: otherSession.id,
    };

    for (const url of ['/trackers?limit=1', ...this.trackers.map((t) => `/trackers/${t.id}/logs?limit=1`)]) {
      const cursor = (await this.call('GET', url)).nextCursor;
      if (typeof cursor === 'string') this.cursors.push(cursor);
    }

    const exported = (format: string) =>
      this.inject({
        method: 'GET',
        url: `/api/v1/export?format=${format}`,
        headers: { authorization: this.authorization },
      });
    this.samples = { csv: (await exported('csv')).body, json: (await exported('json')).body };
  }

  private async signInAgain(): Promise<void> {
    this.authorization = (await this.login(this.email)).authorization;
  }

  private async createToken(name: string, scopes: string[]) {
    const token = await this.call('POST', '/tokens', { name: `${name} ${++this.sequence}`, scopes });
    return { id: token.id as number, value: token.token as string };
  }

  /**
   * Puts back what the requests used up: two trackers of each type, logs in one of each, three spare
   * sessions. A tracker the requests changed meanwhile (deleted, or turned into the other type once
   * it had no logs) makes a fixture call fail: the pool is then read again from the api.
   */
  async replenish(attempt = 1): Promise<void> {
    try {
      for (const type of ['numerical', 'note']) {
        if (this.trackers.filter((t) => t.type === type).length < 2) {
          const tracker = await this.call('POST', '/trackers', { name: `Fuzz ${type} ${++this.sequence}`, type });
          this.trackers.push({ id: tracker.id as number, type });
        }
        const tracker = this.trackers.find((t) => t.type === type)!;
        while (this.logs.filter((l) => l.trackerId === tracker.id).length < 3) {
          const i = ++this.sequence;
          const log = await this.call(
            'POST',
            `/trackers/${tracker.id}/logs`,
            type === 'note'
              ? { description: `note ${i}`, emotion: 'calm' }
              : { value: i * 1.5, loggedAt: new Date(Date.now() - (i % 400) * 86_400_000).toISOString() },
          );
          this.logs.push({ trackerId: tracker.id, logId: log.id as number });
        }
      }
    } catch (error) {
      if (attempt >= 3) throw error;
      await this.syncTrackers();
      return this.replenish(attempt + 1);
    }
    while (this.spareSessions.length < 3) {
      let session: SpareSession & { authorization: string };
      try {
        session = await this.login(this.email);
      } catch (error) {
        if (this.tolerateThrottling && String(error).includes('failed with 429')) break;
        throw error;
      }
      const { authorization: _unused, ...spare } = session;
      this.spareSessions.push(spare);
    }
  }

  private async syncTrackers(): Promise<void> {
    const live: Array<{ id: number; type: string }> = [];
    let cursor: string | null = null;
    do {
      const page = await this.call('GET', `/trackers?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      live.push(...(page.items as Array<{ id: number; type: string }>).map(({ id, type }) => ({ id, type })));
      cursor = page.nextCursor as string | null;
    } while (cursor);
    this.trackers = live;
    this.logs = this.logs.filter((l) => live.some((t) => t.id === l.trackerId));
  }

  /** The URL of a request, with its path parameters filled in. */
  private url(op: Operation, request: FuzzRequest): string {
    let path = op.path;
    const values = this.pathValues(op, request);
    op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, values[i]!)));
    const query =
      request.query.kind === 'raw'
        ? request.query.text
        : request.query.pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
    return query ? `${path}?${query}` : path;
  }

  /** Whether a 'foreign' path choice names another user's row here (a month is nobody's, and job ids stay our own). */
  namesForeignRow(op: Operation): boolean {
    const resource = resourceOf(op.path);
    return op.pathParams.length > 0 && resource !== 'month' && resource !== 'job';
  }

  private pathValues(op: Operation, request: FuzzRequest): string[] {
    const choice = request.path;
    if (choice.kind === 'raw') return choice.segments.map((s) => (s.encode ? percentEncode(s.text) : s.text));
    const resource = resourceOf(op.path);
    if (resource === 'month') return [pick(this.months, choice.pick)];
    if (resource === 'job') return [this.jobs.length ? pick(this.jobs, choice.pick) : 'report-pdf-1-2020-01-0'];
    if (choice.kind === 'foreign') {
      const f = this.foreign;
      if (resource === 'log') return [String(f.trackerId), String(f.logId)];
      if (resource === 'token') return [String(f.tokenId)];
      if (resource === 'session') return [f.sessionId];
      return [String(f.trackerId)];
    }
    switch (resource) {
      case 'tracker':
        return [String(pick(this.trackers, choice.pick).id)];
      case 'log': {
        const log = pick(this.logs, choice.pick);
        return [String(log.trackerId), String(log.logId)];
      }
      case 'token':
        return [String(this.tokens.length ? pick(this.tokens, choice.pick) : this.foreign.tokenId)];
      case 'session':
        // None left only under real throttling: an unknown session id then.
        return [
          this.spareSessions.length ? pick(this.spareSessions, choice.pick).id : '00000000-0000-4000-8000-000000000000',
        ];
      default:
        return op.pathParams.map(() => String(choice.pick));
    }
  }

  /** The request as it is sent: URL, headers and the spare session whose cookie it carries. */
  prepare(op: Operation, request: FuzzRequest): Prepared {
    const headers: Record<string, string> = {};
    let spare: SpareSession | undefined;
    const auth = request.auth;
    if (auth.kind === 'owner') headers.authorization = this.authorization;
    if (auth.kind === 'read-token') headers.authorization = `Bearer ${this.readToken.value}`;
    if (auth.kind === 'write-token') headers.authorization = `Bearer ${this.writeToken.value}`;
    if (auth.kind === 'header') headers.authorization = auth.authorization;
    if (auth.kind === 'spare-cookie' && this.spareSessions.length) {
      spare = pick(this.spareSessions, auth.pick);
      headers.cookie = `tally_refresh=${spare.refreshToken}; tally_csrf=${spare.csrfToken}`;
      if (auth.csrf !== 'missing') headers['x-csrf-token'] = auth.csrf === 'match' ? spare.csrfToken : 'forged';
    }
    for (const [name, value] of request.headers) {
      headers[name] = name === 'cookie' && headers.cookie ? `${headers.cookie}; ${value}` : value;
    }
    return { url: this.url(op, request), headers, spare };
  }

  /**
   * Follows what a request changed, so later requests see live ids. Called for each answer of a
   * batch in turn, then `replenish` once.
   */
  async observe(op: Operation, request: FuzzRequest, sent: Prepared, res: Injected): Promise<void> {
    const path = sent.url.split('?')[0]!;
    const ids = path.match(/\/(\d+)(?=\/|$)/g)?.map((s) => Number(s.slice(1))) ?? [];
    const body = () => parse(res.body);
    switch (`${op.key} ${res.status}`) {
      case 'POST /api/v1/trackers 201':
        this.trackers.push({ id: body().id as number, type: body().type as string });
        break;
      case 'PATCH /api/v1/trackers/{id} 200':
        this.trackers = this.trackers.map((t) => (t.id === ids[0] ? { id: t.id, type: body().type as string } : t));
        break;
      case 'DELETE /api/v1/trackers/{id} 204':
        this.trackers = this.trackers.filter((t) => t.id !== ids[0]);
        this.logs = this.logs.filter((l) => l.trackerId !== ids[0]);
        break;
      case 'POST /api/v1/trackers/{id}/logs 201':
        this.logs.push({ trackerId: body().trackerId as number, logId: body().id as number });
        break;
      case 'DELETE /api/v1/trackers/{id}/logs/{logId} 204':
        this.logs = this.logs.filter((l) => l.logId !== ids[1]);
        break;
      case 'GET /api/v1/reports/{month}/pdf 202':
      case 'POST /api/v1/reports/{month}/send 202':
        if (!this.jobs.includes(body().id as string)) this.jobs.push(body().id as string);
        break;
      case 'POST /api/v1/tokens 201':
        this.tokens.push(body().id as number);
        break;
      case 'DELETE /api/v1/tokens/{id} 204':
        this.tokens = this.tokens.filter((id) => id !== ids[0]);
        if (ids[0] === this.readToken.id) this.readToken = await this.createToken('fuzz read', ['read']);
        if (ids[0] === this.writeToken.id) this.writeToken = await this.createToken('fuzz write', ['read', 'write']);
        break;
      case 'POST /api/v1/auth/refresh 200':
        if (sent.spare) {
          sent.spare.refreshToken = cookieValue(res.headers, 'tally_refresh') ?? sent.spare.refreshToken;
          sent.spare.csrfToken = cookieValue(res.headers, 'tally_csrf') ?? sent.spare.csrfToken;
        }
        break;
      case 'POST /api/v1/auth/refresh 401':
      case 'POST /api/v1/auth/logout 204':
        this.spareSessions = this.spareSessions.filter((s) => s !== sent.spare);
        break;
      case 'DELETE /api/v1/auth/sessions/{id} 204':
        this.spareSessions = this.spareSessions.filter((s) => s.id !== path.split('/').pop());
        break;
    }
    if (request.auth.kind === 'owner' && res.status === 401 && !op.isPublic) {
      this.sessionsLost++;
      await this.signInAgain();
    }
  }
}

/** The payload and content type of a body choice. */
export function payloadOf(body: BodyChoice): { payload?: string | Buffer; contentType?: string | null } {
  switch (body.kind) {
    case 'none':
      return {};
    case 'json':
      return { payload: stringifyWithRaw(body.value) ?? '', contentType: body.contentType };
    case 'text':
      return { payload: body.text, contentType: body.contentType };
    case 'huge':
      return { payload: `{"name":"${'x'.repeat(body.kilobytes * 1024)}"}`, contentType: body.contentType };
    case 'multipart': {
      const b = body.boundary.replace(/^"|"$/g, '');
      let text = '';
      for (const part of body.parts) {
        text += `--${b}\r\nContent-Disposition: form-data; name="${part.name}"`;
        if (part.filename !== null) text += `; filename="${part.filename}"`;
        text += '\r\n';
        if (part.contentType) text += `Content-Type: ${part.contentType}\r\n`;
        text += `\r\n${part.content}\r\n`;
      }
      text += body.end === 'proper' ? `--${b}--\r\n` : body.end === 'garbage' ? 'garbage' : '';
      return { payload: Buffer.from(text), contentType: `multipart/form-data; boundary=${body.boundary}` };
    }
  }
}
