import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MySqlDriver } from '@mikro-orm/mysql';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { createOrmConfig, OrmEntities } from './mikro-orm.config';

/**
 * MikroORM for the Nest apps, given every entity by the composition root (the EntityManager is
 * global; each domain module registers its own repositories with `MikroOrmModule.forFeature`).
 * Migrations never run here (they race between replicas): they are a one-off step, `npm run migrate`.
 * MikroORM's own request-context middleware is off: an HTTP app runs each request in
 * `runInLazyRequestContext` (the api does, from an onRequest hook), whose fork is made on first use;
 * a job runs in the fresh context its @JobHandler opens.
 */
@Module({})
export class DatabaseModule {
  static forRoot(entities: OrmEntities): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        MikroOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            ...createOrmConfig(config.database, entities),
            registerRequestContext: false,
          }),
          driver: MySqlDriver,
        }),
      ],
    };
  }
}
