import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig, RedisClient, ServiceUnavailableError, TooManyRequestsError } from '@tally/platform';
import { randomUUID } from 'node:crypto';

const slotsKey = (userId: number) => `tally:export-slots:${userId}`;

/**
 * A download holds a lease that it renews while it runs; a process that dies without letting go
 * frees its slots when their leases run out.
 */
const LEASE_MS = 60_000;
const RENEW_MS = LEASE_MS / 3;
/** What a refused download is told to wait: long enough for a small export to end, short enough to retry by hand. */
const RETRY_AFTER_SECONDS = 30;

/** KEYS[1] the user's slots (a sorted set: lease id → expiry); ARGV: now, lease ms, lease id, limit. */
const TAKE_SLOT = `redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

type RedisWithSlots = RedisClient & {
  tallyTakeExportSlot: (key: string, now: number, leaseMs: number, id: string, limit: number) => Promise<number>;
};

export interface ExportSlot {
  /** Lets the slot go (idempotent). */
  release(): void;
}

/**
 * How many downloads of their data one user runs at once (EXPORT_MAX_CONCURRENT, default 2),
 * counted in Redis so every api process shares the count (quality.md R11). A download streams for
 * as long as its client reads; without a limit one `read` token could open any number.
 */
@Injectable()
export class ExportSlots {
  private readonly limit: number;

  constructor(
    private readonly redis: RedisClient,
    @InjectConfig() config: AppConfig,
  ) {
    this.limit = config.data.exportMaxConcurrent;
    if (!('tallyTakeExportSlot' in redis))
      redis.defineCommand('tallyTakeExportSlot', { numberOfKeys: 1, lua: TAKE_SLOT });
  }

  /** A slot for one download, or 429 when the user already runs as many as allowed. */
  async acquire(userId: number): Promise<ExportSlot> {
    const key = slotsKey(userId);
    const id = randomUUID();
    let taken: number;
    try {
      taken = await (this.redis as RedisWithSlots).tallyTakeExportSlot(key, Date.now(), LEASE_MS, id, this.limit);
    } catch {
      throw new ServiceUnavailableError('Downloads cannot be started right now; please retry shortly');
    }
    if (!taken) {
      const downloads = this.limit === 1 ? '1 download' : `${this.limit} downloads`;
      throw new TooManyRequestsError(
        `At most ${downloads} of your data can run at a time, and you have ${this.limit} running: ` +
          'let one finish or cancel it, then try again',
        RETRY_AFTER_SECONDS,
      );
    }
    const renew = setInterval(() => {
      this.redis
        .multi()
        .zadd(key, 'XX', Date.now() + LEASE_MS, id)
        .pexpire(key, LEASE_MS)
        .exec()
        .catch(() => undefined); // Redis away: the lease runs out, which frees the slot
    }, RENEW_MS);
    renew.unref();
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        this.redis.zrem(key, id).catch(() => undefined);
      },
    };
  }
}
