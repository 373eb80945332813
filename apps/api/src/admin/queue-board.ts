import '@fastify/cookie';
import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bull';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AdminConsolePasses } from '@tally/auth';
import { AppConfig, errorBody, QUEUE_NAMES } from '@tally/platform';
import type { Queue } from 'bull';
import type { FastifyInstance } from 'fastify';
import { QUEUE_BOARD_PATH, queueBoardCookie } from './queue-board-cookie';

const REFUSALS = {
  unauthenticated: {
    status: 401,
    message: 'Bull Board needs an admin pass: POST /api/v1/admin/queues/session as an admin, then open this page again',
  },
  forbidden: { status: 403, message: 'Your account does not have the role this page needs' },
} as const;

/**
 * Bull Board (every queue of queue.definitions.ts) at /admin/queues, for admins only. It is mounted
 * on Fastify itself, outside Nest's /api/v1 prefix and guards: a browser navigates to it and sends
 * no Bearer token, so every request to it (page, assets, its JSON API) must carry the admin pass
 * cookie (AdminConsolePasses), checked in this plugin's own onRequest hook; without one it is 401,
 * with one whose holder is no longer an admin 403, in the API's error shape. It runs under the
 * api's CSP: its scripts and styles are files of its own (script-src 'self').
 */
export async function registerQueueBoard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: QUEUE_NAMES.map((name) => new BullAdapter(app.get<Queue>(getQueueToken(name), { strict: false }))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Tally queues' } },
  });
  const passes = app.get(AdminConsolePasses);
  const cookie = queueBoardCookie(config);
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request, reply) => {
      void reply.header('cache-control', 'private, no-store');
      const refusal = await passes.check(request.cookies?.[cookie.name]);
      if (refusal) {
        const { status, message } = REFUSALS[refusal];
        return reply.status(status).send(errorBody(status, message));
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
