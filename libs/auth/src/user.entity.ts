import { Entity, EntityRepositoryType, Enum, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@tally/platform';
import { UserRole } from './auth.enums';
import { UserRepository } from './user.repository';
import { EMAIL_MAX_LENGTH, TIME_ZONE_MAX_LENGTH, USERNAME_MAX_LENGTH } from '@tally/contracts';

@Entity({ tableName: 'users', repository: () => UserRepository })
export class User extends BaseEntity<
  'confirmedAt' | 'timezone' | 'role' | 'active' | 'loginCount' | 'totpSecret' | 'totpEnabledAt'
> {
  [EntityRepositoryType]?: UserRepository;

  /** 3–32 of [A-Za-z0-9_.-]; unique regardless of case (the column's collation is case-insensitive). */
  @Unique()
  @Property({ type: 'string', length: USERNAME_MAX_LENGTH })
  username!: string;

  /** Stored lower-cased; unique. */
  @Unique()
  @Property({ type: 'string', length: EMAIL_MAX_LENGTH })
  email!: string;

  /** bcrypt hash. Never serialized. */
  @Property({ type: 'string', length: 60, hidden: true, lazy: true })
  password!: string;

  @Property({ type: 'datetime', length: 3, nullable: true })
  confirmedAt: Date | null = null;

  /** IANA time zone name, e.g. `Europe/Berlin`. */
  @Property({ type: 'string', length: TIME_ZONE_MAX_LENGTH })
  timezone: string = 'UTC';

  @Enum({ items: () => UserRole })
  role: UserRole = UserRole.User;

  @Property({ type: 'boolean' })
  active: boolean = true;

  // Login tracking, as Flask-Security's "trackable" does it.
  @Property({ type: 'integer', unsigned: true })
  loginCount: number = 0;

  @Property({ type: 'datetime', length: 3, nullable: true })
  currentLoginAt: Date | null = null;

  @Property({ type: 'string', length: 45, nullable: true })
  currentLoginIp: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  lastLoginAt: Date | null = null;

  @Property({ type: 'string', length: 45, nullable: true })
  lastLoginIp: string | null = null;

  /**
   * The TOTP secret, AES-256-GCM encrypted (libs/auth totp-secret-cipher). Set during enrolment;
   * two-factor login is on only once `totpEnabledAt` is set too. Never serialized.
   */
  @Property({ type: 'string', length: 255, nullable: true, hidden: true, lazy: true })
  totpSecret: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  totpEnabledAt: Date | null = null;
}
