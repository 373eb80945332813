export * from './queue.definitions';
export * from './job-queue.service';
export * from './job-handler.decorator';
export * from './queue.module';
