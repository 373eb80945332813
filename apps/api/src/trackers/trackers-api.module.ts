import { Module } from '@nestjs/common';
import { TrackersModule } from '@tally/trackers';
import { TrackersController } from './trackers.controller';

@Module({ imports: [TrackersModule], controllers: [TrackersController] })
export class TrackersApiModule {}
