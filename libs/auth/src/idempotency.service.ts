import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/mysql';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ConflictError, RuleViolationError } from '@tally/platform';
import { IdempotencyKey } from './idempotency-key.entity';
import { sha256 } from './secret-token';

/** How long a key and its first answer are kept. */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 3_600_000;
/**
 * A first request that has not finished after this long is taken to have died (its process, or the
 * database under it): a retry may run it again. Longer than any create takes.
 */
const ABANDONED_AFTER_MS = 60_000;
/** How often answers and releases that could not be stored (MariaDB away) are tried again. */
const OWED_RETRY_MS = 1_000;
/** At most this many are kept to retry; past it the oldest claims are left to ABANDONED_AFTER_MS. */
const OWED_MAX = 10_000;

/** Expired keys of the user dropped on each new key, so a user's table rows stay bounded without a sweep. */
const EXPIRED_DROPPED_PER_CLAIM = 100;

export type IdempotencyClaim =
  /** Run the request, then `complete` (or `release` if it failed). */
  | { kind: 'run'; id: string }
  /** Answered before: send this again and do nothing. */
  | { kind: 'replay'; status: number; body: unknown };

/**
 * `Idempotency-Key` on creates (quality.md R10): the first request with a key runs and its answer
 * is stored; a retry with the same key and the same request gets that answer and writes nothing; the
 * same key with another request is refused (422); while the first still runs, a retry gets 409.
 * Keys are per user and kept 24 h, in MySQL so that they outlive a Redis outage.
 */
@Injectable()
export class IdempotencyService implements OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyService.name);
  /**
   * Claims whose outcome could not be stored (MariaDB went away after the request ran): the
   * answer to store, or null to release the claim. Retried until stored, so a retry of the request
   * soon gets the first answer (or runs, if nothing was written) instead of 409 for a minute.
   */
  private readonly owed = new Map<string, { status: number; body: unknown } | null>();
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly em: EntityManager) {}

  onModuleDestroy(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
  }

  async claim(userId: number, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const em = this.em.fork();
    const now = new Date();
    await em
      .getConnection()
      .execute('DELETE FROM `idempotency_keys` WHERE `user_id` = ? AND `expires_at` <= ? LIMIT ?', [
        userId,
        now,
        EXPIRED_DROPPED_PER_CLAIM,
      ]);
    try {
      const id = await em.insert(IdempotencyKey, {
        user: userId,
        keyHash: sha256(key),
        requestHash,
        createdAt: now,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_LIFETIME_MS),
      });
      return { kind: 'run', id: String(id) };
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
    const row = await em.findOne(IdempotencyKey, { user: userId, keyHash: sha256(key) });
    if (!row) throw new ConflictError('A request with this Idempotency-Key is being processed; retry in a moment');
    if (row.requestHash !== requestHash)
      throw new RuleViolationError(
        'This Idempotency-Key was already used for a different request: send a new key with a new request',
        [{ field: 'Idempotency-Key', message: 'Idempotency-Key was used with another method, path or body' }],
      );
    if (row.status !== null) return { kind: 'replay', status: row.status, body: row.body && JSON.parse(row.body) };
    if (row.createdAt.getTime() > now.getTime() - ABANDONED_AFTER_MS)
      throw new ConflictError('A request with this Idempotency-Key is still being processed; retry in a moment');
    // The first attempt died without an answer: this retry takes it over (one winner).
    const taken = await em.nativeUpdate(
      IdempotencyKey,
      { id: row.id, status: null, createdAt: row.createdAt },
      { createdAt: now },
    );
    if (taken !== 1)
      throw new ConflictError('A request with this Idempotency-Key is still being processed; retry in a moment');
    return { kind: 'run', id: row.id };
  }

  /**
   * Stores the first answer; retries get it from now on. If MariaDB cannot take it now, it is kept
   * and stored as soon as it can (the write it answers has committed: it must not run twice).
   */
  async complete(id: string, status: number, body: unknown): Promise<void> {
    await this.settle(id, { status, body });
  }

  /** The request failed before writing anything: the key may be used again (now, or once MariaDB is back). */
  async release(id: string): Promise<void> {
    await this.settle(id, null);
  }

  private async settle(id: string, outcome: { status: number; body: unknown } | null): Promise<void> {
    try {
      await this.store(id, outcome);
    } catch (error) {
      if (this.owed.size >= OWED_MAX) throw error;
      this.owed.set(id, outcome);
      this.retryTimer ??= setInterval(() => void this.payDebts(), OWED_RETRY_MS);
      this.retryTimer.unref();
      throw error;
    }
  }

  private async store(id: string, outcome: { status: number; body: unknown } | null): Promise<void> {
    const em = this.em.fork();
    if (outcome === null) await em.nativeDelete(IdempotencyKey, { id, status: null });
    else
      await em.nativeUpdate(
        IdempotencyKey,
        { id },
        { status: outcome.status, body: outcome.body === undefined ? null : JSON.stringify(outcome.body) },
      );
  }

  private async payDebts(): Promise<void> {
    for (const [id, outcome] of this.owed) {
      try {
        await this.store(id, outcome);
      } catch {
        return; // still away: the next tick tries again
      }
      this.owed.delete(id);
    }
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = null;
    this.logger.log('Stored the idempotency outcomes owed since the database went away');
  }
}
