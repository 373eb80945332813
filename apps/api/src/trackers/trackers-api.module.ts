import { Module } from '@nestjs/common';
import { LogsModule } from '@tally/logs';
import { TrackersModule } from '@tally/trackers';
import { TrackersController } from './trackers.controller';

@Module({ imports: [TrackersModule, LogsModule], controllers: [TrackersController] })
export class TrackersApiModule {}
