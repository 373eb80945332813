import { Controller, Get, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@tally/auth';
import { CSV_COLUMNS, DataExportService, DataImportService } from '@tally/logs';
import { AppConfig, BadRequestError, DomainError, InjectConfig, PayloadTooLargeError } from '@tally/platform';
import type {} from '@fastify/multipart'; // request.file() and isMultipart()
import type { FastifyRequest } from 'fastify';
import { Endpoint } from '../http/endpoint.decorator';
import { ExportQueryDto, ImportQueryDto, ImportResultDto, toImportResultDto } from './data.dto';
import { ExportDocumentDto } from './export-document.dto';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

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
    errors: { 400: 'Unknown format' },
  })
  @ApiProduces(CONTENT_TYPES.csv, CONTENT_TYPES.json)
  exportData(@CurrentUser() user: AuthUser, @Query() query: ExportQueryDto): StreamableFile {
    const format = query.format ?? 'csv';
    const day = new Date().toISOString().slice(0, 10);
    return new StreamableFile(this.exporter.stream(user.id, format), {
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
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  async importData(
    @CurrentUser() user: AuthUser,
    @Query() query: ImportQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<ImportResultDto> {
    const content = await this.readUpload(request);
    const result = await this.importer.import(user.id, content, {
      dryRun: query.dryRun ?? false,
      format: query.format,
    });
    return toImportResultDto(result);
  }

  private async readUpload(request: FastifyRequest): Promise<{ content: Buffer; filename: string }> {
    const howTo = 'send the file as multipart/form-data in a field named "file"';
    if (!request.isMultipart()) throw new BadRequestError(`Not a file upload: ${howTo}`);
    try {
      const part = await request.file();
      if (!part || part.type !== 'file' || part.fieldname !== 'file') throw new BadRequestError(`No file: ${howTo}`);
      return { content: await part.toBuffer(), filename: part.filename };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      const code = (error as { code?: string }).code ?? '';
      if (code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new PayloadTooLargeError(
          `The file is larger than the ${this.importLimitMb} MB import limit: split it into smaller files`,
        );
      }
      if (['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT'].includes(code))
        throw new PayloadTooLargeError(`The upload has too many parts: ${howTo}, and nothing else`);
      // Everything else here is the upload itself being broken: a body cut short before the closing
      // boundary, a malformed part header, a "__proto__" field. Busboy throws plain Errors for those,
      // which would otherwise be a 500.
      throw new BadRequestError(`The upload is not well-formed multipart/form-data: ${howTo}`);
    }
  }
}
