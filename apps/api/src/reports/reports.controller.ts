import { Body, Controller, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import { ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '@tally/auth';
import type { Json } from '@tally/platform';
import { ReportJobView, ReportPdfs, ReportSender, ReportViews } from '@tally/reports';
import type { FastifyReply } from 'fastify';
import { Endpoint } from '../http/endpoint.decorator';
import { JSON_CONTENT_TYPE } from '../http/json-response';
import { PageQueryDto } from '../http/page.dto';
import { JobDto, MONTH_PATTERN, ReportDocumentDto, ReportMonthListDto, SendReportDto } from './report.dto';

const MONTH_ERRORS = {
  400: 'The month is malformed (not YYYY-MM) or in the future',
  404: 'You have no logs in that month',
};

/** What the in-app page may do in its sandboxed iframe: show inline styles and data: images, nothing else. */
export const REPORT_PAGE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const ApiMonthParam = () =>
  ApiParam({
    name: 'month',
    description: 'The month (YYYY-MM) in your time zone, up to the current one',
    schema: { type: 'string', pattern: MONTH_PATTERN, example: '2026-11' },
  });

export const jobUrl = (id: string) => `/api/v1/jobs/${id}`;
export const pdfUrl = (month: string) => `/api/v1/reports/${month}/pdf`;

export function toJobDto(view: ReportJobView): JobDto {
  return {
    id: view.id,
    kind: view.kind,
    state: view.state,
    progress: view.progress,
    resultUrl: view.kind === 'report-pdf' && view.state === 'done' ? pdfUrl(view.month) : null,
    error: view.error,
  };
}

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly views: ReportViews,
    private readonly pdfs: ReportPdfs,
    private readonly sender: ReportSender,
  ) {}

  @Get()
  @Endpoint({
    summary: 'Your monthly reports: the months you have logs in, newest first, each with its figures',
    description: 'Months are counted in your time zone, up to the current one (which is not complete yet).',
    auth: 'bearer',
    ok: ReportMonthListDto,
    errors: { 400: 'Invalid limit or cursor' },
  })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  async list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Json<ReportMonthListDto>> {
    return (await this.views.listJson(user, query)) as Json<ReportMonthListDto>;
  }

  @Get(':month')
  @ApiMonthParam()
  @Endpoint({
    summary: 'The report of one month, with the month before to compare',
    auth: 'bearer',
    ok: ReportDocumentDto,
    errors: MONTH_ERRORS,
  })
  @Header('Content-Type', JSON_CONTENT_TYPE)
  async get(@CurrentUser() user: AuthUser, @Param('month') month: string): Promise<Json<ReportDocumentDto>> {
    return (await this.views.documentJson(user, month)) as Json<ReportDocumentDto>;
  }

  @Get(':month/html')
  @ApiMonthParam()
  @Endpoint({
    summary: 'The report of one month as a web page (for a sandboxed iframe)',
    description:
      'A whole HTML document, charts as inline SVG, no script, sent with ' +
      `\`Content-Security-Policy: ${REPORT_PAGE_CSP}\`. The web client shows it in \`<iframe sandbox srcdoc>\`.`,
    auth: 'bearer',
    ok: {
      description: 'The page',
      content: { 'text/html': { schema: { type: 'string', maxLength: 10 * 1024 * 1024 } } },
    },
    errors: MONTH_ERRORS,
  })
  async html(
    @CurrentUser() user: AuthUser,
    @Param('month') month: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const page = await this.views.page(user, month);
    void reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', REPORT_PAGE_CSP);
    return page;
  }

  @Get(':month/pdf')
  @ApiMonthParam()
  @ApiResponse({
    status: 202,
    type: JobDto,
    description: 'No PDF of these figures yet: the job rendering it; poll it, then ask again',
    headers: { Location: { description: 'The job: /api/v1/jobs/{id}', schema: { type: 'string', maxLength: 200 } } },
  })
  @Endpoint({
    summary: 'The report of one month as a PDF, or the job rendering it',
    description:
      'When a PDF of the current figures is stored: 200 with it. Otherwise 202 with the job that renders it ' +
      '(Location: /api/v1/jobs/{id}); poll the job, then ask again. Asking again while it renders joins the same job.',
    auth: 'bearer',
    ok: {
      description: 'The PDF (Content-Disposition: attachment)',
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary', maxLength: 50 * 1024 * 1024 } } },
      headers: {
        'Content-Disposition': {
          schema: { type: 'string', maxLength: 64, example: 'attachment; filename="tally-report-2026-11.pdf"' },
        },
      },
    },
    errors: MONTH_ERRORS,
  })
  async pdf(
    @CurrentUser() user: AuthUser,
    @Param('month') month: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | JobDto> {
    const result = await this.pdfs.pdfOrJob(user.id, await this.views.document(user, month));
    if ('pdf' in result) {
      void reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="tally-report-${month}.pdf"`);
      return result.pdf;
    }
    void reply.status(202).header('location', jobUrl(result.job.id));
    return toJobDto(result.job);
  }

  @Post(':month/send')
  @ApiMonthParam()
  @Endpoint({
    summary: 'Email the report of one month now',
    description:
      'To your confirmed address, as a PDF attachment or as the mail itself (default: your report format, pdf when ' +
      'it is off). At most one per month a minute and none while the last one is still on its way, and ' +
      '10 an hour in all; 429 with Retry-After beyond that.',
    auth: 'bearer',
    accepted: {
      type: JobDto,
      description: 'The mail is queued: the job to follow it',
      headers: { Location: { description: 'The job: /api/v1/jobs/{id}', schema: { type: 'string', maxLength: 200 } } },
    },
    errors: {
      ...MONTH_ERRORS,
      400: 'The month is malformed or in the future, or the format is not pdf or html',
      409: 'Your email address is not confirmed yet',
      429: 'This month was sent less than a minute ago or is still on its way, or too many sends this hour',
    },
  })
  async send(
    @CurrentUser() user: AuthUser,
    @Param('month') month: string,
    @Body() body: SendReportDto = {},
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobDto> {
    const job = await this.sender.sendNow(user, month, body?.format);
    void reply.header('location', jobUrl(job.id));
    return toJobDto(job);
  }
}
