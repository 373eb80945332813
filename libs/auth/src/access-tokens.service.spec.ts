import { parseConfig, UnauthorizedError } from '@tally/platform';
import { sign } from 'jsonwebtoken';
import { AccessTokens } from './access-tokens.service';

const SECRET = 's'.repeat(40);
const PREVIOUS = 'p'.repeat(40);

describe('AccessTokens', () => {
  const config = parseConfig({ JWT_SECRET: SECRET, APP_URL: 'https://tally.example' });
  const tokens = new AccessTokens(config);

  it('signs HS256 tokens naming issuer, audience, user and session, valid for 15 minutes', () => {
    const token = tokens.sign({ userId: 7, sessionId: 'abc' });
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      sub: '7',
      sid: 'abc',
      iss: 'https://tally.example',
      aud: 'https://tally.example/api',
    });
    expect(payload.exp - payload.iat).toBe(900);
    expect(tokens.verify(token)).toEqual({ userId: 7, sessionId: 'abc' });
  });

  it('accepts tokens signed with JWT_SECRET_PREVIOUS during a rotation, and only then', () => {
    const old = new AccessTokens(parseConfig({ JWT_SECRET: PREVIOUS, APP_URL: 'https://tally.example' }));
    const token = old.sign({ userId: 1, sessionId: 's' });
    expect(() => tokens.verify(token)).toThrow(UnauthorizedError);
    const rotating = new AccessTokens(
      parseConfig({ JWT_SECRET: SECRET, JWT_SECRET_PREVIOUS: PREVIOUS, APP_URL: 'https://tally.example' }),
    );
    expect(rotating.verify(token)).toEqual({ userId: 1, sessionId: 's' });
  });

  it.each([
    [
      'unsigned (alg none)',
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"1","sid":"s"}').toString('base64url')}.`,
    ],
    [
      'without a session id',
      sign({ sub: '1' }, SECRET, { issuer: 'https://tally.example', audience: 'https://tally.example/api' }),
    ],
    [
      'with a non-numeric subject',
      sign({ sub: 'admin', sid: 's' }, SECRET, {
        issuer: 'https://tally.example',
        audience: 'https://tally.example/api',
      }),
    ],
    ['garbage', 'not-a-jwt'],
  ])('refuses a token %s', (_name, token) => {
    expect(() => tokens.verify(token)).toThrow('The access token is invalid');
  });

  it('says an expired token has expired', () => {
    const token = sign({ sub: '1', sid: 's', exp: Math.floor(Date.now() / 1000) - 5 }, SECRET, {
      issuer: 'https://tally.example',
      audience: 'https://tally.example/api',
    });
    expect(() => tokens.verify(token)).toThrow(/has expired/);
  });

  describe('remembering verified tokens', () => {
    afterEach(() => jest.useRealTimers());

    it('refuses a remembered token once it expires', () => {
      jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
      const token = tokens.sign({ userId: 3, sessionId: 'x' });
      expect(tokens.verify(token)).toEqual({ userId: 3, sessionId: 'x' });
      expect(tokens.verify(token)).toEqual({ userId: 3, sessionId: 'x' });
      jest.setSystemTime(new Date('2030-01-01T00:14:59Z'));
      expect(tokens.verify(token)).toEqual({ userId: 3, sessionId: 'x' });
      jest.setSystemTime(new Date('2030-01-01T00:15:00Z'));
      expect(() => tokens.verify(token)).toThrow(/has expired/);
    });

    it('never lets a remembered token vouch for a different one', () => {
      const token = tokens.sign({ userId: 4, sessionId: 'y' });
      tokens.verify(token);
      const [header, payload, signature] = token.split('.');
      const forged = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: '5' }),
      ).toString('base64url');
      expect(() => tokens.verify(`${header}.${forged}.${signature}`)).toThrow('The access token is invalid');
      expect(() => tokens.verify(`${token}x`)).toThrow('The access token is invalid');
    });

    it('refuses a genuine token without an expiry', () => {
      const endless = sign({ sub: '1', sid: 's' }, SECRET, {
        issuer: 'https://tally.example',
        audience: 'https://tally.example/api',
        noTimestamp: true,
      });
      expect(() => tokens.verify(endless)).toThrow('The access token is invalid');
    });
  });
});
