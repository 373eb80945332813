import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer';
import { ReportRenderer } from './report-renderer';

/**
 * Rendering of monthly reports. Importing it costs nothing: Chromium starts on the first PDF only,
 * so the api (which renders pages) never runs a browser. Needs the global ConfigModule.
 */
@Module({
  providers: [PdfRenderer, ReportRenderer],
  exports: [PdfRenderer, ReportRenderer],
})
export class ReportRenderingModule {}
