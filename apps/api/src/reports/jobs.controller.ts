import { Controller, Get, Param } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@tally/auth';
import { NotFoundError } from '@tally/platform';
import { ReportPdfs, ReportSender } from '@tally/reports';
import { Endpoint } from '../http/endpoint.decorator';
import { JobDto } from './report.dto';
import { toJobDto } from './reports.controller';

class JobNotFoundError extends NotFoundError {
  constructor() {
    super('No job with this id among yours (finished jobs are kept for a while, then forgotten)');
  }
}

@ApiTags('reports')
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly pdfs: ReportPdfs,
    private readonly sender: ReportSender,
  ) {}

  @Get(':id')
  @ApiParam({
    name: 'id',
    description: 'The id of a job you started (from a 202 answer)',
    schema: { type: 'string', maxLength: 80, pattern: '^[a-z0-9-]+$' },
  })
  @Endpoint({
    summary: 'A job you started: its state, progress and, once done, where its result is',
    auth: 'bearer',
    ok: JobDto,
    errors: { 404: 'No job with this id among yours' },
  })
  async get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<JobDto> {
    // Anything that is not one of the caller's own job ids is a 404, whoever's it is.
    const view =
      id.length > 80
        ? null
        : id.startsWith('report-pdf-')
          ? await this.pdfs.pdfJob(user.id, id)
          : id.startsWith('report-mail-')
            ? await this.sender.mailJob(user.id, id)
            : null;
    if (!view) throw new JobNotFoundError();
    return toJobDto(view);
  }
}
