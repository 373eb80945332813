import { EntityRepository } from '@mikro-orm/mysql';
import type { Log } from './log.entity';

export class LogRepository extends EntityRepository<Log> {}
