import { EntityManager, MikroORM, RequestContext } from '@mikro-orm/core';
import { Injectable, NestMiddleware } from '@nestjs/common';
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
 * MikroORM's request context, as its own middleware makes it (`RequestContext.create`), except that
 * the EntityManager fork is made when the request first uses the database. A fork (unit of work,
 * identity map, loaders) was the largest allocation of a cached read that never touches the
 * database (quality.md P1); requests that query get the same fresh fork as before.
 */
@Injectable()
export class LazyRequestContextMiddleware implements NestMiddleware {
  constructor(private readonly orm: MikroORM) {}

  use(_req: unknown, _res: unknown, next: () => void): void {
    storage.run(new RequestContext(new LazyForks(this.orm)), next);
  }
}
