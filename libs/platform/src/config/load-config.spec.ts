import { ConfigError, parseConfig } from './load-config';
import { DEFAULT_JWT_SECRET } from './config.schema';

const strongSecret = 'x'.repeat(48);

describe('parseConfig', () => {
  it('applies defaults for a development machine', () => {
    const config = parseConfig({});
    expect(config.env).toBe('development');
    expect(config.http.port).toBe(3000);
    expect(config.database).toMatchObject({ host: '127.0.0.1', port: 3306, user: 'root', name: 'tally' });
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.auth.bcryptCost).toBe(12);
  });

  it('reads the database settings from DATABASE_URL, decoding credentials', () => {
    const config = parseConfig({ DATABASE_URL: 'mysql://app:p%40ss@db.internal:3307/tally_prod' });
    expect(config.database).toMatchObject({
      host: 'db.internal',
      port: 3307,
      user: 'app',
      password: 'p@ss',
      name: 'tally_prod',
    });
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be a port number \(got "abc"\)$/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ REDIS_URL: 'http://localhost' }, /REDIS_URL must be a URL starting with redis:\/\/ or rediss:\/\//],
    [{ DATABASE_URL: 'postgres://x' }, /DATABASE_URL must be a URL starting with mysql:\/\//],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters$/],
    [{ TRUST_PROXY: 'maybe' }, /TRUST_PROXY must be false, a hop count or comma-separated proxy addresses/],
    [
      { TRUST_PROXY: 'true' },
      /TRUST_PROXY must be false, a hop count .* true would believe an address the client picks/,
    ],
    [{ TRUST_PROXY: '10.0.0.1,10.0.0.0/33' }, /TRUST_PROXY must be false, a hop count/],
  ])('rejects %j with one line naming the variable', (env, message) => {
    const error = catchError(() => parseConfig(env));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('never echoes a secret in the error', () => {
    const error = catchError(() => parseConfig({ JWT_SECRET: 'hunter2' }));
    expect(error.message).not.toContain('hunter2');
    const keyError = catchError(() => parseConfig({ TOTP_ENCRYPTION_KEY: 'hunter3' }));
    expect(keyError.message).toBe('Invalid configuration: TOTP_ENCRYPTION_KEY must be at least 32 characters');
  });

  it('reads TRUST_PROXY as none, a hop count or proxy addresses (S16)', () => {
    expect(parseConfig({}).http.trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(parseConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.2, 172.16.0.0/12,::1' }).http.trustProxy).toEqual([
      '10.0.0.2',
      '172.16.0.0/12',
      '::1',
    ]);
  });

  it('reads the account settings', () => {
    const config = parseConfig({ APP_URL: 'https://tally.example/', AUTH_THROTTLE_ACCOUNT_LIMIT: '5' });
    expect(config.auth).toMatchObject({
      issuer: 'https://tally.example',
      audience: 'https://tally.example/api',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      secureCookies: false,
      throttle: { windowSeconds: 900, ipLimit: 20, accountLimit: 5, blockSeconds: 900 },
    });
  });

  it('names every invalid variable at once', () => {
    const error = catchError(() => parseConfig({ PORT: 'x', DB_PORT: 'y' }));
    expect(error.message).toMatch(/PORT .*; DB_PORT/);
  });

  describe('in production', () => {
    const production = { NODE_ENV: 'production', APP_URL: 'https://tally.example.com' };

    it('refuses to start without JWT_SECRET', () => {
      expect(() => parseConfig(production)).toThrow('JWT_SECRET is required in production');
    });

    it('refuses the development default secret', () => {
      expect(() => parseConfig({ ...production, JWT_SECRET: DEFAULT_JWT_SECRET })).toThrow(
        'JWT_SECRET must not be the development default in production',
      );
    });

    it('refuses weakened password hashing', () => {
      expect(() => parseConfig({ ...production, JWT_SECRET: strongSecret, BCRYPT_COST: '10' })).toThrow(
        'BCRYPT_COST must be at least 12 in production',
      );
    });

    it('refuses a plain-http public APP_URL', () => {
      expect(() =>
        parseConfig({ ...production, JWT_SECRET: strongSecret, APP_URL: 'http://tally.example.com' }),
      ).toThrow('APP_URL must use https:// in production');
    });

    it('refuses a TOTP key equal to the JWT secret', () => {
      expect(() => parseConfig({ ...production, JWT_SECRET: strongSecret, TOTP_ENCRYPTION_KEY: strongSecret })).toThrow(
        'TOTP_ENCRYPTION_KEY must differ from JWT_SECRET',
      );
    });

    it('uses Secure, prefixed cookies', () => {
      expect(parseConfig({ ...production, JWT_SECRET: strongSecret }).auth.secureCookies).toBe(true);
    });

    it('starts with a strong secret', () => {
      expect(parseConfig({ ...production, JWT_SECRET: strongSecret }).isProduction).toBe(true);
    });
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
