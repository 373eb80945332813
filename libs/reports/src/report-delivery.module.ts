import { Module } from '@nestjs/common';
import { NotificationsModule } from '@tally/notifications';
import { ReportRenderingModule } from './rendering';
import { ReportPdfs } from './report-pdfs.service';
import { ReportSender } from './report-sender.service';
import { ReportViews } from './report-views.service';
import { ReportsModule } from './reports.module';

/**
 * Reports on request (the api's /reports and /jobs, the worker's PDF jobs): cached reads, PDFs
 * rendered by the worker and stored in Redis, and "send now" through the mail outbox.
 */
@Module({
  imports: [ReportsModule, ReportRenderingModule, NotificationsModule],
  providers: [ReportViews, ReportPdfs, ReportSender],
  exports: [ReportViews, ReportPdfs, ReportSender, ReportRenderingModule],
})
export class ReportDeliveryModule {}
