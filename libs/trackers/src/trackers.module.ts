import { Module } from '@nestjs/common';
import { DatabaseModule } from '@tally/platform';
import { TrackerStatsService } from './stats/stats.service';
import { TrackersService } from './trackers.service';

/** Trackers and their statistics. Needs the platform's config, database, cache and pagination. */
@Module({
  imports: [DatabaseModule],
  providers: [TrackersService, TrackerStatsService],
  exports: [TrackersService, TrackerStatsService],
})
export class TrackersModule {}
