import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TrackerType, TRACKER_TEXT_RULES, TrackerView } from '@tally/trackers';
import { IsEnum, IsOptional, ValidateIf } from 'class-validator';
import { IsText } from '../http/validators';
import { COUNT, ID } from '../http/integers';
import { PAGE_LIMITS, TRACKER_LIMITS } from '@tally/contracts';
import { CURSOR_MAX_LENGTH } from '../http/page.dto';

const TYPE_MESSAGE = `type must be one of: ${Object.values(TrackerType).join(', ')}`;

export class CreateTrackerDto {
  @ApiProperty({ example: 'Running', minLength: 1, maxLength: TRACKER_TEXT_RULES.name.max })
  @IsText(TRACKER_TEXT_RULES.name)
  name!: string;

  @ApiProperty({ enum: TrackerType, enumName: 'TrackerType', description: 'Fixed once the tracker has logs' })
  @IsEnum(TrackerType, { message: TYPE_MESSAGE })
  type!: TrackerType;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TRACKER_TEXT_RULES.description.max })
  @IsOptional()
  @IsText(TRACKER_TEXT_RULES.description)
  description?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: TRACKER_TEXT_RULES.whatToTrack.max,
    example: 'Distance run',
    description: 'Numerical trackers only',
  })
  @IsOptional()
  @IsText(TRACKER_TEXT_RULES.whatToTrack)
  whatToTrack?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: TRACKER_TEXT_RULES.unit.max,
    example: 'km',
    description: 'Numerical trackers only',
  })
  @IsOptional()
  @IsText(TRACKER_TEXT_RULES.unit)
  unit?: string | null;
}

/** Every field optional; `null` clears description, whatToTrack and unit. */
export class UpdateTrackerDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: TRACKER_TEXT_RULES.name.max })
  @ValidateIf((dto: UpdateTrackerDto) => dto.name !== undefined)
  @IsText(TRACKER_TEXT_RULES.name)
  name?: string;

  @ApiPropertyOptional({
    enum: TrackerType,
    enumName: 'TrackerType',
    description: 'Can change only while the tracker has no logs',
  })
  @ValidateIf((dto: UpdateTrackerDto) => dto.type !== undefined)
  @IsEnum(TrackerType, { message: TYPE_MESSAGE })
  type?: TrackerType;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TRACKER_TEXT_RULES.description.max })
  @IsOptional()
  @IsText(TRACKER_TEXT_RULES.description)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TRACKER_TEXT_RULES.whatToTrack.max })
  @IsOptional()
  @IsText(TRACKER_TEXT_RULES.whatToTrack)
  whatToTrack?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TRACKER_TEXT_RULES.unit.max })
  @IsOptional()
  @IsText(TRACKER_TEXT_RULES.unit)
  unit?: string | null;
}

export class TrackerDto implements TrackerView {
  @ApiProperty({ ...ID, example: 12 })
  id!: number;

  @ApiProperty({ example: 'Running', maxLength: TRACKER_LIMITS.name })
  name!: string;

  @ApiProperty({ type: String, nullable: true, maxLength: TRACKER_LIMITS.description })
  description!: string | null;

  @ApiProperty({ enum: TrackerType, enumName: 'TrackerType', description: 'Numbers or notes; fixed once it has logs' })
  type!: TrackerType;

  @ApiProperty({ type: String, nullable: true, example: 'Distance run', maxLength: TRACKER_LIMITS.whatToTrack })
  whatToTrack!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'km', maxLength: TRACKER_LIMITS.unit })
  unit!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Also moves when a log is added, edited or deleted' })
  updatedAt!: string;

  @ApiProperty({ ...COUNT, example: 42 })
  logCount!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoggedAt!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 5.2, description: 'Value of the latest log (numerical)' })
  lastValue!: number | null;
}

export class TrackerListDto {
  @ApiProperty({ type: [TrackerDto], maxItems: PAGE_LIMITS.max })
  items!: TrackerDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: CURSOR_MAX_LENGTH,
    description: 'Pass as `cursor` for the next page; null at the end',
  })
  nextCursor!: string | null;
}
