import { Injectable } from '@nestjs/common';
import type { ReportDocument } from '../report-document';
import { svgToPng } from './chart-raster';
import { html, trusted } from './html';
import { PdfRenderer } from './pdf-renderer';
import { ReportChart, reportCharts } from './report-charts';
import { ReportLinks, renderReportHtml } from './report-template';
import { renderReportText } from './report-text';

export interface ReportEmailImage {
  cid: string;
  filename: string;
  content: Buffer;
  contentType: 'image/png';
}

export interface ReportEmail {
  html: string;
  text: string;
  images: ReportEmailImage[];
}

/** Inline SVG: ECharts' own markup, labelled for screen readers. */
function inlineSvg(chart: ReportChart) {
  return html`<div role="img" aria-label="${chart.alt}">${trusted(chart.svg)}</div>`;
}

const cidOf = (chart: ReportChart) => `${chart.id}@report.tally`;

/**
 * Turns a ReportDocument into what users see: the in-app page, the HTML email and the PDF — one
 * template (report-template.ts), charts drawn on the server by ECharts. No network, no script.
 */
@Injectable()
export class ReportRenderer {
  constructor(private readonly pdfRenderer: PdfRenderer) {}

  /** In-app page: a whole HTML document, charts as inline SVG, no script at all. */
  async page(doc: ReportDocument): Promise<string> {
    return renderReportHtml({ doc, variant: 'page', charts: reportCharts(doc), embed: inlineSvg });
  }

  /** HTML email: the same template, charts as PNG images referenced by cid, and a plain-text version. */
  async email(doc: ReportDocument, links: ReportLinks): Promise<ReportEmail> {
    const charts = reportCharts(doc);
    const images = await Promise.all(
      charts.map(async (chart): Promise<ReportEmailImage> => ({
        cid: cidOf(chart),
        filename: `${chart.id}.png`,
        content: await svgToPng(chart.svg),
        contentType: 'image/png',
      })),
    );
    const body = renderReportHtml({
      doc,
      variant: 'email',
      charts,
      links,
      embed: (chart) =>
        html`<img
          src="cid:${cidOf(chart)}"
          width="${chart.width}"
          height="${chart.height}"
          alt="${chart.alt}"
          style="display:block;width:100%;max-width:${chart.width}px;height:auto;border:0"
        />`,
    });
    return { html: body, text: renderReportText(doc, links), images };
  }

  /** A4 PDF of the same template, printed by Chromium. */
  async pdf(doc: ReportDocument, onProgress?: (percent: number) => void): Promise<Buffer> {
    const markup = await this.printableHtml(doc);
    onProgress?.(2);
    return this.pdfRenderer.print(markup, { onProgress });
  }

  /** The HTML the PDF is printed from (the `pdf` variant of the template). */
  async printableHtml(doc: ReportDocument): Promise<string> {
    return renderReportHtml({ doc, variant: 'pdf', charts: reportCharts(doc), embed: inlineSvg });
  }
}
