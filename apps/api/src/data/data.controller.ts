import { Controller, Get, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@tally/auth';
import { CSV_COLUMNS, DataExportService, DataImportService } from '@tally/logs';
import { AppConfig, InjectConfig } from '@tally/platform';
import type { FastifyRequest } from 'fastify';
import { Endpoint } from '../http/endpoint.decorator';
import { ExportQueryDto, ImportQueryDto, ImportResultDto, toImportResultDto } from './data.dto';
import { ExportDocumentDto } from './export-document.dto';
import { openUpload } from './upload';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;
/** quality.md R11: one user's downloads at once are limited (EXPORT_MAX_CONCURRENT). */
const EXPORT_LIMITED =
  'You already run as many downloads of your data as one user may at once; Retry-After says when to try again';

@ApiTags('data')
@ApiExtraModels(ExportDocumentDto)
@Controller()
export class DataController {
  private readonly importLimitMb: number;

  constructor(
    private readonly exporter: DataExportService,
    private readonly importer: DataImportService,
    @InjectConfig() config: AppConfig,
  ) {
    this.importLimitMb = Math.round(config.data.importMaxBytes / 1024 / 1024);
  }

  @Get('export')
  @Endpoint({
    summary: 'Download all your trackers and logs (streamed)',
    description:
      `CSV: UTF-8 with a header row (${CSV_COLUMNS.join(', ')}), one row per log, a tracker without logs as one ` +
      'row with the log columns empty. Text cells that a spreadsheet would run as a formula start with an apostrophe. ' +
      'JSON: the document below. Both can be imported again unchanged.',
    auth: 'bearer',
    ok: {
      description: 'The file, as an attachment',
      content: {
        [CONTENT_TYPES.csv]: { schema: { type: 'string' } },
        [CONTENT_TYPES.json]: { schema: { $ref: getSchemaPath(ExportDocumentDto) } },
      },
    },
    errors: { 400: 'Unknown format', 429: EXPORT_LIMITED },
  })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.json)
  async exportData(@CurrentUser() user: AuthUser, @Query() query: ExportQueryDto): Promise<StreamableFile> {
    const format = query.format ?? 'csv';
    const day = new Date().toISOString().slice(0, 10);
    return new StreamableFile(await this.exporter.open(user.id, format), {
      type: CONTENT_TYPES[format],
      disposition: `attachment; filename="tally-export-${day}.${format}"`,
    });
  }

  @Post('import')
  @Endpoint({
    summary: 'Import trackers and logs from a CSV or JSON export',
    description:
      'All or nothing: every problem is reported with its line and field and nothing is written, or everything ' +
      'is. Trackers you already have (same name and type) receive the logs. `dryRun=true` only reports.',
    auth: 'bearer',
    ok: ImportResultDto,
    errors: {
      400: 'Not multipart, no file, or bad query parameters',
      413: 'The file is over the import size limit, or the upload has more parts than the file',
      422: 'The file has problems (details list each with its line and field); nothing was imported',
    },
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        // In bytes: IMPORT_MAX_MB (32 by default) is at most 1024.
        file: { type: 'string', format: 'binary', maxLength: 1024 * 1024 * 1024 },
      },
    },
  })
  async importData(
    @CurrentUser() user: AuthUser,
    @Query() query: ImportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<ImportResultDto> {
    const upload = await openUpload(request, this.importLimitMb);
    let result;
    try {
      result = await this.importer.import(
        user.id,
        { content: upload.chunks, filename: upload.filename },
        { dryRun: query.dryRun ?? false, format: query.format },
      );
    } finally {
      await upload.finish(); // a file over the limit is a 413, whatever the import made of its start
    }
    return toImportResultDto(result);
  }
}
