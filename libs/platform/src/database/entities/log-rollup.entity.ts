import { Entity, EntityRepositoryType, ManyToOne, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { LogRollupRepository } from './log-rollup.repository';
import { Tracker } from './tracker.entity';

/** Width of a rollup slot. Every modern UTC offset and DST change falls on a multiple of it. */
export const ROLLUP_SLOT_MINUTES = 15;

/**
 * A maintained aggregate of one tracker's logs per 15-minute UTC slot, written in the same
 * transaction as the logs. Statistics read these (≈35,000 rows for a year) instead of every log,
 * and a slot maps to exactly one local day in any time zone, so buckets stay DST-correct.
 */
@Entity({ tableName: 'log_rollups', repository: () => LogRollupRepository })
export class LogRollup {
  [EntityRepositoryType]?: LogRollupRepository;
  [PrimaryKeyProp]?: ['tracker', 'slotStart'];

  @ManyToOne(() => Tracker, { primary: true, deleteRule: 'cascade', index: false }) // the primary key leads with it
  tracker!: Tracker;

  /** Start of the slot (UTC), aligned to ROLLUP_SLOT_MINUTES. */
  @PrimaryKey({ type: 'datetime', length: 0 })
  slotStart!: Date;

  @Property({ type: 'integer', unsigned: true })
  logCount!: number;

  /** Null for note trackers. */
  @Property({ type: 'decimal', precision: 36, scale: 4, nullable: true })
  valueSum: string | null = null;

  @Property({ type: 'decimal', precision: 18, scale: 4, nullable: true })
  valueMin: string | null = null;

  @Property({ type: 'decimal', precision: 18, scale: 4, nullable: true })
  valueMax: string | null = null;

  @Property({ type: 'integer', unsigned: true })
  emotionHappy: number = 0;

  @Property({ type: 'integer', unsigned: true })
  emotionExcited: number = 0;

  @Property({ type: 'integer', unsigned: true })
  emotionCalm: number = 0;

  @Property({ type: 'integer', unsigned: true })
  emotionNeutral: number = 0;

  @Property({ type: 'integer', unsigned: true })
  emotionTired: number = 0;

  @Property({ type: 'integer', unsigned: true })
  emotionSad: number = 0;

  @Property({ type: 'integer', unsigned: true })
  emotionAnxious: number = 0;

  @Property({ type: 'integer', unsigned: true })
  emotionAngry: number = 0;
}
