import { Entity, Enum, ManyToOne, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { User } from '@tally/auth';
import { Emotion } from '@tally/logs';
import { ReportFormat } from './report-setting.entity';

/**
 * One row per user per month, kept as history so past reports can be browsed. The unique key is
 * what makes "exactly one report per user per month" hold even when jobs run twice.
 */
@Entity({ tableName: 'monthly_stats' })
@Unique({ properties: ['user', 'month'] })
export class MonthlyStats {
  [OptionalProps]?:
    'mostUsedTrackerName' | 'mostUsedTrackerLogCount' | 'frequentEmotion' | 'computedAt' | 'sentAt' | 'format';

  @PrimaryKey({ type: 'integer', unsigned: true, autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: false }) // covered by the composite index
  user!: User;

  /** `YYYY-MM` in the user's time zone. */
  @Property({ type: 'string', length: 7, columnType: 'char(7)' })
  month!: string;

  @Property({ type: 'integer', unsigned: true })
  totalTrackers!: number;

  @Property({ type: 'integer', unsigned: true })
  trackersCreated!: number;

  @Property({ type: 'integer', unsigned: true })
  totalLogs!: number;

  @Property({ type: 'integer', unsigned: true })
  logsCreated!: number;

  /** Name kept as it was that month, so history survives renames and deletions. */
  @Property({ type: 'string', length: 100, nullable: true })
  mostUsedTrackerName: string | null = null;

  @Property({ type: 'integer', unsigned: true })
  mostUsedTrackerLogCount: number = 0;

  @Enum({ items: () => Emotion, nullable: true })
  frequentEmotion: Emotion | null = null;

  @Property({ type: 'integer', unsigned: true })
  loginCount!: number;

  @Property({ type: 'datetime', length: 3 })
  computedAt: Date = new Date();

  @Property({ type: 'datetime', length: 3, nullable: true })
  sentAt: Date | null = null;

  /** The format the report was sent in (null until sent). */
  @Enum({ items: () => ReportFormat, nullable: true })
  format: ReportFormat | null = null;
}
