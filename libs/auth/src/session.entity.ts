import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from './user.entity';

/**
 * A login session: one refresh-token family. The access token carries the session id, so revoking
 * the session ends both tokens. Only the SHA-256 of the current refresh token is stored.
 */
/** How many rotated-past refresh tokens a session remembers for reuse detection (64 + 1 characters each). */
export const PREVIOUS_REFRESH_HASHES = 15;

@Entity({ tableName: 'sessions' })
@Index({ properties: ['user', 'revokedAt'] })
export class Session {
  [OptionalProps]?: 'createdAt' | 'lastUsedAt' | 'revokedAt' | 'ip' | 'userAgent' | 'previousRefreshTokenHashes';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade', index: false }) // covered by the composite index
  user!: User;

  @Property({ type: 'string', length: 64, unique: true })
  refreshTokenHash!: string;

  /**
   * SHA-256 of the refresh tokens this session already rotated past, newest first, comma-separated
   * (at most PREVIOUS_REFRESH_HASHES). Only one of these, presented again, proves the family leaked.
   */
  @Property({ type: 'string', length: 1024, nullable: true })
  previousRefreshTokenHashes: string | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', length: 3 })
  lastUsedAt: Date = new Date();

  @Property({ type: 'datetime', length: 3 })
  expiresAt!: Date;

  @Property({ type: 'datetime', length: 3, nullable: true })
  revokedAt: Date | null = null;

  @Property({ type: 'string', length: 45, nullable: true })
  ip: string | null = null;

  @Property({ type: 'string', length: 512, nullable: true })
  userAgent: string | null = null;
}
