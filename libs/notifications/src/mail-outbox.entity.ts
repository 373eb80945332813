import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { User } from '@tally/auth';
import type { MailJob } from '@tally/platform';

/**
 * Mail that must go exactly once (reminders, reports), decided in MySQL before it is queued. The
 * unique key makes the decision once however many workers or ticks race; `sentAt` records the
 * send, so a job run again (a crashed worker, a lost queue) does not send twice; rows never sent
 * are queued again by a sweep, so a lost queue loses nothing.
 */
@Entity({ tableName: 'mail_outbox' })
@Index({ properties: ['sentAt', 'enqueuedAt'] })
export class MailOutboxEntry {
  [OptionalProps]?: 'createdAt' | 'enqueuedAt' | 'sentAt' | 'outcome';

  @PrimaryKey({ type: 'bigint', unsigned: true, autoincrement: true })
  id!: string;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: User;

  /** What makes it once, e.g. `reminder:daily:42:2026-12-03` or `report:42:2026-11`. */
  @Property({ type: 'string', length: 120, unique: true })
  key!: string;

  /** The `mail.send` job to run (template, user, data, and `once` = key). */
  @Property({ type: 'json' })
  payload!: MailJob;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();

  /** Last handed to the queue; a row unsent long after is handed again. */
  @Property({ type: 'datetime', length: 3, nullable: true })
  enqueuedAt: Date | null = null;

  /** When the job finished with it: sent, or decided not to send (`outcome` says why). */
  @Property({ type: 'datetime', length: 3, nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  outcome: string | null = null;
}
