import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Emotion, MAX_BUCKETS, StatsBucket } from '@tally/logs';
import { IsIn, IsOptional } from 'class-validator';
import { DOCUMENTED, IsTimeBound } from '../http/validators';
import { COUNT, ID } from '../http/integers';
import { TIME_ZONE_MAX_LENGTH } from '@tally/contracts';

const BUCKETS: StatsBucket[] = ['day', 'week', 'month'];
const RANGE_HELP =
  'ISO 8601 date-time with offset, or a date (YYYY-MM-DD) taken in your time zone; both ends are inclusive';

export class StatsQueryDto {
  @ApiPropertyOptional({
    description: `${RANGE_HELP}. Default: the first log`,
    example: '2025-01-01',
    ...DOCUMENTED.timeBound,
  })
  @IsOptional()
  @IsTimeBound()
  from?: string;

  @ApiPropertyOptional({ description: `${RANGE_HELP}. Default: now`, example: '2025-12-31', ...DOCUMENTED.timeBound })
  @IsOptional()
  @IsTimeBound()
  to?: string;

  @ApiPropertyOptional({ enum: BUCKETS, default: 'day', description: 'Local days, ISO weeks (Monday) or months' })
  @IsOptional()
  @IsIn(BUCKETS, { message: 'bucket must be one of: day, week, month' })
  bucket?: StatsBucket;
}

export class StatsBucketDto {
  @ApiProperty({ format: 'date-time', example: '2025-03-09T00:00:00.000-05:00', description: 'Local start' })
  start!: string;

  @ApiProperty(COUNT)
  count!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Null for note trackers' })
  sum!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Null for notes and empty buckets' })
  avg!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  min!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  max!: number | null;
}

export class EmotionCountsDto implements Record<Emotion, number> {
  @ApiProperty(COUNT) happy!: number;
  @ApiProperty(COUNT) excited!: number;
  @ApiProperty(COUNT) calm!: number;
  @ApiProperty(COUNT) neutral!: number;
  @ApiProperty(COUNT) tired!: number;
  @ApiProperty(COUNT) sad!: number;
  @ApiProperty(COUNT) anxious!: number;
  @ApiProperty(COUNT) angry!: number;
}

export class EdgeLogDto {
  @ApiProperty({ format: 'date-time' })
  loggedAt!: string;

  @ApiProperty({ type: Number, nullable: true })
  value!: number | null;
}

/**
 * An edge log, or null when the range has no log. OpenAPI 3.0 honours `nullable` only beside a
 * `type`, and a nullable object with `allOf: [EdgeLogDto]` still refuses null (the `allOf` branch
 * must match too), so null is its own alternative.
 */
const edgeLogOrNull = (description: string) => ({
  description,
  oneOf: [{ $ref: getSchemaPath(EdgeLogDto) }, { type: 'object' as const, nullable: true, enum: [null] }],
});

@ApiExtraModels(EdgeLogDto)
export class StatsTotalsDto {
  @ApiProperty(COUNT)
  count!: number;

  @ApiProperty({ type: Number, nullable: true })
  sum!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  avg!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  min!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  max!: number | null;

  @ApiProperty(edgeLogOrNull('The earliest log in the range'))
  first!: EdgeLogDto | null;

  @ApiProperty(edgeLogOrNull('The latest log in the range'))
  last!: EdgeLogDto | null;
}

export class StreakDto {
  @ApiProperty({ ...COUNT, description: 'Consecutive local days with a log, ending today or yesterday' })
  current!: number;

  @ApiProperty({ ...COUNT, description: 'The longest run ever' })
  longest!: number;
}

export class StatsDto {
  @ApiProperty(ID)
  trackerId!: number;

  @ApiProperty({
    example: 'America/New_York',
    description: 'The time zone days are counted in (yours)',
    maxLength: TIME_ZONE_MAX_LENGTH,
  })
  timezone!: string;

  @ApiProperty({ enum: BUCKETS })
  bucket!: StatsBucket;

  @ApiProperty({ format: 'date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({
    type: [StatsBucketDto],
    maxItems: MAX_BUCKETS,
    description: `Every bucket in the range, empty ones included (a range of more than ${MAX_BUCKETS} is refused)`,
  })
  buckets!: StatsBucketDto[];

  @ApiProperty({ type: EmotionCountsDto })
  emotions!: EmotionCountsDto;

  @ApiProperty({ type: StatsTotalsDto })
  totals!: StatsTotalsDto;

  @ApiProperty({ type: StreakDto })
  streak!: StreakDto;
}
