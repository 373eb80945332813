import { Test, TestingModule } from '@nestjs/testing';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { ConfigModule } from '@tally/platform';
import { testConfig } from '../../../../test/support/test-config';
import { HOSTILE_TEXTS, reportFixture, sparseReportFixture } from '../../../../test/support/report-fixture';
import type { ReportDocument } from '../report-document';
import { PdfRenderer } from './pdf-renderer';
import { ReportRenderer } from './report-renderer';
import { ReportRenderingModule } from './report-rendering.module';

const SCREENSHOT = resolve(__dirname, '../../../../docs/screenshots/report-pdf.png');

function withPdf<T>(pdf: Buffer, use: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tally-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return use(join(dir, 'r.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pdfText = (pdf: Buffer): string =>
  withPdf(pdf, (path) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }));
const pdfPages = (pdf: Buffer): number =>
  Number(/Pages:\s+(\d+)/.exec(withPdf(pdf, (path) => execFileSync('pdfinfo', [path], { encoding: 'utf8' })))?.[1]);

/** A TCP listener that counts every connection: nothing the renderer does may reach it. */
async function connectionCounter(): Promise<{ server: Server; port: number; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, port, connections: () => count };
}

/** The monthly report rendered for real: ECharts on the server, sharp for PNG, Chromium printing the PDF. */
describe('ReportRenderer (real Chromium)', () => {
  let moduleRef: TestingModule;
  let renderer: ReportRenderer;
  let pdfRenderer: PdfRenderer;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(testConfig()), ReportRenderingModule],
    }).compile();
    renderer = moduleRef.get(ReportRenderer);
    pdfRenderer = moduleRef.get(PdfRenderer);
  });

  afterAll(async () => {
    await moduleRef?.close();
  });

  it('renders the page without launching a browser: a whole document, inline SVG charts, no script', async () => {
    const page = await renderer.page(reportFixture());
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page.match(/<svg/g)).toHaveLength(4);
    expect(page).not.toMatch(/<script/i);
    expect(pdfRenderer.browserRunning).toBe(false);
    expect(pdfRenderer.stats().launches).toBe(0);
    process.stdout.write(`page: ${page.length} bytes, 4 inline SVG charts, browser launched: no\n`);
  });

  it('prints the PDF with the right figures, tracker names, CJK and emoji, and a PNG of its first page', async () => {
    const progress: number[] = [];
    const started = Date.now();
    const pdf = await renderer.pdf(reportFixture(), (p) => progress.push(p));
    const firstMs = Date.now() - started;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    const expected = [
      'November 2026',
      'compared with October 2026',
      '198', // logs
      '▲ +7 (+4 %)',
      '27 / 30', // active days
      '11 days', // longest streak
      '▼ −3 (−7 %)', // 38 sign-ins against 41
      'Running',
      '150.66', // its total in km
      '水を飲む', // CJK tracker name
      '朝のジョギング', // CJK note
      'Journal',
      'Calm',
    ];
    const missing = expected.filter((e) => !text.includes(e));
    expect(missing).toEqual([]);
    expect(text).toMatch(/🏃/u);
    expect(text).toMatch(/🎉/u);
    expect(progress.at(-1)).toBe(100);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);

    const again = Date.now();
    await renderer.pdf(reportFixture());
    const warmMs = Date.now() - again;

    mkdirSync(resolve(SCREENSHOT, '..'), { recursive: true });
    withPdf(pdf, (path) =>
      execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', path, SCREENSHOT.replace(/\.png$/, '')]),
    );
    const shot = await sharp(SCREENSHOT).metadata();
    expect(shot.width).toBeGreaterThan(600);
    process.stdout.write(
      `pdf: ${pdf.length} bytes, ${pdfPages(pdf)} A4 pages; first ${firstMs} ms (launch included), warm ${warmMs} ms; ` +
        `progress ${progress.join(',')}; ${expected.length} figures and names found; wrote ${SCREENSHOT} (${shot.width}×${shot.height})\n`,
    );
  }, 180_000);

  it('prints a sparse first month (only note trackers, no emotions, no previous month)', async () => {
    const text = pdfText(await renderer.pdf(sparseReportFixture()));
    expect(text).toContain('your first month with Tally');
    expect(text).toContain('No emotions were noted this month.');
    expect(text).not.toContain('▲');
    process.stdout.write(`sparse pdf: ${text.length} characters of text\n`);
  });

  it('builds the email: one PNG per chart referenced by cid, and a plain-text part', async () => {
    const links = {
      reportUrl: 'https://tally.example/reports/2026-11',
      settingsUrl: 'https://tally.example/settings',
      unsubscribeUrl: 'https://tally.example/unsubscribe/t0ken',
    };
    const email = await renderer.email(reportFixture(), links);
    expect(email.images.map((i) => i.filename)).toEqual([
      'logs-per-day.png',
      'tracker-11.png',
      'tracker-12.png',
      'emotions.png',
    ]);
    for (const image of email.images) {
      expect(image.contentType).toBe('image/png');
      const meta = await sharp(image.content).metadata();
      expect(meta.format).toBe('png');
      expect(meta.width).toBe(1280); // 640 px charts at 2× for high-density screens
      expect(email.html.split(`src="cid:${image.cid}"`)).toHaveLength(2);
    }
    const cids = [...email.html.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
    expect(cids.sort()).toEqual(email.images.map((i) => i.cid).sort());
    expect(email.html).not.toContain('<svg');
    expect(email.html).toContain(links.unsubscribeUrl);
    expect(email.text).toContain('Logs: 198 (up 7 on October, +4 %)');
    expect(email.text).toContain('水を飲む: 64 logs');
    expect(email.text).toContain(links.unsubscribeUrl);
    process.stdout.write(
      `email: html ${email.html.length} bytes, text ${email.text.length} bytes, ` +
        `${email.images.length} PNGs (${email.images.map((i) => `${i.filename} ${i.content.length} B`).join(', ')})\n`,
    );
  });

  it('S13: hostile tracker names and notes are printed as text and nothing reaches the network', async () => {
    const listener = await connectionCounter();
    try {
      const hostile = HOSTILE_TEXTS.map((t) => t.replaceAll('127.0.0.1:9', `127.0.0.1:${listener.port}`));
      const base = reportFixture();
      const doc: ReportDocument = {
        ...base,
        trackers: base.trackers.map((t, i) => ({ ...t, name: `${hostile[i]!} 名前 🙂` })),
        summary: { ...base.summary, mostUsedTracker: { name: hostile[0]!, logCount: 98 } },
        notes: hostile.slice(3, 8).map((text, i) => ({
          trackerName: hostile[i]!,
          loggedAt: `2026-11-2${i}T10:00:00.000Z`,
          text,
          emotion: null,
        })),
      };
      const before = pdfRenderer.stats();
      const text = pdfText(await renderer.pdf(doc)).replace(/\s+/g, ' ');
      const after = pdfRenderer.stats();
      // Printed as text (pdftotext may wrap, so compare with whitespace collapsed).
      for (const t of [hostile[0]!, hostile[1]!, hostile[2]!]) expect(text).toContain(t.replace(/\s+/g, ' '));
      expect(text).toContain('名前');
      expect(text).not.toContain('root:x:0:0');
      // The email variant too, through the same template.
      const email = await renderer.email(doc, { reportUrl: 'x', settingsUrl: 'y', unsubscribeUrl: 'z' });
      expect(email.html).not.toMatch(/<script|<img src=http|<link|<iframe/i);
      await new Promise((done) => setTimeout(done, 300));
      const blocked = after.blockedRequests - before.blockedRequests;
      expect(blocked).toBe(0); // escaped text asks for nothing
      expect(listener.connections()).toBe(0);

      // The same strings as raw markup (as if the template failed to escape): JS off, every request aborted.
      const raw = `<!DOCTYPE html><html><head>${hostile[3]}${hostile[4]}</head><body><p id="p">static</p>${hostile.join('\n')}
        <script>document.getElementById('p').textContent = 'JS RAN'</script>
        <img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="></body></html>`;
      const rawBefore = pdfRenderer.stats();
      const rawText = pdfText(await pdfRenderer.print(raw));
      const rawAfter = pdfRenderer.stats();
      await new Promise((done) => setTimeout(done, 300));
      expect(rawText).toContain('static');
      expect(rawText).not.toContain('JS RAN');
      expect(rawText).not.toContain('root:x:0:0');
      expect(rawAfter.blockedRequests - rawBefore.blockedRequests).toBeGreaterThanOrEqual(3);
      expect(listener.connections()).toBe(0);
      process.stdout.write(
        `S13: escaped report: ${blocked} requests attempted; raw markup: ${rawAfter.blockedRequests - rawBefore.blockedRequests} requests aborted, ` +
          `JS ran: no; connections reaching 127.0.0.1:${listener.port}: ${listener.connections()}\n`,
      );
    } finally {
      listener.server.close();
    }
  }, 180_000);
});
