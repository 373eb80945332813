export * from './notification-setting.entity';
export * from './notifications.entities';
export * from './notification-settings.service';
export * from './notifications.module';
