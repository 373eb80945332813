export * from './entities';
export * from './mikro-orm.config';
export * from './database.module';
export * from './database-errors';
export * from './migrator';
export * from './sql-values';
export * from './deadlock-retry';
export { DEMO_ACCOUNT } from './seeders/demo-data';
export { seedDemoAccount } from './seeders/demo-account';
