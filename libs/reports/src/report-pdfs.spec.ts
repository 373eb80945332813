import { reportFixture } from '../../../test/support/report-fixture';
import { documentHash, pdfJobId } from './report-pdfs.service';

describe('documentHash', () => {
  it('is the figures: the same whenever they are computed, another for any change', () => {
    const doc = reportFixture();
    const hash = documentHash(doc);
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(documentHash({ ...doc, computedAt: '2030-01-01T00:00:00.000Z' })).toBe(hash);
    expect(documentHash(structuredClone(doc))).toBe(hash);
    expect(documentHash({ ...doc, summary: { ...doc.summary, totalLogs: doc.summary.totalLogs + 1 } })).not.toBe(hash);
    expect(documentHash({ ...doc, user: { ...doc.user, timezone: 'Asia/Tokyo' } })).not.toBe(hash);
  });

  it('names one job per user, month and figures, in characters a URL path keeps as they are', () => {
    const id = pdfJobId(42, '2026-11', documentHash(reportFixture()));
    expect(id).toMatch(/^report-pdf-42-2026-11-[0-9a-f]{32}$/);
    expect(encodeURIComponent(id)).toBe(id);
  });
});
