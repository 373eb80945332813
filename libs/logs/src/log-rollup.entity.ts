import { Entity, EntityRepositoryType, ManyToOne, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { LogRollupRepository } from './log-rollup.repository';
import type { RollupSlotWidth } from './rollup-slots';
import { Tracker } from '@tally/trackers';

/**
 * A maintained aggregate of one tracker's logs per UTC slot (30 and 60 minutes wide), written in
 * the same transaction as the logs. Statistics read these (a year: at most ≈ 8,800 hourly or 17,500
 * half-hour rows) instead of every log, and a slot maps to exactly one local day in any time zone
 * its width suits, so buckets stay DST-correct.
 */
@Entity({ tableName: 'log_rollups', repository: () => LogRollupRepository })
export class LogRollup {
  [EntityRepositoryType]?: LogRollupRepository;
  [PrimaryKeyProp]?: ['tracker', 'slotMinutes', 'slotStart'];

  @ManyToOne(() => Tracker, { primary: true, deleteRule: 'cascade', index: false }) // the primary key leads with it
  tracker!: Tracker;

  /** 30 or 60 (ROLLUP_SLOT_WIDTHS). */
  @PrimaryKey({ type: 'tinyint', unsigned: true })
  slotMinutes!: RollupSlotWidth;

  /** Start of the slot (UTC), aligned to its width. */
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
