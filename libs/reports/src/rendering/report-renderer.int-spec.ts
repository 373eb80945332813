import { Test, TestingModule } from '@nestjs/testing';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigModule } from '@tally/platform';
import { testConfig } from '../../../../test/support/test-config';
import { reportFixture } from '../../../../test/support/report-fixture';
import { PdfRenderer } from './pdf-renderer';
import { ReportRenderer } from './report-renderer';
import { ReportRenderingModule } from './report-rendering.module';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The monthly report rendered for real: ECharts on the server, Chromium printing the PDF. */
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

  it('renders the page without a browser: a whole document, inline SVG charts, no script', async () => {
    const page = await renderer.page(reportFixture());
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<script/i);
    expect(pdfRenderer.browserRunning).toBe(false);
    process.stdout.write(`page: ${page.length} bytes, ${page.split('<svg').length - 1} charts\n`);
  });

  it('prints the PDF with the right figures, names, CJK and emoji', async () => {
    const progress: number[] = [];
    const started = Date.now();
    const pdf = await renderer.pdf(reportFixture(), (p) => progress.push(p));
    const ms = Date.now() - started;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    for (const expected of [
      'November 2026',
      'Running',
      '水を飲む',
      '朝のジョギング',
      '198',
      '27 / 30',
      '11 days',
      '38',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toMatch(/🏃|🎉/u);
    expect(progress.at(-1)).toBe(100);
    process.stdout.write(`pdf: ${pdf.length} bytes in ${ms} ms (first, with launch); progress ${progress.join(',')}\n`);
  });
});
