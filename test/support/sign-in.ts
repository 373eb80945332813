import { MikroORM } from '@mikro-orm/core';
import { DEFAULT_PASSWORD, login } from './auth';
import { createUser } from './domain';
import type { RunningApp } from './test-app';

/**
 * Headers that authenticate as `user` on `api`: a real sign-in through POST /api/v1/auth/login
 * (users made by `createUserVia` have DEFAULT_PASSWORD).
 */
export async function signIn(api: RunningApp, user: { username: string }): Promise<{ authorization: string }> {
  return (await login(api, user.username, DEFAULT_PASSWORD)).headers;
}

/** A confirmed user straight in the database, optionally an admin or in another time zone. */
export function createUserVia(api: RunningApp, fields: Parameters<typeof createUser>[1] = {}) {
  return createUser(api.app.get(MikroORM), fields);
}
