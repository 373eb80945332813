export * from './user-cache.service';
export * from './cache.module';
export * from './bounded-map';
