import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { User } from './user.entity';

/**
 * A client's `Idempotency-Key` on a create (POST of a tracker or a log) and the first answer to it,
 * kept 24 h in MySQL (not Redis: it must survive a Redis outage, R10). Scoped per user.
 */
@Entity({ tableName: 'idempotency_keys' })
@Unique({ properties: ['user', 'keyHash'] })
export class IdempotencyKey {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: false }) // covered by the unique key
  user!: User;

  /**
   * SHA-256 of the header's value (up to 128 characters, limits.ts): keys are
   * case-sensitive, the tables' collation is not, and hex digests compare the same under both.
   */
  @Property({ type: 'string', length: 64 })
  keyHash!: string;

  /** SHA-256 of method, path and body: the same key with another request is refused (422). */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  /** Null while the first request is still running. */
  @Property({ type: 'smallint', nullable: true })
  status: number | null = null;

  /** The first answer's JSON body. */
  @Property({ type: 'text', nullable: true })
  body: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', length: 3, index: true })
  expiresAt!: Date;
}
