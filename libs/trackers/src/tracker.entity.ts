import { Entity, EntityRepositoryType, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@tally/platform';
import { TrackerType } from './tracker-type';
import { TrackerRepository } from './tracker.repository';
import { User } from '@tally/auth';
import { TRACKER_LIMITS } from '@tally/contracts';

@Entity({ tableName: 'trackers', repository: () => TrackerRepository })
@Unique({ properties: ['user', 'name'] })
@Index({ properties: ['user', 'updatedAt'] })
export class Tracker extends BaseEntity<'description' | 'whatToTrack' | 'unit'> {
  [EntityRepositoryType]?: TrackerRepository;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: false }) // covered by the composite index
  user!: User;

  @Property({ type: 'string', length: TRACKER_LIMITS.name })
  name!: string;

  @Property({ type: 'string', length: TRACKER_LIMITS.description, nullable: true })
  description: string | null = null;

  @Enum({ items: () => TrackerType })
  type!: TrackerType;

  /** What a numerical tracker measures, e.g. "Distance run". */
  @Property({ type: 'string', length: TRACKER_LIMITS.whatToTrack, nullable: true })
  whatToTrack: string | null = null;

  /** e.g. `km`, `₹`, `hours`. */
  @Property({ type: 'string', length: TRACKER_LIMITS.unit, nullable: true })
  unit: string | null = null;
}
