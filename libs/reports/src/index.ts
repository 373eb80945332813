export * from './report-setting.entity';
export * from './monthly-stats.entity';
export * from './reports.entities';
export * from './report-settings.service';
export * from './reports.module';
export * from './report-document';
export * from './rendering';
