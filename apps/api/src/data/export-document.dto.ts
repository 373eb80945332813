import { ApiProperty } from '@nestjs/swagger';
import { TrackerType } from '@tally/trackers';
import type { Emotion, JsonLog, JsonTracker } from '@tally/logs';
import { NULLABLE_EMOTION } from '../logs/log.dto';
import { LOG_LIMITS, TRACKER_LIMITS } from '@tally/contracts';

/** The JSON export's shape, for the OpenAPI spec. */
export class ExportLogDto implements JsonLog {
  @ApiProperty({ format: 'date-time' }) loggedAt!: string;
  @ApiProperty({ type: Number, nullable: true }) value!: number | null;
  @ApiProperty({ type: String, nullable: true, maxLength: LOG_LIMITS.description }) description!: string | null;
  @ApiProperty(NULLABLE_EMOTION) emotion!: Emotion | null;
  @ApiProperty({ type: String, nullable: true, maxLength: LOG_LIMITS.reminderMessage }) reminderMessage!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reminderAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reminderSentAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ExportTrackerDto implements JsonTracker {
  @ApiProperty({ maxLength: TRACKER_LIMITS.name }) name!: string;
  @ApiProperty({ enum: TrackerType, enumName: 'TrackerType', description: 'Numbers or notes' }) type!: TrackerType;
  @ApiProperty({ type: String, nullable: true, maxLength: TRACKER_LIMITS.description }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: TRACKER_LIMITS.whatToTrack }) whatToTrack!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: TRACKER_LIMITS.unit }) unit!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [ExportLogDto] }) logs!: ExportLogDto[];
}

export class ExportDocumentDto {
  @ApiProperty({ enum: ['tally-export'] }) format!: 'tally-export';
  @ApiProperty({ enum: [1] }) version!: 1;
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: [ExportTrackerDto] }) trackers!: ExportTrackerDto[];
}
