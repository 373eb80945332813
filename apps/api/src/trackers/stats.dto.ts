import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Emotion, StatsBucket } from '@tally/logs';
import { IsIn, IsOptional } from 'class-validator';
import { IsTimeBound } from '../http/validators';

const BUCKETS: StatsBucket[] = ['day', 'week', 'month'];
const RANGE_HELP =
  'ISO 8601 date-time with offset, or a date (YYYY-MM-DD) taken in your time zone; both ends are inclusive';

export class StatsQueryDto {
  @ApiPropertyOptional({ description: `${RANGE_HELP}. Default: the first log`, example: '2025-01-01' })
  @IsOptional()
  @IsTimeBound()
  from?: string;

  @ApiPropertyOptional({ description: `${RANGE_HELP}. Default: now`, example: '2025-12-31' })
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

  @ApiProperty({ type: 'integer' })
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
  @ApiProperty({ type: 'integer' }) happy!: number;
  @ApiProperty({ type: 'integer' }) excited!: number;
  @ApiProperty({ type: 'integer' }) calm!: number;
  @ApiProperty({ type: 'integer' }) neutral!: number;
  @ApiProperty({ type: 'integer' }) tired!: number;
  @ApiProperty({ type: 'integer' }) sad!: number;
  @ApiProperty({ type: 'integer' }) anxious!: number;
  @ApiProperty({ type: 'integer' }) angry!: number;
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
  @ApiProperty({ type: 'integer' })
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
  @ApiProperty({ type: 'integer', description: 'Consecutive local days with a log, ending today or yesterday' })
  current!: number;

  @ApiProperty({ type: 'integer', description: 'The longest run ever' })
  longest!: number;
}

export class StatsDto {
  @ApiProperty({ type: 'integer' })
  trackerId!: number;

  @ApiProperty({ example: 'America/New_York', description: 'The time zone days are counted in (yours)' })
  timezone!: string;

  @ApiProperty({ enum: BUCKETS })
  bucket!: StatsBucket;

  @ApiProperty({ format: 'date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({ type: [StatsBucketDto], description: 'Every bucket in the range, empty ones included' })
  buckets!: StatsBucketDto[];

  @ApiProperty({ type: EmotionCountsDto })
  emotions!: EmotionCountsDto;

  @ApiProperty({ type: StatsTotalsDto })
  totals!: StatsTotalsDto;

  @ApiProperty({ type: StreakDto })
  streak!: StreakDto;
}
