export * from './base.entity';
export * from './mikro-orm.config';
export * from './database.module';
export * from './database-errors';
export * from './migrator';
export * from './sql-values';
export * from './deadlock-retry';
export * from './lazy-request-context';
