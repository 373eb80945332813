import { z } from 'zod';

/** The development/test JWT secret. Production refuses to start with it (quality.md S15). */
export const DEFAULT_JWT_SECRET = 'tally-development-secret-do-not-use-in-production';

/** 0 asks the OS for a free port (tests use it). */
const port = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(fallback);

/** What Fastify's trustProxy takes: none, a hop count, or the proxies' addresses/CIDRs. */
export type TrustProxy = false | number | string[];

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+(%\w+)?$/;

/** 10.0.0.1, 10.0.0.0/8, ::1, fd00::/8 (Fastify's proxy-addr reads these). */
function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length) return false;
  const v4 = IPV4.test(address);
  const v6 = !v4 && address.includes(':') && IPV6.test(address);
  if (!v4 && !v6) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (v4 ? 32 : 128);
}

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(':', ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}` },
  );

/**
 * Every setting Tally reads, validated once at boot. `.env.example` documents each one.
 * Values are strings in the environment; the schema coerces them and applies defaults.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port(3000),
  WORKER_HEALTH_PORT: port(3001),
  APP_URL: url(['http', 'https']).default('http://localhost:3000'),
  CORS_ORIGINS: z.string().default(''),
  /**
   * Which peers may speak for the client in X-Forwarded-For (quality.md S16): `false` (none), a hop
   * count (how many proxies stand in front), or proxy addresses/CIDRs, comma-separated. `true` would
   * believe the left-most entry, which the client writes itself, so it is refused.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx): TrustProxy => {
      const v = value.trim();
      if (['false', '0', 'no', ''].includes(v)) return false;
      if (/^\d{1,2}$/.test(v)) return Number(v);
      const entries = v
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      if (entries.length && entries.every(isAddressOrCidr)) return entries;
      ctx.addIssue({
        code: 'custom',
        message:
          v === 'true' || v === 'yes' || v === '1'
            ? 'must be false, a hop count (1 = one proxy in front) or proxy addresses/CIDRs: true would believe an address the client picks'
            : 'must be false, a hop count or comma-separated proxy addresses/CIDRs',
      });
      return z.NEVER;
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: url(['mysql', 'mariadb']).optional(),
  DB_HOST: z.string().min(1).default('127.0.0.1'),
  DB_PORT: port(3306),
  DB_USER: z.string().min(1).default('root'),
  DB_PASSWORD: z.string().default(''),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,64}$/, 'must be 1-64 letters, digits or underscores')
    .default('tally'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * A request waits at most this long for a pooled connection (or a new one to open) before it is
   * answered 503, so a MariaDB restart costs clients a quick retry, not a hang (quality.md R6).
   */
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),

  REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
  /** A Redis command not answered in this time fails (the request gets 503) instead of waiting (R10). */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(1_000),
  CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),

  IMPORT_MAX_MB: z.coerce.number().int().min(1, 'must be at least 1').max(1024, 'must be at most 1024').default(32),
  /** Downloads of their data (GET /export) one user may run at once; more are refused with 429. */
  EXPORT_MAX_CONCURRENT: z.coerce.number().int().min(1, 'must be at least 1').max(100).default(2),
  /** A download whose client reads nothing for this long is cut, and whatever it held is freed. */
  EXPORT_STALL_TIMEOUT_SECONDS: z.coerce.number().int().min(1, 'must be at least 1').max(3_600).default(60),
  /** The longest a client may take to send a whole request, upload included (0: no limit). */
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),

  SMTP_URL: url(['smtp', 'smtps']).default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('Tally <no-reply@tally.local>'),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEFAULT_JWT_SECRET),
  /** The secret being rotated out: access tokens it signed stay valid until they expire (docs/security.md). */
  JWT_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3_600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  /** Encrypts TOTP secrets at rest; derived from JWT_SECRET when unset. */
  TOTP_ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  TOTP_ENCRYPTION_KEY_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  /** Login, registration, confirmation and password-reset attempts per window, per IP and per account. */
  AUTH_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  AUTH_THROTTLE_IP_LIMIT: z.coerce.number().int().min(1).default(20),
  AUTH_THROTTLE_ACCOUNT_LIMIT: z.coerce.number().int().min(1).default(10),
  /** How long a tracker that went over its limit is refused (the cooldown). */
  AUTH_THROTTLE_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),

  /** The worker's clock-driven work (reminders each minute, the monthly report); tests drive it by hand. */
  SCHEDULES: flag(true),

  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  /** PDFs one process prints at once (each is a Chromium page). */
  PDF_CONCURRENCY: z.coerce.number().int().min(1, 'must be at least 1').max(32, 'must be at most 32').default(2),
  /** The browser is closed and a fresh one launched after this many PDFs (0: never), bounding its memory. */
  PDF_RECYCLE_AFTER: z.coerce.number().int().min(0).max(1_000_000).default(200),
  /** One PDF taking longer than this fails (its page is closed). */
  PDF_TIMEOUT_MS: z.coerce.number().int().min(1_000, 'must be at least 1000').max(600_000).default(30_000),
  WEB_ROOT: z.string().min(1).default('dist/apps/web/browser'),
});

export type RawEnv = z.input<typeof envSchema>;
type Env = z.output<typeof envSchema>;

function databaseSettings(env: Env) {
  if (!env.DATABASE_URL) {
    return { host: env.DB_HOST, port: env.DB_PORT, user: env.DB_USER, password: env.DB_PASSWORD, name: env.DB_NAME };
  }
  const u = new URL(env.DATABASE_URL);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
    name: u.pathname.replace(/^\//, '') || env.DB_NAME,
  };
}

/** The typed, structured configuration the rest of the code receives. */
export function toAppConfig(env: Env) {
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    appUrl: env.APP_URL.replace(/\/+$/, ''),
    http: {
      host: env.HOST,
      port: env.PORT,
      corsOrigins: env.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      trustProxy: env.TRUST_PROXY,
      webRoot: env.WEB_ROOT,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
    },
    worker: { healthPort: env.WORKER_HEALTH_PORT, schedules: env.SCHEDULES },
    logLevel: env.LOG_LEVEL,
    database: { ...databaseSettings(env), poolMax: env.DB_POOL_MAX, acquireTimeoutMs: env.DB_ACQUIRE_TIMEOUT_MS },
    redis: { url: env.REDIS_URL, commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS },
    cache: { ttlSeconds: env.CACHE_TTL_SECONDS },
    data: {
      importMaxBytes: env.IMPORT_MAX_MB * 1024 * 1024,
      exportMaxConcurrent: env.EXPORT_MAX_CONCURRENT,
      exportStallTimeoutMs: env.EXPORT_STALL_TIMEOUT_SECONDS * 1000,
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    auth: {
      jwtSecret: env.JWT_SECRET,
      jwtPreviousSecret: env.JWT_SECRET_PREVIOUS ?? null,
      /** Access tokens name the installation that issued them and the API they are for. */
      issuer: env.APP_URL.replace(/\/+$/, ''),
      audience: `${env.APP_URL.replace(/\/+$/, '')}/api`,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      totpKey: env.TOTP_ENCRYPTION_KEY ?? null,
      totpPreviousKey: env.TOTP_ENCRYPTION_KEY_PREVIOUS ?? null,
      bcryptCost: env.BCRYPT_COST,
      /** Production cookies are Secure and carry the __Host-/__Secure- prefixes. */
      secureCookies: env.NODE_ENV === 'production',
      throttle: {
        windowSeconds: env.AUTH_THROTTLE_WINDOW_SECONDS,
        ipLimit: env.AUTH_THROTTLE_IP_LIMIT,
        accountLimit: env.AUTH_THROTTLE_ACCOUNT_LIMIT,
        blockSeconds: env.AUTH_THROTTLE_BLOCK_SECONDS,
      },
    },
    chromiumPath: env.CHROMIUM_PATH,
    pdf: {
      chromiumPath: env.CHROMIUM_PATH,
      concurrency: env.PDF_CONCURRENCY,
      recycleAfter: env.PDF_RECYCLE_AFTER,
      timeoutMs: env.PDF_TIMEOUT_MS,
    },
  };
}

export type AppConfig = ReturnType<typeof toAppConfig>;
