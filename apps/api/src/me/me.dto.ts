import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NotificationSetting, NotificationSettings, ReminderFrequency } from '@tally/notifications';
import { ReportFormat, ReportSetting } from '@tally/reports';
import { IsBoolean, IsEnum, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import {
  DOCUMENTED,
  IsCurrentPassword,
  IsOmittable,
  IsTimeZone,
  IsTwoFactorCode,
  IsUsername,
} from '../http/validators';

export class UpdateProfileDto {
  @ApiPropertyOptional({ example: 'ada', ...DOCUMENTED.username })
  @IsOmittable()
  @IsUsername()
  username?: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'IANA time zone name', ...DOCUMENTED.timeZone })
  @IsOmittable()
  @IsTimeZone()
  timezone?: string;
}

export class DeleteAccountDto {
  @ApiProperty({ description: 'The account password, to confirm', ...DOCUMENTED.currentPassword })
  @IsCurrentPassword()
  password!: string;

  @ApiPropertyOptional({
    example: '123456',
    description: 'Required when two-factor authentication is on',
    ...DOCUMENTED.twoFactorCode,
  })
  @IsOptional()
  @IsTwoFactorCode()
  code?: string;
}

/** When to remind the user to log (stored here; the worker acts on it). */
export class NotificationSettingsDto implements NotificationSettings {
  @ApiProperty({ enum: ReminderFrequency, enumName: 'ReminderFrequency', example: ReminderFrequency.Daily })
  @IsEnum(ReminderFrequency, { message: 'frequency must be one of daily, weekly, off' })
  frequency!: ReminderFrequency;

  @ApiProperty({
    example: '20:00',
    pattern: '^([01]\\d|2[0-3]):[0-5]\\d$',
    minLength: 5,
    maxLength: 5,
    description: 'HH:mm in the user time zone',
  })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:mm (24-hour clock), like 20:00' })
  time!: string;

  @ApiProperty({
    type: 'integer',
    format: 'int32',
    example: 0,
    minimum: 0,
    maximum: 6,
    description: '0 = Sunday … 6 = Saturday; used by weekly reminders',
  })
  @IsInt({ message: 'weekday must be a whole number from 0 (Sunday) to 6 (Saturday)' })
  @Min(0, { message: 'weekday must be a whole number from 0 (Sunday) to 6 (Saturday)' })
  @Max(6, { message: 'weekday must be a whole number from 0 (Sunday) to 6 (Saturday)' })
  weekday!: number;

  @ApiPropertyOptional({
    example: true,
    default: true,
    description: 'Whether the reminders set on logs are emailed; left out, it stays as it is',
  })
  @IsOmittable()
  @IsBoolean({ message: 'eventReminders must be true or false' })
  eventReminders?: boolean;
}

export class ReportSettingsDto {
  @ApiProperty({ enum: ReportFormat, enumName: 'ReportFormat', example: ReportFormat.Pdf })
  @IsEnum(ReportFormat, { message: 'format must be one of pdf, html, off' })
  format!: ReportFormat;
}

export const mapNotificationSettings = (row: NotificationSetting): NotificationSettingsDto => ({
  frequency: row.frequency,
  time: row.time,
  weekday: row.weekday,
  eventReminders: row.eventReminders,
});

export const mapReportSettings = (row: ReportSetting): ReportSettingsDto => ({ format: row.format });
