import { Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AppConfig, ChromiumLaunchReason, InjectConfig, Metrics } from '@tally/platform';

export class PdfRenderError extends Error {
  override readonly name: string = 'PdfRenderError';
}

export class PdfTimeoutError extends PdfRenderError {
  override readonly name = 'PdfTimeoutError';
}

/** What the renderer has done since it started: printed by the tests and the benchmark. */
export interface PdfRendererStats {
  launches: number;
  /** Browsers retired after PDF_RECYCLE_AFTER jobs. */
  recycles: number;
  /** Browsers that disconnected without being asked to (crash, kill). */
  crashes: number;
  printed: number;
  failed: number;
  /** Jobs tried again on a fresh browser because theirs died under them. */
  retried: number;
  /** Requests the pages tried to make, every one aborted (nothing but data: URLs is loaded). */
  blockedRequests: number;
  active: number;
  queued: number;
}

interface FreshPage {
  context: BrowserContext;
  page: Page;
}

interface BrowserSlot {
  id: number;
  browser: Promise<Browser>;
  /** Jobs started on this browser. */
  jobs: number;
  /** Jobs running on it now. */
  active: number;
  retired: boolean;
  closing: Promise<void> | null;
  /** Fresh pages made ahead of time (each used once), so a job does not wait for a context and a renderer process. */
  spares: Promise<FreshPage>[];
  /** Set when Chromium went away: the jobs on it fail at once (and are retried) instead of hanging. */
  gone: Promise<never>;
  markGone: (error: Error) => void;
}

export interface PdfOptions {
  onProgress?: (percent: number) => void;
  /** This PDF's time limit, instead of PDF_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** A counting semaphore: at most `limit` holders, the rest wait in order. */
class Limiter {
  private holders = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  get active(): number {
    return this.holders;
  }
  get queued(): number {
    return this.waiting.length;
  }
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.holders >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.holders++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.holders--;
    }
  }
}

/**
 * Prints HTML to A4 PDF in Chromium (playwright-core, Debian's chromium at CHROMIUM_PATH).
 *
 * One browser per process, launched on the first PDF (a process that never prints never starts
 * Chromium), a fresh context per PDF closed in `finally`, JavaScript off, every request aborted but
 * `data:` URLs, fonts awaited before printing. Up to PDF_CONCURRENCY such contexts (with their page)
 * are made ahead while PDFs print, so a job finds one ready: each is still used for one PDF only. The browser is relaunched when it dies (the job that
 * was on it is tried once more on the new one) and retired after PDF_RECYCLE_AFTER PDFs: new jobs go
 * to a fresh browser while the old one finishes its own, then closes. At most PDF_CONCURRENCY PDFs
 * print at once; each has PDF_TIMEOUT_MS. Closed with the Nest module (no orphaned Chromium).
 */
@Injectable()
export class PdfRenderer implements OnModuleDestroy {
  private readonly logger = new Logger(PdfRenderer.name);
  private readonly limiter: Limiter;
  private current: BrowserSlot | null = null;
  private readonly slots = new Set<BrowserSlot>();
  private nextSlotId = 1;
  private destroyed = false;
  private readonly counters = {
    launches: 0,
    recycles: 0,
    crashes: 0,
    printed: 0,
    failed: 0,
    retried: 0,
    blockedRequests: 0,
  };
  /**
   * Passed to every Chromium this renderer launches (`--tally-pdf-renderer=<tag>`), so its
   * processes can be told from any other Chromium on the machine (tests count orphans by it).
   */
  readonly tag = `${process.pid}-${randomBytes(4).toString('hex')}`;

  /** What the next launch is, for the metrics: the first, a recycle, or a relaunch after one went away. */
  private launchReason: ChromiumLaunchReason = 'first';

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @Optional() private readonly metrics?: Metrics,
  ) {
    this.limiter = new Limiter(config.pdf.concurrency);
  }

  stats(): PdfRendererStats {
    return { ...this.counters, active: this.limiter.active, queued: this.limiter.queued };
  }

  /** Whether a browser is running now (the api process must never have one). */
  get browserRunning(): boolean {
    return this.slots.size > 0;
  }

  async print(html: string, options: PdfOptions = {}): Promise<Buffer> {
    if (this.destroyed) throw new PdfRenderError('The PDF renderer is shut down');
    const progress = (percent: number) => {
      try {
        options.onProgress?.(percent);
      } catch {
        // A progress listener never fails the PDF.
      }
    };
    progress(5);
    return this.limiter.run(async () => {
      try {
        const timeoutMs = options.timeoutMs ?? this.config.pdf.timeoutMs;
        const pdf = await this.printOnce(html, progress, timeoutMs).catch(async (error: unknown) => {
          if (this.destroyed || !isBrowserGone(error)) throw error;
          // Its browser died under it (crash, kill, OOM): once more on a fresh one.
          this.counters.retried++;
          this.logger.warn(`Chromium went away during a PDF; retrying on a fresh browser`);
          return this.printOnce(html, progress, timeoutMs);
        });
        this.counters.printed++;
        progress(100);
        return pdf;
      } catch (error) {
        this.counters.failed++;
        throw error instanceof PdfRenderError
          ? error
          : new PdfRenderError(`PDF rendering failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  private async printOnce(html: string, progress: (percent: number) => void, timeoutMs: number): Promise<Buffer> {
    const slot = this.acquire();
    const job: { context: BrowserContext | null; over: boolean } = { context: null, over: false };
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = (async () => {
        const { context, page } = await this.takePage(slot);
        job.context = context;
        if (job.over) throw new PdfTimeoutError('Timed out before the page opened');
        progress(20);
        await page.setContent(html, { waitUntil: 'load' });
        progress(50);
        // Noto CJK and Noto Color Emoji load lazily: print only once every face the page uses is ready.
        await page.evaluate('document.fonts.ready.then(() => document.fonts.size)');
        progress(70);
        const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
        progress(95);
        return pdf;
      })();
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new PdfTimeoutError(`PDF rendering took longer than ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      // When the timeout wins, closing the context fails the work: that rejection is expected.
      work.catch(() => undefined);
      return await Promise.race([work, timeout, slot.gone]);
    } finally {
      job.over = true;
      clearTimeout(timer);
      await closeQuietly(job.context);
      this.release(slot);
    }
  }

  /**
   * A fresh context (JavaScript off, every request aborted) with its page, for one job: a spare made
   * earlier when there is one, else a new one; then the spares are topped up for the next jobs.
   */
  private async takePage(slot: BrowserSlot): Promise<FreshPage> {
    const spare = slot.spares.shift();
    const fresh = spare ?? this.preparePage(slot);
    this.refillSpares(slot);
    return fresh;
  }

  private refillSpares(slot: BrowserSlot): void {
    const recycleAfter = this.config.pdf.recycleAfter;
    while (
      !slot.retired &&
      !slot.closing &&
      !this.destroyed &&
      slot.spares.length < this.config.pdf.concurrency &&
      // No spare a retiring browser would never use.
      (recycleAfter === 0 || slot.spares.length < recycleAfter - slot.jobs)
    ) {
      const spare = this.preparePage(slot);
      spare.catch(() => undefined); // a browser that died is seen by the job that takes it
      slot.spares.push(spare);
    }
  }

  private dropSpares(slot: BrowserSlot): void {
    for (const spare of slot.spares.splice(0))
      void spare.then((fresh) => closeQuietly(fresh.context)).catch(() => undefined);
  }

  private async preparePage(slot: BrowserSlot): Promise<FreshPage> {
    const browser = await slot.browser;
    const context = await browser.newContext({ javaScriptEnabled: false, serviceWorkers: 'block', offline: true });
    try {
      // Every request is aborted and counted. data: URLs (the only thing a report may embed) are
      // answered by Chromium itself and never reach the router; the check below is a second guard.
      await context.route('**/*', async (route) => {
        if (route.request().url().startsWith('data:')) {
          await route.continue();
        } else {
          this.counters.blockedRequests++;
          await route.abort('blockedbyclient');
        }
      });
      return { context, page: await context.newPage() };
    } catch (error) {
      await closeQuietly(context);
      throw error;
    }
  }

  /** The browser the next job runs on: the current one, or a fresh one when it is due for recycling or gone. */
  private acquire(): BrowserSlot {
    const recycleAfter = this.config.pdf.recycleAfter;
    if (this.current && recycleAfter > 0 && this.current.jobs >= recycleAfter) {
      const old = this.current;
      old.retired = true;
      this.dropSpares(old);
      this.current = null;
      this.counters.recycles++;
      this.launchReason = 'recycle';
      if (old.active === 0) this.close(old);
    }
    if (!this.current) this.current = this.launch();
    const slot = this.current;
    slot.jobs++;
    slot.active++;
    return slot;
  }

  private release(slot: BrowserSlot): void {
    slot.active--;
    if (slot.retired && slot.active === 0) this.close(slot);
  }

  private launch(): BrowserSlot {
    const id = this.nextSlotId++;
    this.counters.launches++;
    this.metrics?.chromiumLaunches.inc({ reason: this.launchReason });
    // Any later launch not caused by a recycle replaces a browser that died or failed to start.
    this.launchReason = 'crash';
    let markGone: (error: Error) => void = () => undefined;
    const gone = new Promise<never>((_, reject) => {
      markGone = reject;
    });
    gone.catch(() => undefined);
    const slot: BrowserSlot = {
      id,
      browser: null!,
      jobs: 0,
      active: 0,
      retired: false,
      closing: null,
      gone,
      markGone,
      spares: [],
    };
    slot.browser = (async () => {
      const { chromium } = await import('playwright-core');
      const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
      const browser = await chromium.launch({
        executablePath: this.config.pdf.chromiumPath,
        headless: true,
        // Chromium's sandbox refuses to run as root; everyone else keeps it.
        chromiumSandbox: !asRoot,
        args: [`--tally-pdf-renderer=${this.tag}`, '--disable-crash-reporter', '--disable-breakpad'],
        timeout: 30_000,
      });
      browser.on('disconnected', () => {
        slot.markGone(new PdfRenderError('Browser has disconnected'));
        this.slots.delete(slot);
        if (this.current === slot) this.current = null;
        if (!slot.closing && !this.destroyed) {
          this.counters.crashes++;
          this.logger.warn(`Chromium (browser ${id}) disconnected; the next PDF launches a new one`);
        }
      });
      if (this.destroyed) {
        await browser.close().catch(() => undefined);
        throw new PdfRenderError('The PDF renderer is shut down');
      }
      return browser;
    })();
    this.slots.add(slot);
    slot.browser.catch((error: unknown) => {
      // A failed launch is forgotten, so the next job tries again.
      this.slots.delete(slot);
      if (this.current === slot) this.current = null;
      this.logger.error(`Chromium did not start (${this.config.pdf.chromiumPath}): ${String(error)}`);
    });
    return slot;
  }

  private close(slot: BrowserSlot): Promise<void> {
    if (!slot.closing) {
      slot.closing = slot.browser
        .then((browser) => browser.close())
        .catch(() => undefined)
        .finally(() => {
          this.slots.delete(slot);
          if (this.current === slot) this.current = null;
        });
    }
    return slot.closing;
  }

  /** Closes every browser (waiting for none of the jobs: the module is going away). */
  async onModuleDestroy(): Promise<void> {
    this.destroyed = true;
    this.current = null;
    await Promise.all([...this.slots].map((slot) => this.close(slot)));
  }
}

function isBrowserGone(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Target page, context or browser has been closed|Browser has been closed|browser has disconnected|Target closed|Connection closed/i.test(
    message,
  );
}

async function closeQuietly(context: BrowserContext | null): Promise<void> {
  if (!context) return;
  await context.close().catch(() => undefined);
}
