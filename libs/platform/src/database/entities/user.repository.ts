import { EntityRepository } from '@mikro-orm/mysql';
import type { User } from './user.entity';

export class UserRepository extends EntityRepository<User> {
  /** Finds a user by email (case-insensitive) or username. */
  findByLogin(login: string): Promise<User | null> {
    const value = login.trim();
    return this.findOne(value.includes('@') ? { email: value.toLowerCase() } : { username: value });
  }
}
