export * from './decimal';
export * from './log.errors';
export * from './log.rules';
export * from './log.view';
export * from './logs.service';
export * from './logs.module';
