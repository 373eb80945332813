import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from './user.entity';

/** One row per successful login, so a month's login count can be reported. */
@Entity({ tableName: 'login_events' })
@Index({ properties: ['user', 'at'] })
export class LoginEvent {
  @PrimaryKey({ type: 'integer', unsigned: true, autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: false }) // covered by the composite index
  user!: User;

  @Property({ type: 'datetime', length: 3 })
  at: Date = new Date();

  @Property({ type: 'string', length: 45, nullable: true })
  ip: string | null = null;

  @Property({ type: 'string', length: 512, nullable: true })
  userAgent: string | null = null;
}
