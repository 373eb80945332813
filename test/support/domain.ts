import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Type } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import {
  AppConfig,
  CacheModule,
  ConfigModule,
  DatabaseModule,
  PaginationModule,
  QueueModule,
  RedisModule,
} from '@tally/platform';
import { User, UserRole } from '@tally/auth';
import { hashSync } from 'bcrypt';
import { DEFAULT_PASSWORD } from './auth';
import { ENTITIES } from '../../apps/api/src/database/entities';
import { testConfig } from './test-config';

export interface DomainContext {
  module: TestingModule;
  config: AppConfig;
  orm: MikroORM;
  get: TestingModule['get'];
  /** Runs `work` in a fresh MikroORM context, as a request or a job would. */
  run: <T>(work: () => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
}

/**
 * Domain modules on the real platform (MariaDB, Redis, cache, pagination, queues) without HTTP: for
 * integration tests of services and repositories.
 */
export async function createDomainContext(modules: Type[], config: AppConfig = testConfig()): Promise<DomainContext> {
  const module = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(ENTITIES),
      RedisModule,
      CacheModule,
      PaginationModule,
      QueueModule,
      ...modules,
    ],
  }).compile();
  await module.init();
  const orm = module.get(MikroORM);
  return {
    module,
    config,
    orm,
    get: module.get.bind(module),
    run: (work) => RequestContext.create(orm.em, work),
    close: () => module.close(),
  };
}

let userSequence = 0;

/** bcrypt (cost 4) of the test password, so users made here can sign in for real. */
const DEFAULT_PASSWORD_HASH = hashSync(DEFAULT_PASSWORD, 4);

/** A user straight in the database (accounts are another module's business). */
export async function createUser(orm: MikroORM, fields: Partial<Pick<User, 'timezone' | 'username' | 'role'>> = {}) {
  const em = orm.em.fork();
  const unique = `${process.pid}${Date.now().toString(36)}${++userSequence}`;
  const user = em.create(User, {
    username: fields.username ?? `u${unique}`.slice(0, 32),
    email: `${unique}@example.test`,
    password: DEFAULT_PASSWORD_HASH,
    confirmedAt: new Date(),
    timezone: fields.timezone ?? 'UTC',
    role: fields.role ?? UserRole.User,
  });
  await em.flush();
  return { id: user.id, timezone: user.timezone, username: user.username };
}
