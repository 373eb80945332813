import { Entity, EntityRepositoryType, Enum, Index, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from '@tally/platform';
import { TrackerType } from './tracker-type';
import { TrackerRepository } from './tracker.repository';
import { User } from '@tally/auth';

@Entity({ tableName: 'trackers', repository: () => TrackerRepository })
@Unique({ properties: ['user', 'name'] })
@Index({ properties: ['user', 'updatedAt'] })
export class Tracker extends BaseEntity<'description' | 'whatToTrack' | 'unit'> {
  [EntityRepositoryType]?: TrackerRepository;

  @ManyToOne(() => User, { deleteRule: 'cascade', index: false }) // covered by the composite index
  user!: User;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Property({ type: 'string', length: 2000, nullable: true })
  description: string | null = null;

  @Enum({ items: () => TrackerType })
  type!: TrackerType;

  /** What a numerical tracker measures, e.g. "Distance run". */
  @Property({ type: 'string', length: 200, nullable: true })
  whatToTrack: string | null = null;

  /** e.g. `km`, `₹`, `hours`. */
  @Property({ type: 'string', length: 32, nullable: true })
  unit: string | null = null;
}
