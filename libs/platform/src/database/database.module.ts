import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MySqlDriver } from '@mikro-orm/mysql';
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { ENTITIES } from './entities';
import { createOrmConfig } from './mikro-orm.config';

/**
 * MikroORM for the Nest apps. Migrations never run here (they race between replicas): they are a
 * one-off step, `npm run migrate`. MikroORM's own request-context middleware is off: an HTTP app
 * runs each request in `runInLazyRequestContext` (the api does, from an onRequest hook), whose fork
 * is made on first use.
 */
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...createOrmConfig(config.database), registerRequestContext: false }),
      driver: MySqlDriver,
    }),
    MikroOrmModule.forFeature(ENTITIES),
  ],
  exports: [MikroOrmModule],
})
export class DatabaseModule {}
