import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MySqlDriver } from '@mikro-orm/mysql';
import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { ENTITIES } from './entities';
import { LazyRequestContextMiddleware } from './lazy-request-context';
import { createOrmConfig } from './mikro-orm.config';

/**
 * MikroORM for the Nest apps. Migrations never run here (they race between replicas): they are a
 * one-off step, `npm run migrate`. Each HTTP request runs in a request context whose fork is made
 * on first use (LazyRequestContextMiddleware), in place of MikroORM's eager one.
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
export class DatabaseModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(LazyRequestContextMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
