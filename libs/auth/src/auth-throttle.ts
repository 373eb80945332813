import { EntityManager } from '@mikro-orm/mysql';
import { ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerRequest } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { AppConfig, DomainError, RedisClient, ServiceUnavailableError, TooManyRequestsError } from '@tally/platform';
import { User } from './user.entity';
import { sha256 } from './secret-token';

interface ThrottledRequest {
  ip: string;
  body?: unknown;
  user?: { id: number };
}

const field = (body: unknown, name: string): string | null => {
  const value = (body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' && value.length <= 1024 ? value.trim() : null;
};

/**
 * The account a sign-in style request is about, so attempts against one account are limited
 * however many addresses they come from (quality.md S5). A login resolves to the user id, so the
 * email and the username of one account share a budget; unknown logins get their own.
 */
export async function accountTracker(em: EntityManager, request: ThrottledRequest): Promise<string> {
  const login = field(request.body, 'login')?.toLowerCase() ?? null;
  if (login !== null) {
    const user = await em.fork().getRepository(User).findByLogin(login);
    return user ? `user:${user.id}` : `login:${sha256(login)}`;
  }
  const email = field(request.body, 'email')?.toLowerCase() ?? null;
  if (email !== null) return `email:${sha256(email)}`;
  const token = field(request.body, 'token');
  if (token !== null) return `token:${sha256(token)}`;
  if (request.user) return `user:${request.user.id}`;
  return `ip:${request.ip}`;
}

/** @nestjs/throttler with two limits per route: per client IP and per account, both on Redis. */
export function throttlerOptions(config: AppConfig, redis: RedisClient, em: EntityManager): ThrottlerModuleOptions {
  const { windowSeconds, ipLimit, accountLimit, blockSeconds } = config.auth.throttle;
  const common = { ttl: windowSeconds * 1000, blockDuration: blockSeconds * 1000 };
  return {
    throttlers: [
      { name: 'ip', ...common, limit: ipLimit, getTracker: (req) => `ip:${(req as ThrottledRequest).ip}` },
      {
        name: 'account',
        ...common,
        limit: accountLimit,
        getTracker: (req) => accountTracker(em, req as ThrottledRequest),
      },
    ],
    storage: new ThrottlerStorageRedisService(redis),
    // AuthThrottlerGuard sends the IETF RateLimit headers itself; Retry-After is set by the error filter
    // from TooManyRequestsError.
    setHeaders: false,
  };
}

const wait = (seconds: number) =>
  seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? '' : 's'}`;

/** One limit's state for one request, as the RateLimit headers report it. */
interface LimitState {
  name: string;
  limit: number;
  windowSeconds: number;
  remaining: number;
  resetSeconds: number;
}

/**
 * The IETF rate-limit header fields (draft-ietf-httpapi-ratelimit-headers), one list item per limit
 * the request counted against: `RateLimit-Policy: "ip";q=20;w=900, "account";q=10;w=900` (q requests
 * per w seconds) and `RateLimit: "ip";r=19;t=900, "account";r=9;t=900` (r left, reset in t seconds).
 * The OpenAPI document describes them on every throttled route (apps/api/src/http/rate-limit.ts).
 */
export function rateLimitHeaders(limits: readonly LimitState[]): { RateLimit: string; 'RateLimit-Policy': string } {
  return {
    RateLimit: limits.map((l) => `"${l.name}";r=${l.remaining};t=${l.resetSeconds}`).join(', '),
    'RateLimit-Policy': limits.map((l) => `"${l.name}";q=${l.limit};w=${l.windowSeconds}`).join(', '),
  };
}

/** The limits a request has been counted against so far (the guard runs once per limit). */
const countedLimits = new WeakMap<object, LimitState[]>();

/**
 * Counts the request against each limit, sends the RateLimit headers, and answers over-limit
 * requests with 429, Retry-After and a message saying what to do. If Redis cannot be reached the
 * request is refused (503) rather than let through unthrottled.
 */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await this.count(request);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new ServiceUnavailableError('Sign-in protection is unavailable right now; please retry shortly');
    }
  }

  /** ThrottlerGuard.handleRequest, with the IETF headers in place of its X-RateLimit-* ones. */
  private async count({ context, limit, ttl, throttler, blockDuration, getTracker, generateKey }: ThrottlerRequest) {
    const { req, res } = this.getRequestResponse(context) as {
      req: object;
      res: { header(n: string, v: string): void };
    };
    const name = throttler.name ?? 'default';
    const tracker = await getTracker(req, context);
    const key = generateKey(context, tracker, name);
    const record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
    const limits = countedLimits.get(req) ?? [];
    countedLimits.set(req, limits);
    limits.push({
      name,
      limit,
      windowSeconds: Math.round(ttl / 1000),
      remaining: record.isBlocked ? 0 : Math.max(0, limit - record.totalHits),
      resetSeconds: Math.max(0, record.isBlocked ? record.timeToBlockExpire : record.timeToExpire),
    });
    for (const [header, value] of Object.entries(rateLimitHeaders(limits))) res.header(header, value);
    if (record.isBlocked) await this.throwThrottlingException(context, { ...record, limit, ttl, key, tracker });
    return true;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    const who = detail.tracker.startsWith('ip:') ? 'from your network' : 'for this account';
    throw new TooManyRequestsError(`Too many attempts ${who}: try again in ${wait(seconds)}`, seconds);
  }
}

/** Limits a sign-in style route per IP and per account (AUTH_THROTTLE_* settings). */
export const AuthThrottle = () => UseGuards(AuthThrottlerGuard);
