import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { errorBody } from '@tally/platform';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Paths that belong to the server; anything else that is not a file is an Angular route. */
const SERVER_PATHS = /^\/(api|metrics|admin)(\/|$|\?)/;

/**
 * Serves the built Angular client at `/` when the build exists: hashed assets cached for a year,
 * index.html never, and deep links (e.g. /trackers/5) answered with index.html.
 */
export async function registerWebClient(app: NestFastifyApplication, webRoot: string): Promise<boolean> {
  const root = resolve(webRoot);
  if (!existsSync(join(root, 'index.html'))) return false;

  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    decorateReply: false,
    setHeaders: (reply, path) => {
      const hashed = /-[A-Z0-9]{8}\.(js|css)$/.test(path);
      void reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  const indexHtml = join(root, 'index.html');
  const fastify = app.getHttpAdapter().getInstance();
  const { readFile } = await import('node:fs/promises');
  fastify.get('/*', async (request, reply) => {
    if (SERVER_PATHS.test(request.url)) {
      return reply.status(404).send(errorBody(404, `Cannot GET ${request.url.split('?')[0]}`));
    }
    return reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(await readFile(indexHtml));
  });
  fastify.get('/', async (_request, reply) =>
    reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(await readFile(indexHtml)),
  );
  return true;
}
