import { EntityRepository } from '@mikro-orm/mysql';
import type { User } from './user.entity';

export class UserRepository extends EntityRepository<User> {
  /** Finds a user by email (case-insensitive) or username. */
  findByLogin(login: string): Promise<User | null> {
    const value = login.trim();
    return this.findOne(value.includes('@') ? { email: value.toLowerCase() } : { username: value });
  }

  /** Like findByLogin, with the password hash and TOTP secret loaded (they are lazy). */
  findForLogin(login: string): Promise<User | null> {
    const value = login.trim();
    return this.findOne(value.includes('@') ? { email: value.toLowerCase() } : { username: value }, {
      populate: ['password', 'totpSecret'],
    });
  }

  /**
   * Which of a username and email are already used by another account. Usernames compare
   * case-insensitively (the column collation), emails are stored lower-cased.
   */
  async taken(wanted: { username?: string; email?: string }, exceptUserId?: number): Promise<('username' | 'email')[]> {
    const or = [
      ...(wanted.username ? [{ username: wanted.username }] : []),
      ...(wanted.email ? [{ email: wanted.email }] : []),
    ];
    if (!or.length) return [];
    const others = await this.find(
      { $or: or, ...(exceptUserId === undefined ? {} : { id: { $ne: exceptUserId } }) },
      { fields: ['username', 'email'] },
    );
    const fields: ('username' | 'email')[] = [];
    if (wanted.email && others.some((u) => u.email === wanted.email)) fields.push('email');
    if (wanted.username && others.some((u) => u.username.toLowerCase() === wanted.username!.toLowerCase()))
      fields.push('username');
    return fields;
  }
}
