import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ImportResult, TransferFormat } from '@tally/logs';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { COUNT } from '../http/integers';

const FORMATS: TransferFormat[] = ['csv', 'json'];
const FORMAT_MESSAGE = 'format must be csv or json';

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(FORMATS, { message: FORMAT_MESSAGE })
  format?: TransferFormat;
}

export class ImportQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Check the file and report, write nothing' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;

  @ApiPropertyOptional({ enum: FORMATS, description: 'Default: from the file name (.csv/.json), else the content' })
  @IsOptional()
  @IsIn(FORMATS, { message: FORMAT_MESSAGE })
  format?: TransferFormat;
}

export class ImportResultDto implements ImportResult {
  @ApiProperty({ description: 'True when nothing was written' })
  dryRun!: boolean;

  @ApiProperty({ enum: FORMATS })
  format!: TransferFormat;

  @ApiProperty(COUNT)
  trackersCreated!: number;

  @ApiProperty({
    ...COUNT,
    description: 'Trackers you already had (same name and type): the logs were added to them',
  })
  trackersMatched!: number;

  @ApiProperty(COUNT)
  logsImported!: number;
}

export const toImportResultDto = (result: ImportResult): ImportResultDto => ({
  dryRun: result.dryRun,
  format: result.format,
  trackersCreated: result.trackersCreated,
  trackersMatched: result.trackersMatched,
  logsImported: result.logsImported,
});
