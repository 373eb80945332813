import type { EntityManager } from '@mikro-orm/mysql';
import { Injectable, Module } from '@nestjs/common';
import type { User } from './user.entity';

/** Creates what another lib keeps per account (e.g. default settings) in the new account's unit of work. */
export type AccountSetupStep = (em: EntityManager, user: User) => void;

/**
 * What a new account starts with besides its user row. Libs that keep a row per user (notification
 * and report settings) add a step at startup; registration runs every step before its one flush,
 * so the account and its rows are written together. Auth needs to know none of those libs.
 */
@Injectable()
export class AccountSetup {
  private readonly steps: AccountSetupStep[] = [];

  add(step: AccountSetupStep): void {
    this.steps.push(step);
  }

  apply(em: EntityManager, user: User): void {
    for (const step of this.steps) step(em, user);
  }
}

/** AccountSetup alone, for the libs that add steps (and for code that creates accounts outside the api). */
@Module({ providers: [AccountSetup], exports: [AccountSetup] })
export class AccountSetupModule {}
