import { chromium } from 'playwright-core';
import { loadConfig } from '@tally/platform';
import { PdfRenderer, ReportRenderer } from '@tally/reports';
import { chromiumMemoryMb } from '../test/support/chromium-processes';
import { reportFixture } from '../test/support/report-fixture';

export interface P5Result {
  id: 'P5';
  reports: number;
  concurrency: number;
  /** PDFs per second with the renderer's warm browser (the first `reports` of the run). */
  warmRate: number;
  warmMsPerPdf: number;
  /** The same PDFs, launching Chromium for each (the baseline, same run). */
  coldReports: number;
  coldRate: number;
  ratio: number;
  /** The end-to-end path (charts + template + PDF, ReportRenderer.pdf) at the same concurrency. */
  endToEndRate: number;
  longRun: number;
  recycleAfter: number;
  rssAfter100Mb: number;
  rssAfterLongRunMb: number;
  rssGrowthPct: number;
  chromiumAfter100Mb: number;
  chromiumAfterLongRunMb: number;
  launches: number;
  recycles: number;
}

const REPORTS = Number(process.env.BENCH_P5_REPORTS ?? 200);
const COLD_REPORTS = Number(process.env.BENCH_P5_COLD_REPORTS ?? REPORTS);
const LONG_RUN = Number(process.env.BENCH_P5_LONG_RUN ?? 1000);
const CONCURRENCY = 2;

/** Runs `count` jobs, `concurrency` at a time; returns the seconds it took. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

function settledRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round((process.memoryUsage.rss() / 1_048_576) * 10) / 10;
}

/**
 * P5: monthly-report PDFs at concurrency 2 with the renderer's warm browser, against launching
 * Chromium for each report (same HTML, same context options, same run). Then the warm renderer goes
 * on to BENCH_P5_LONG_RUN PDFs and its process RSS after them is compared with after the first 100.
 */
export async function benchPdf(): Promise<P5Result> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PDF_CONCURRENCY: String(CONCURRENCY) });
  const pdfRenderer = new PdfRenderer(config);
  const renderer = new ReportRenderer(pdfRenderer);
  const doc = reportFixture();
  const html = await renderer.printableHtml(doc);
  const log = (line: string) => process.stderr.write(`P5 ${line}\n`);
  try {
    await pdfRenderer.print(html); // launch once, outside the measure: "warm"
    let printed = 1;
    let rssAfter100 = 0;
    let chromiumAfter100 = 0;
    const warmSeconds = await pool(REPORTS, CONCURRENCY, async () => {
      await pdfRenderer.print(html);
      if (++printed === 100) {
        rssAfter100 = settledRss();
        chromiumAfter100 = chromiumMemoryMb(pdfRenderer.tag);
      }
    });
    if (!rssAfter100) {
      // A short run (BENCH_P5_REPORTS < 100): the first figure is taken here instead.
      rssAfter100 = settledRss();
      chromiumAfter100 = chromiumMemoryMb(pdfRenderer.tag);
    }
    log(`warm browser: ${REPORTS} PDFs in ${warmSeconds.toFixed(1)} s (${(REPORTS / warmSeconds).toFixed(2)}/s)`);

    const asRoot = process.getuid?.() === 0;
    const coldSeconds = await pool(COLD_REPORTS, CONCURRENCY, async () => {
      const browser = await chromium.launch({
        executablePath: config.pdf.chromiumPath,
        chromiumSandbox: !asRoot,
        args: ['--disable-crash-reporter', '--disable-breakpad'],
      });
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', offline: true });
        await context.route('**/*', (route) => route.abort('blockedbyclient'));
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate('document.fonts.ready.then(() => document.fonts.size)');
        await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        await browser.close();
      }
    });
    log(
      `launch per report: ${COLD_REPORTS} PDFs in ${coldSeconds.toFixed(1)} s (${(COLD_REPORTS / coldSeconds).toFixed(2)}/s)`,
    );

    const endToEndCount = Math.min(50, REPORTS);
    const endToEndSeconds = await pool(endToEndCount, CONCURRENCY, async () => {
      await renderer.pdf(doc);
      printed++;
    });
    log(`end to end (charts + template + PDF): ${(endToEndCount / endToEndSeconds).toFixed(2)}/s`);

    const remaining = Math.max(0, LONG_RUN - printed);
    const longSeconds = await pool(remaining, CONCURRENCY, async () => {
      await pdfRenderer.print(html);
      printed++;
      if (printed % 100 === 0)
        log(`${printed} PDFs, RSS ${settledRss()} MB, Chromium ${chromiumMemoryMb(pdfRenderer.tag)} MB`);
    });
    const rssAfterLong = settledRss();
    const chromiumAfterLong = chromiumMemoryMb(pdfRenderer.tag);
    const stats = pdfRenderer.stats();
    log(
      `long run: ${printed} PDFs (last ${remaining} in ${longSeconds.toFixed(0)} s); RSS ${rssAfter100} → ${rssAfterLong} MB`,
    );
    const warmRate = REPORTS / warmSeconds;
    const coldRate = COLD_REPORTS / coldSeconds;
    return {
      id: 'P5',
      reports: REPORTS,
      concurrency: CONCURRENCY,
      warmRate: Math.round(warmRate * 100) / 100,
      warmMsPerPdf: Math.round((warmSeconds * 1000) / REPORTS),
      coldReports: COLD_REPORTS,
      coldRate: Math.round(coldRate * 100) / 100,
      ratio: Math.round((warmRate / coldRate) * 10) / 10,
      endToEndRate: Math.round((endToEndCount / endToEndSeconds) * 100) / 100,
      longRun: printed,
      recycleAfter: config.pdf.recycleAfter,
      rssAfter100Mb: rssAfter100,
      rssAfterLongRunMb: rssAfterLong,
      rssGrowthPct: Math.round(((rssAfterLong - rssAfter100) / rssAfter100) * 1000) / 10,
      chromiumAfter100Mb: chromiumAfter100,
      chromiumAfterLongRunMb: chromiumAfterLong,
      launches: stats.launches,
      recycles: stats.recycles,
    };
  } finally {
    await pdfRenderer.onModuleDestroy();
  }
}
