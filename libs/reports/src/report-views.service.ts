import { Injectable } from '@nestjs/common';
import { PAGE_LIMITS } from '@tally/contracts';
import { Json, NotFoundError, Page, UserCache } from '@tally/platform';
import { ReportAssembler } from './report-assembler.service';
import type { ReportDocument } from './report-document';
import { checkReportMonth, ReportMonth } from './report-month';
import { ReportRenderer } from './rendering';

/** Who is asking: reports are read in the user's own time zone. */
export interface ReportReader {
  id: number;
  timezone: string;
}

export class ReportNotFoundError extends NotFoundError {
  constructor(month: string) {
    super(`You have no logs in ${month}, so there is no report for it`);
  }
}

const NO_REPORT = 'null';

/**
 * The reads of the report API, cached per user like every other read (UserCache: the key holds the
 * user's cache version, which every log write bumps, so a new log shows in the next read). A month
 * without data is cached too (as `null`), so asking again costs no SQL until something changes.
 */
@Injectable()
export class ReportViews {
  constructor(
    private readonly assembler: ReportAssembler,
    private readonly cache: UserCache,
    private readonly renderer: ReportRenderer,
  ) {}

  /** Months with logs, newest first, as the JSON the API sends. */
  listJson(user: ReportReader, page: { limit?: number; cursor?: string }): Promise<Json<Page<ReportMonth>>> {
    const limit = page.limit ?? PAGE_LIMITS.default;
    // The zone is in the key: a change of zone moves every month's boundaries.
    return this.cache.getOrLoadJson(user.id, ['report-months', user.timezone, limit, page.cursor ?? ''], () =>
      this.assembler.months(user.id, { limit, ...(page.cursor === undefined ? {} : { cursor: page.cursor }) }),
    );
  }

  /** The month's report as JSON bytes; 400 for a malformed or future month, 404 for a month without data. */
  async documentJson(user: ReportReader, month: string): Promise<Json<ReportDocument>> {
    checkReportMonth(month, user.timezone);
    const json = await this.cache.getOrLoadJson(user.id, ['report', user.timezone, month], () =>
      this.assembler.document(user.id, month),
    );
    if (json.length === NO_REPORT.length && json.toString() === NO_REPORT) throw new ReportNotFoundError(month);
    return json as Json<ReportDocument>;
  }

  async document(user: ReportReader, month: string): Promise<ReportDocument> {
    return JSON.parse((await this.documentJson(user, month)).toString()) as ReportDocument;
  }

  /** The in-app page (a whole HTML document, charts as inline SVG, no script), cached as the report is. */
  async page(user: ReportReader, month: string): Promise<string> {
    const doc = await this.document(user, month);
    return this.cache.getOrLoad(user.id, ['report-page', user.timezone, month], () => this.renderer.page(doc));
  }
}
