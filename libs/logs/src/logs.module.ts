import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tally/platform';
import { TrackersModule } from '@tally/trackers';
import { LogInsertBatcher } from './log-insert-batcher';
import { LogsService } from './logs.service';
import { DataExportService } from './transfer/export.service';
import { DataImportService } from './transfer/import.service';

/** Logs of trackers, and moving all of a user's data in and out (export/import). */
@Module({
  imports: [DatabaseModule, TrackersModule],
  providers: [LogsService, LogInsertBatcher, DataExportService, DataImportService],
  exports: [LogsService, DataExportService, DataImportService],
})
export class LogsModule {}
