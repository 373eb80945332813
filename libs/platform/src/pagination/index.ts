export * from './cursor-codec';
export * from './page';
export * from './pagination.module';
