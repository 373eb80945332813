import { Injectable } from '@nestjs/common';
import { AppConfig, InjectConfig } from '@tally/platform';
import { WrongPasswordError } from './auth.errors';
import { compare, getRounds, hash } from 'bcrypt';

/** bcrypt at BCRYPT_COST (12 in production, enforced at boot; tests lower it for speed). */
@Injectable()
export class PasswordHasher {
  private readonly cost: number;
  private dummy?: Promise<string>;

  constructor(@InjectConfig() config: AppConfig) {
    this.cost = config.auth.bcryptCost;
  }

  hash(password: string): Promise<string> {
    return hash(password, this.cost);
  }

  verify(password: string, passwordHash: string): Promise<boolean> {
    return compare(password, passwordHash);
  }

  /** A hash made at a lower cost than configured now (e.g. before BCRYPT_COST was raised). */
  isWeak(passwordHash: string): boolean {
    return getRounds(passwordHash) < this.cost;
  }

  /** For re-entered passwords (sensitive changes): throws WrongPasswordError naming `field`. */
  async check(password: string, passwordHash: string, field = 'password'): Promise<void> {
    if (!(await this.verify(password, passwordHash))) throw new WrongPasswordError(field);
  }

  /**
   * Spends the time of one verification when there is no account to check against, so a login
   * for an unknown user takes as long as one with a wrong password.
   */
  async burn(password: string): Promise<void> {
    this.dummy ??= hash('tally-no-such-account', this.cost);
    await compare(password, await this.dummy);
  }
}
