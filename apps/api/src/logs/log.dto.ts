import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOG_LIMITS, PAGE_LIMITS } from '@tally/contracts';
import { Emotion, LOG_TEXT_RULES, LogView } from '@tally/logs';
import { IsEnum, IsOptional } from 'class-validator';
import { ID } from '../http/integers';
import { CURSOR_MAX_LENGTH, PageQueryDto } from '../http/page.dto';
import { DOCUMENTED, IsInstant, IsStorableDecimal, IsText, IsTimeBound } from '../http/validators';

const EMOTION_MESSAGE = `emotion must be one of: ${Object.values(Emotion).join(', ')}`;
const VALUE_HELP =
  'Required for numerical trackers, absent for notes. DECIMAL(18,4): at most 4 decimal places and 15 significant ' +
  'digits, so it is stored and returned exactly';
const INSTANT_HELP = 'ISO 8601 with offset';

/**
 * A log's emotion, or null. OpenAPI 3.0 honours `nullable` only beside a `type` (a nullable `$ref`
 * to a named enum still refuses null), so this is an inline string enum that lists null as well.
 */
export const NULLABLE_EMOTION = {
  type: 'string',
  enum: [...Object.values(Emotion), null],
  nullable: true,
} as const;

export class CreateLogDto {
  @ApiPropertyOptional({
    ...DOCUMENTED.instant,
    example: '2025-03-09T08:30:00-04:00',
    description: `When it happened (${INSTANT_HELP}); default now; at most 1 day ahead`,
  })
  @IsOptional()
  @IsInstant()
  loggedAt?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 5.25, description: VALUE_HELP })
  @IsOptional()
  @IsStorableDecimal()
  value?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LOG_TEXT_RULES.description.max,
    description: 'Required for note trackers',
  })
  @IsOptional()
  @IsText(LOG_TEXT_RULES.description)
  description?: string | null;

  @ApiPropertyOptional(NULLABLE_EMOTION)
  @IsOptional()
  @IsEnum(Emotion, { message: EMOTION_MESSAGE })
  emotion?: Emotion | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LOG_TEXT_RULES.reminderMessage.max,
    description: 'Set together with reminderAt, or neither',
  })
  @IsOptional()
  @IsText(LOG_TEXT_RULES.reminderMessage)
  reminderMessage?: string | null;

  @ApiPropertyOptional({
    type: String,
    ...DOCUMENTED.instant,
    nullable: true,
    description: `When to email the reminder (${INSTANT_HELP}); must be in the future`,
  })
  @IsOptional()
  @IsInstant()
  reminderAt?: string | null;
}

/** Every field optional; null clears value, description, emotion and the reminder pair. */
export class UpdateLogDto extends CreateLogDto {}

export class LogListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Only logs at or after this (date-time with offset, or a local date)',
    ...DOCUMENTED.timeBound,
  })
  @IsOptional()
  @IsTimeBound()
  from?: string;

  @ApiPropertyOptional({
    description: 'Only logs at or before this (date-time with offset, or a local date)',
    ...DOCUMENTED.timeBound,
  })
  @IsOptional()
  @IsTimeBound()
  to?: string;
}

export class LogDto implements LogView {
  @ApiProperty(ID)
  id!: number;

  @ApiProperty(ID)
  trackerId!: number;

  @ApiProperty({ format: 'date-time' })
  loggedAt!: string;

  @ApiProperty({ type: Number, nullable: true })
  value!: number | null;

  @ApiProperty({ type: String, nullable: true, maxLength: LOG_LIMITS.description })
  description!: string | null;

  @ApiProperty(NULLABLE_EMOTION)
  emotion!: Emotion | null;

  @ApiProperty({ type: String, nullable: true, maxLength: LOG_LIMITS.reminderMessage })
  reminderMessage!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reminderAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the reminder was emailed' })
  reminderSentAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class LogListDto {
  @ApiProperty({ type: [LogDto], maxItems: PAGE_LIMITS.max })
  items!: LogDto[];

  @ApiProperty({ type: String, nullable: true, maxLength: CURSOR_MAX_LENGTH })
  nextCursor!: string | null;
}
