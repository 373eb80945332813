import { EntityRepository } from '@mikro-orm/mysql';
import type { Tracker } from './tracker.entity';

export class TrackerRepository extends EntityRepository<Tracker> {}
