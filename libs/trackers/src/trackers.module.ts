import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { TRACKER_ENTITIES } from './trackers.entities';
import { TrackersService } from './trackers.service';

/** Trackers. Needs the platform's config, database, cache and pagination. */
@Module({
  imports: [MikroOrmModule.forFeature([...TRACKER_ENTITIES])],
  providers: [TrackersService],
  // The repository too: writers of logs lock and touch their tracker (LogWriter).
  exports: [TrackersService, MikroOrmModule],
})
export class TrackersModule {}
