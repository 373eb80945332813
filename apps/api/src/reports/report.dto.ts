import { Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { PAGE_LIMITS, TIME_ZONE_MAX_LENGTH, TRACKER_LIMITS, USERNAME_MAX_LENGTH } from '@tally/contracts';
import { Emotion, LOG_TEXT_RULES } from '@tally/logs';
import { REPORT_TRACKERS_MAX } from '@tally/reports';
import type { ReportDocument, ReportNote, ReportSummary, ReportTracker } from '@tally/reports';
import { IsIn, IsOptional } from 'class-validator';
import { COUNT, ID } from '../http/integers';
import { NULLABLE_EMOTION } from '../logs/log.dto';

export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
const MONTH = { type: String, pattern: MONTH_PATTERN, minLength: 7, maxLength: 7, example: '2026-11' } as const;
/** A DECIMAL(18,4) as text: exact, where a JSON number would not be. */
const DECIMAL_SCHEMA = { pattern: '^-?\\d{1,14}(\\.\\d{1,4})?$', maxLength: 20, example: '212.5' } as const;
const DECIMAL = { type: String, ...DECIMAL_SCHEMA } as const;
const FORMATS = ['pdf', 'html'] as const;

/** One month of the list of reports. */
/**
 * An object or null. OpenAPI 3.0 ignores `nullable` beside a `$ref` (a nullable $ref still refuses null),
 * so the choice is spelled out, as for the stats' edge logs.
 */
const objectOrNull = (model: Type<unknown>, description: string) => ({
  description,
  oneOf: [{ $ref: getSchemaPath(model) }, { type: 'object' as const, nullable: true, enum: [null] }],
});

export class ReportMonthDto {
  @ApiProperty({ ...MONTH, description: 'The month (YYYY-MM), in your time zone' })
  month!: string;

  @ApiProperty({ ...COUNT, description: 'Logs dated in the month (local time)' })
  totalLogs!: number;

  @ApiProperty({ ...COUNT, description: 'Trackers you had at the end of the month (now, for this month)' })
  totalTrackers!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 31,
    description: 'Local days with at least one log',
  })
  activeDays!: number;

  @ApiProperty({ description: 'False for the month in progress (its figures still change)' })
  complete!: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the report of this month was last emailed; null if never',
  })
  sentAt!: string | null;

  @ApiProperty({
    // Inline, listing null: OpenAPI 3.0 ignores `nullable` beside a $ref (see NULLABLE_EMOTION).
    type: 'string',
    enum: [...FORMATS, null],
    nullable: true,
    description: 'How it was last emailed: a PDF attachment, or the report as the mail; null if never',
  })
  format!: 'pdf' | 'html' | null;
}

export class ReportMonthListDto {
  @ApiProperty({
    type: [ReportMonthDto],
    maxItems: PAGE_LIMITS.max,
    description: 'Months you have logs in, newest first',
  })
  items!: ReportMonthDto[];

  @ApiProperty({ type: String, nullable: true, maxLength: 256, description: 'Pass as `cursor` for the next page' })
  nextCursor!: string | null;
}

export class ReportUserDto {
  @ApiProperty({ maxLength: USERNAME_MAX_LENGTH, example: 'ada' })
  username!: string;

  @ApiProperty({ maxLength: TIME_ZONE_MAX_LENGTH, example: 'Europe/Berlin', description: 'Days are counted in it' })
  timezone!: string;
}

export class MostUsedTrackerDto {
  @ApiProperty({ maxLength: TRACKER_LIMITS.name, example: 'Running' })
  name!: string;

  @ApiProperty(COUNT)
  logCount!: number;
}

@ApiExtraModels(MostUsedTrackerDto)
export class ReportSummaryDto implements ReportSummary {
  @ApiProperty({ ...COUNT, description: 'Trackers at the end of the month' })
  totalTrackers!: number;

  @ApiProperty({ ...COUNT, description: 'Trackers created during the month' })
  trackersCreated!: number;

  @ApiProperty({ ...COUNT, description: 'Logs dated in the month' })
  totalLogs!: number;

  @ApiProperty({ ...COUNT, description: 'Logs written during the month' })
  logsCreated!: number;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 31,
    description: 'Local days with at least one log',
  })
  activeDays!: number;

  @ApiProperty({ ...COUNT, description: 'Sign-ins during the month' })
  loginCount!: number;

  @ApiProperty(objectOrNull(MostUsedTrackerDto, 'Null when nothing was logged'))
  mostUsedTracker!: MostUsedTrackerDto | null;

  @ApiProperty({ ...NULLABLE_EMOTION, description: 'Null when no log had one' })
  frequentEmotion!: Emotion | null;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 31,
    description: 'Longest run of consecutive days with a log',
  })
  longestStreak!: number;
}

export class EmotionCountDto {
  @ApiProperty({ enum: Emotion, enumName: 'Emotion', description: 'One of the eight emotions' })
  emotion!: Emotion;

  @ApiProperty(COUNT)
  count!: number;
}

export class ReportTrackerDto implements ReportTracker {
  @ApiProperty(ID)
  id!: number;

  @ApiProperty({ maxLength: TRACKER_LIMITS.name, example: 'Running' })
  name!: string;

  @ApiProperty({ enum: ['numerical', 'note'], enumName: 'ReportTrackerType', description: 'Numbers or notes' })
  type!: 'numerical' | 'note';

  @ApiProperty({ type: String, nullable: true, maxLength: TRACKER_LIMITS.unit, example: 'km' })
  unit!: string | null;

  @ApiProperty({ ...COUNT, description: 'Logs this month' })
  logCount!: number;

  @ApiProperty({ ...COUNT, description: 'Logs the month before' })
  previousLogCount!: number;

  @ApiProperty({ ...DECIMAL, nullable: true, description: 'Numerical trackers: the sum this month; else null' })
  total!: string | null;

  @ApiProperty({ ...DECIMAL, nullable: true, description: 'Numerical trackers: the sum the month before; else null' })
  previousTotal!: string | null;

  @ApiProperty({
    type: 'array',
    nullable: true,
    items: { type: 'string', ...DECIMAL_SCHEMA, nullable: true },
    minItems: 28,
    maxItems: 31,
    description: 'Numerical trackers: the sum per local day (index 0 = the 1st), null on days without a log; else null',
  })
  dailyTotals!: (string | null)[] | null;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 31,
    description: 'Longest run of consecutive days with a log',
  })
  longestStreak!: number;
}

export class ReportNoteDto implements ReportNote {
  @ApiProperty({ maxLength: TRACKER_LIMITS.name })
  trackerName!: string;

  @ApiProperty({ format: 'date-time' })
  loggedAt!: string;

  @ApiProperty({ maxLength: LOG_TEXT_RULES.description.max, description: 'What you wrote (plain text)' })
  text!: string;

  @ApiProperty({ ...NULLABLE_EMOTION, description: 'How you felt, if you said' })
  emotion!: Emotion | null;
}

/** One monthly report: the month against the month before (libs/reports/src/report-document.ts). */
@ApiExtraModels(ReportSummaryDto)
export class ReportDocumentDto implements ReportDocument {
  @ApiProperty({ ...MONTH, description: 'The month (YYYY-MM), in your time zone' })
  month!: string;

  @ApiProperty({ ...MONTH, example: '2026-10', description: 'The month every comparison is against' })
  previousMonth!: string;

  @ApiProperty({ type: ReportUserDto })
  user!: ReportUserDto;

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 28, maximum: 31, description: 'Days in the month' })
  days!: number;

  @ApiProperty({ type: ReportSummaryDto })
  summary!: ReportSummaryDto;

  @ApiProperty(
    objectOrNull(ReportSummaryDto, 'The same figures for the month before; null when you had no account then'),
  )
  previous!: ReportSummaryDto | null;

  @ApiProperty({
    type: 'array',
    items: { ...COUNT },
    minItems: 28,
    maxItems: 31,
    description: 'Logs per local day, index 0 = the 1st',
  })
  logsPerDay!: number[];

  @ApiProperty({
    type: [EmotionCountDto],
    maxItems: Object.values(Emotion).length,
    description: 'Every emotion with its count (zeros too), most frequent first',
  })
  emotions!: EmotionCountDto[];

  @ApiProperty({
    type: [ReportTrackerDto],
    maxItems: REPORT_TRACKERS_MAX,
    description: 'Trackers with logs this month or the month before, most logs first',
  })
  trackers!: ReportTrackerDto[];

  @ApiProperty({ type: [ReportNoteDto], maxItems: 5, description: 'Recent notes of the month, newest first' })
  notes!: ReportNoteDto[];

  @ApiProperty({ format: 'date-time', description: 'When these figures were computed' })
  computedAt!: string;
}

export class SendReportDto {
  @ApiPropertyOptional({
    enum: FORMATS,
    enumName: 'ReportMailFormat',
    description: 'A PDF attachment or the report as the mail; default your report format (pdf when it is off)',
  })
  @IsOptional()
  @IsIn(FORMATS, { message: 'format must be one of: pdf, html' })
  format?: 'pdf' | 'html';
}

/** A background job you started (a report's PDF, a report mail). */
export class JobDto {
  @ApiProperty({ maxLength: 80, pattern: '^[a-z0-9-]+$', example: 'report-pdf-42-2026-11-0f3c9a' })
  id!: string;

  @ApiProperty({ enum: ['report-pdf', 'report-mail'], enumName: 'JobKind', description: 'What the job does' })
  kind!: 'report-pdf' | 'report-mail';

  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'], enumName: 'JobState', description: 'Where it is' })
  state!: 'queued' | 'running' | 'done' | 'failed';

  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 100 })
  progress!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 200,
    example: '/api/v1/reports/2026-11/pdf',
    description: 'Where the result is once done (the PDF); null otherwise',
  })
  resultUrl!: string | null;

  @ApiProperty({ type: String, nullable: true, maxLength: 500, description: 'Why it failed; null unless failed' })
  error!: string | null;
}
