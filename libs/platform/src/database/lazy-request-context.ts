import { EntityManager, MikroORM, RequestContext } from '@mikro-orm/core';
import type { AsyncLocalStorage } from 'node:async_hooks';

/** The forks of a request context, made when first asked for. */
export class LazyForks extends Map<string, EntityManager> {
  /** While the fork is being built: its constructor resolves the context too, and must see none. */
  private forking = false;

  constructor(private readonly orm: MikroORM) {
    super();
  }

  override get(name: string): EntityManager | undefined {
    let fork = super.get(name);
    if (!fork && !this.forking && name === this.orm.em.name) {
      this.forking = true;
      try {
        // From the global manager itself, as RequestContext.create does before its context exists.
        fork = this.orm.em.fork({ useContext: true, disableContextResolution: true });
      } finally {
        this.forking = false;
      }
      super.set(name, fork);
    }
    return fork;
  }

  override has(name: string): boolean {
    return super.has(name) || (!this.forking && name === this.orm.em.name);
  }
}

/** MikroORM keeps the current context in this AsyncLocalStorage (RequestContext.create uses it). */
const storage = (RequestContext as unknown as { storage: AsyncLocalStorage<RequestContext> }).storage;

/**
 * Runs `next` (the rest of the request) in MikroORM's request context, as its own middleware does
 * (`RequestContext.create`), except that the EntityManager fork is made when the request first uses
 * the database. A fork (unit of work, identity map, loaders) was the largest allocation of a cached
 * read that never touches the database (quality.md P1); requests that query get the same fresh fork
 * as before. The api installs it as a Fastify onRequest hook (MikroORM's advice for Fastify), which
 * also spares a Nest middleware layer per request.
 */
export function runInLazyRequestContext(orm: MikroORM, next: () => void): void {
  storage.run(new RequestContext(new LazyForks(orm)), next);
}
