export * from './config';
export * from './database';
export * from './errors';
export * from './redis';
export * from './cache';
export * from './queue';
export * from './logging';
export * from './health';
