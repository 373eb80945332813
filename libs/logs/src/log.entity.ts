import { Entity, EntityRepositoryType, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '@tally/platform';
import { Emotion } from './emotion';
import { LogRepository } from './log.repository';
import { Tracker } from '@tally/trackers';
import { LOG_LIMITS } from '@tally/contracts';

@Entity({ tableName: 'logs', repository: () => LogRepository })
// Lists, stats and keyset pagination all walk (tracker, loggedAt); InnoDB appends the id.
@Index({ properties: ['tracker', 'loggedAt'] })
// Due event reminders: WHERE reminder_sent_at IS NULL AND reminder_at <= now.
@Index({ properties: ['reminderSentAt', 'reminderAt'] })
export class Log extends BaseEntity<
  'loggedAt' | 'value' | 'description' | 'emotion' | 'reminderMessage' | 'reminderAt' | 'reminderSentAt'
> {
  [EntityRepositoryType]?: LogRepository;

  @ManyToOne(() => Tracker, { deleteRule: 'cascade', index: false }) // covered by (tracker, loggedAt)
  tracker!: Tracker;

  /** When the thing happened (UTC). */
  @Property({ type: 'datetime', length: 3 })
  loggedAt: Date = new Date();

  /** DECIMAL(18,4) is read as a string to keep every digit; numerical trackers only. */
  @Property({ type: 'decimal', precision: 18, scale: 4, nullable: true })
  value: string | null = null;

  @Property({ type: 'text', length: 65535, nullable: true })
  description: string | null = null;

  @Enum({ items: () => Emotion, nullable: true })
  emotion: Emotion | null = null;

  @Property({ type: 'string', length: LOG_LIMITS.reminderMessage, nullable: true })
  reminderMessage: string | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  reminderAt: Date | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  reminderSentAt: Date | null = null;
}
