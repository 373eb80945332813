import { Injectable } from '@nestjs/common';
import type { IAuthModuleOptions } from '@nestjs/passport';
import type { PassportStatic, Strategy } from 'passport';

let apps = 0;

/**
 * The names this app's Passport strategies are registered under. Passport keeps one registry per
 * process, and tests run several apps in one process (a second api "process", another config): with
 * fixed names the last app's strategies, with its Redis client and keys, would serve every app's
 * requests, and fail them once it closed. So each app registers its own, under names of its own.
 */
@Injectable()
export class PassportStrategyNames {
  private readonly app = ++apps;
  readonly accessToken = `access-token#${this.app}`;
  readonly personalAccessToken = `personal-access-token#${this.app}`;

  /** What BearerAuthGuard (an AuthGuard without a fixed type) asks Passport to try, in order. */
  guardOptions(): IAuthModuleOptions {
    return { defaultStrategy: [this.accessToken, this.personalAccessToken], session: false, property: 'user' };
  }
}

/**
 * For a strategy's `getPassportInstance()`: PassportStrategy would register it under one fixed name
 * for the whole process; the strategy registers itself under its app's name instead (constructor).
 */
export const REGISTERED_PER_APP = { use: (_strategy: Strategy) => undefined } as unknown as PassportStatic;
