export * from './mail-templates';
export * from './mail-composers';
export * from './mail-renderer.service';
export * from './mail.module';
