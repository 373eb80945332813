import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { TrackersModule } from '@tally/trackers';
import { LogInsertBatcher } from './log-insert-batcher';
import { EventReminderQueue } from './event-reminder-queue';
import { LogReminders } from './log-reminders.service';
import { LogWriter } from './log-writer';
import { LogsService } from './logs.service';
import { LOG_ENTITIES } from './logs.entities';
import { TrackerStatsService } from './stats/stats.service';
import { DataExportService } from './transfer/export.service';
import { ExportSlots } from './transfer/export-slots';
import { DataImportService } from './transfer/import.service';

/** Logs of trackers, their statistics, and moving all of a user's data in and out (export/import). */
@Module({
  imports: [MikroOrmModule.forFeature([...LOG_ENTITIES]), TrackersModule],
  providers: [
    LogsService,
    LogWriter,
    LogInsertBatcher,
    EventReminderQueue,
    LogReminders,
    TrackerStatsService,
    DataExportService,
    ExportSlots,
    DataImportService,
  ],
  exports: [LogsService, LogWriter, LogReminders, TrackerStatsService, DataExportService, DataImportService],
})
export class LogsModule {}
