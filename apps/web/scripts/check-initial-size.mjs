// The build's second budget (quality.md P9): Angular's budgets count raw bytes, the bar counts
// gzip. Sums the gzipped size of the JavaScript index.html loads up front (scripts and module
// preloads) and fails the build above 250 KB.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT_KB = 250;
const root = resolve(import.meta.dirname, '../../../dist/apps/web/browser');
const html = readFileSync(join(root, 'index.html'), 'utf8');
const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map(
  (match) => match[1],
);
const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(root, file)), { level: 9 }).length, 0);
const kb = bytes / 1024;
process.stdout.write(
  `Initial JavaScript: ${files.length} files, ${kb.toFixed(1)} KB gzip (budget ${LIMIT_KB} KB, quality.md P9)\n`,
);
if (files.length === 0 || kb > LIMIT_KB) {
  process.stderr.write(
    files.length === 0 ? 'No initial JavaScript found in index.html.\n' : `Over the ${LIMIT_KB} KB budget.\n`,
  );
  process.exit(1);
}
