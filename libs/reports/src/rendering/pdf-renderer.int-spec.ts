import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule, Metrics, MetricsModule } from '@tally/platform';
import {
  chromiumProcesses,
  chromiumMemoryMb,
  pgrepBrowsers,
  processRssMb,
} from '../../../../test/support/chromium-processes';
import { testConfig } from '../../../../test/support/test-config';
import { reportFixture } from '../../../../test/support/report-fixture';
import { PdfRenderer } from './pdf-renderer';
import { ReportRenderer } from './report-renderer';
import { ReportRenderingModule } from './report-rendering.module';

/** TALLY_R8_PDFS PDFs (default 40, about a minute here; quality.md asks 1,000: docs/benchmarks.md). */
const R8_PDFS = Number(process.env.TALLY_R8_PDFS ?? 40);
const R8_RECYCLE_AFTER = Math.max(10, Math.round(R8_PDFS / 4));

async function renderingModule(overrides: Record<string, string>): Promise<TestingModule> {
  return Test.createTestingModule({
    imports: [ConfigModule.forRoot(testConfig(overrides)), MetricsModule, ReportRenderingModule],
  }).compile();
}

/** tally_chromium_launches_total by reason, as the worker's /metrics shows it. */
async function launchesByReason(moduleRef: TestingModule): Promise<Record<string, number>> {
  const { values } = await moduleRef.get(Metrics).chromiumLaunches.get();
  return Object.fromEntries(values.map((v) => [String(v.labels.reason), v.value]));
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function eventually(check: () => boolean, ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await sleep(100);
  }
  return check();
}

/** quality.md R8: many PDFs, a bounded browser, no Chromium left behind; and a browser that dies is replaced. */
describe('PdfRenderer (real Chromium)', () => {
  it(
    `R8: ${R8_PDFS} PDFs at concurrency 4 — browser recycled, memory bounded, 0 orphaned Chromium processes`,
    async () => {
      const moduleRef = await renderingModule({
        PDF_CONCURRENCY: '4',
        PDF_RECYCLE_AFTER: String(R8_RECYCLE_AFTER),
        PDF_TIMEOUT_MS: '60000',
      });
      const renderer = moduleRef.get(ReportRenderer);
      const pdf = moduleRef.get(PdfRenderer);
      const tag = pdf.tag;
      const samples: { done: number; nodeMb: number; chromiumMb: number; processes: number }[] = [];
      let done = 0;
      let maxActive = 0;
      const sampler = setInterval(() => {
        const processes = chromiumProcesses(tag);
        samples.push({ done, nodeMb: processRssMb(), chromiumMb: chromiumMemoryMb(tag), processes: processes.length });
        maxActive = Math.max(maxActive, pdf.stats().active);
      }, 500);
      const started = Date.now();
      try {
        // Twice as many callers as the renderer's concurrency: its queue is never empty, so it keeps 4 in flight.
        const doc = reportFixture();
        let next = 0;
        let small = 0;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next < R8_PDFS) {
              next++;
              const buffer = await renderer.pdf(doc);
              if (buffer.length < 10_000) small++;
              done++;
              if (done % 50 === 0 && R8_PDFS >= 200) {
                const st = pdf.stats();
                process.stdout.write(
                  `R8 progress: ${done} PDFs in ${Math.round((Date.now() - started) / 1000)} s, launches ${st.launches}, ` +
                    `test process RSS ${processRssMb()} MB, Chromium ${chromiumMemoryMb(tag)} MB PSS in ${chromiumProcesses(tag).length} processes\n`,
                );
              }
            }
          }),
        );
        expect(small).toBe(0);
      } finally {
        clearInterval(sampler);
      }
      const seconds = (Date.now() - started) / 1000;
      const stats = pdf.stats();
      const during = chromiumProcesses(tag).length;
      await moduleRef.close();
      const leftover = await eventually(() => chromiumProcesses(tag).length === 0 && pgrepBrowsers(tag).length === 0);

      const chromiumPeak = Math.max(...samples.map((s) => s.chromiumMb));
      const processPeak = Math.max(...samples.map((s) => s.processes));
      const early = samples.filter((s) => s.done >= R8_PDFS / 4 && s.done < R8_PDFS / 2);
      const late = samples.filter((s) => s.done >= (R8_PDFS * 3) / 4);
      const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
      const nodeEarly = avg(early.map((s) => s.nodeMb));
      const nodeLate = avg(late.map((s) => s.nodeMb));
      process.stdout.write(
        `R8: ${R8_PDFS} PDFs at concurrency 4 in ${seconds.toFixed(1)} s (${(R8_PDFS / seconds).toFixed(2)}/s); ` +
          `launches ${stats.launches}, recycled ${stats.recycles}× (every ${R8_RECYCLE_AFTER}), crashes ${stats.crashes}, failed ${stats.failed}; ` +
          `max in flight ${maxActive}; Chromium memory (PSS) peak ${chromiumPeak} MB over ≤ ${processPeak} processes; ` +
          `test process RSS ${nodeEarly} MB (2nd quarter) → ${nodeLate} MB (last quarter); ` +
          `Chromium processes at the end ${during}, after close ${chromiumProcesses(tag).length} (pgrep: ${pgrepBrowsers(tag).length})\n`,
      );
      expect(stats.printed).toBe(R8_PDFS);
      expect(stats.failed).toBe(0);
      expect(stats.recycles).toBeGreaterThanOrEqual(Math.floor((R8_PDFS - 1) / R8_RECYCLE_AFTER));
      expect(stats.launches).toBe(stats.recycles + 1);
      expect(maxActive).toBeLessThanOrEqual(4);
      // Memory bounded: a recycled browser never grows past what a few fresh ones hold.
      expect(chromiumPeak).toBeLessThan(2_000);
      expect(nodeLate).toBeLessThan(nodeEarly * 1.5 + 50);
      expect(leftover).toBe(true);
    },
    Math.max(600_000, R8_PDFS * 6_000),
  );

  it('counts Chromium launches by reason in the metrics: the first, then one per recycle', async () => {
    const moduleRef = await renderingModule({ PDF_CONCURRENCY: '1', PDF_RECYCLE_AFTER: '1' });
    const renderer = moduleRef.get(ReportRenderer);
    try {
      for (let i = 0; i < 3; i++) await renderer.pdf(reportFixture());
      expect(moduleRef.get(PdfRenderer).stats()).toMatchObject({ launches: 3, recycles: 2 });
      expect(await launchesByReason(moduleRef)).toEqual({ first: 1, recycle: 2, crash: 0 });
    } finally {
      await moduleRef.close();
    }
  }, 180_000);

  it('relaunches Chromium after it is killed mid-run, and the next PDFs succeed', async () => {
    const moduleRef = await renderingModule({ PDF_CONCURRENCY: '2', PDF_RECYCLE_AFTER: '0' });
    const renderer = moduleRef.get(ReportRenderer);
    const pdf = moduleRef.get(PdfRenderer);
    const doc = reportFixture();
    try {
      await renderer.pdf(doc); // the browser is up
      const [browserPid] = pgrepBrowsers(pdf.tag);
      expect(browserPid).toBeDefined();
      const before = chromiumProcesses(pdf.tag).length;

      // Kill it while PDFs are printing.
      const inFlight = Array.from({ length: 4 }, () =>
        renderer.pdf(doc).then(
          () => 'ok',
          (error: Error) => error.name,
        ),
      );
      await sleep(300);
      process.kill(browserPid!, 'SIGKILL');
      const outcomes = await Promise.all(inFlight);

      const started = Date.now();
      const next = await renderer.pdf(doc);
      const nextMs = Date.now() - started;
      expect(next.subarray(0, 5).toString()).toBe('%PDF-');
      const stats = pdf.stats();
      const newPid = pgrepBrowsers(pdf.tag);
      // The killed browser's children go with it.
      const orphans = await eventually(() => !chromiumProcesses(pdf.tag).some((p) => p.pid === browserPid));
      process.stdout.write(
        `relaunch: killed Chromium ${browserPid} (${before} processes) with 4 PDFs in flight → ${outcomes.join(', ')}; ` +
          `crashes ${stats.crashes}, retried ${stats.retried}, launches ${stats.launches}; next PDF in ${nextMs} ms on Chromium ${newPid.join(',')}\n`,
      );
      expect(stats.crashes).toBe(1);
      expect(stats.launches).toBe(2);
      expect(await launchesByReason(moduleRef)).toEqual({ first: 1, recycle: 0, crash: 1 });
      expect(newPid).not.toContain(browserPid);
      expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThanOrEqual(2);
      expect(orphans).toBe(true);
    } finally {
      await moduleRef.close();
    }
    expect(await eventually(() => chromiumProcesses(pdf.tag).length === 0)).toBe(true);
  }, 180_000);

  it('fails a PDF that takes longer than its time limit, and prints the next one', async () => {
    const moduleRef = await renderingModule({ PDF_TIMEOUT_MS: '120000' });
    const pdf = moduleRef.get(PdfRenderer);
    try {
      // A page whose fonts never settle is not possible with JS off; a huge page stands in for a stuck one.
      const huge = `<html><body>${'<table>'.repeat(2000)}${'<tr><td>x</td></tr>'.repeat(60_000)}</body></html>`;
      const started = Date.now();
      const error = await pdf.print(huge, { timeoutMs: 500 }).catch((e: Error) => e);
      const ms = Date.now() - started;
      const ok = await pdf.print('<p>after</p>');
      process.stdout.write(
        `timeout: ${error instanceof Error ? error.name : 'no error'} after ${ms} ms; next PDF ${ok.length} bytes\n`,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('PdfTimeoutError');
      expect(ok.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await moduleRef.close();
    }
  }, 180_000);
});
