/**
 * Benchmarks (quality.md), one entry point:
 *   npm run bench                      every benchmark, each in its own process; writes docs/benchmarks.md
 *   npm run bench -- p1 p2             a subset, printed only ("p3" selects p3 and p3-http)
 *   npm run bench -- --no-build        reuse dist/ instead of running npm run build:server first
 *   npm run bench -- generate [--force]   build the 1,000,000-log dataset in tally_bench
 * The HTTP benchmarks (p1 with P8, p2, p3-http, p10-http) run the built api in production mode.
 */
import { execFileSync } from 'node:child_process';
import { buildServer } from './api-process';
import { ensureDataset } from './generate';
import { benchRead } from './p1-read';
import { benchWrite } from './p2-write';
import { benchStats } from './p3-stats';
import { benchStatsHttp, benchExportHttp } from './http-reads';
import { benchCursor } from './p4-cursor';
import { benchMonthlyStats } from './p6-monthly-stats';
import { benchTransfer } from './p10-transfer';
import { benchMail } from './p7-mail';
import { benchPdf } from './p5-pdf';
import { BenchResult, writeReport } from './report';

/** `http`: runs the built server (built first); `ownData`: sets up its own data (or needs none), not the shared dataset. */
const BENCHMARKS: Record<string, { run: () => Promise<BenchResult>; http: boolean; ownData?: boolean }> = {
  p1: { run: benchRead, http: true },
  p2: { run: benchWrite, http: true },
  p3: { run: benchStats, http: false },
  'p3-http': { run: benchStatsHttp, http: true },
  p4: { run: benchCursor, http: false },
  p5: { run: benchPdf, http: false, ownData: true },
  p6: { run: benchMonthlyStats, http: false, ownData: true },
  p7: { run: benchMail, http: true, ownData: true },
  p10: { run: benchTransfer, http: false },
  'p10-http': { run: benchExportHttp, http: true },
};

const USAGE = `Use: npm run bench [-- [--no-build] [${Object.keys(BENCHMARKS).join(' | ')} …]] | generate [--force]`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const child = args.indexOf('--child');
  if (child >= 0) {
    // One benchmark in this process; the parent reads the JSON line.
    const result = await BENCHMARKS[args[child + 1]!]!.run();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if (args[0] === 'generate') {
    const dataset = await ensureDataset(args.includes('--force'));
    process.stderr.write(`Dataset ready: ${JSON.stringify(dataset)}\n`);
    return;
  }
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !Object.keys(BENCHMARKS).some((id) => id === w || id.startsWith(`${w}-`)));
  if (unknown.length) {
    process.stderr.write(`Unknown benchmark "${unknown.join('", "')}". ${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const ids = Object.keys(BENCHMARKS).filter(
    (id) => !wanted.length || wanted.some((w) => id === w || id.startsWith(`${w}-`)),
  );
  const started = Date.now();
  if (ids.some((id) => !BENCHMARKS[id]!.ownData)) await ensureDataset(args.includes('--force'));
  if (ids.some((id) => BENCHMARKS[id]!.http)) buildServer(args.includes('--no-build'));
  const results: BenchResult[] = [];
  for (const id of ids) {
    // A process per benchmark, so one's memory does not show in another's RSS.
    // --expose-gc lets P10 show the live heap stays flat while it streams.
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '-r', '@swc-node/register', __filename, '--child', id],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    results.push(JSON.parse(output.trim().split('\n').pop()!) as BenchResult);
  }
  const minutes = Math.round((Date.now() - started) / 6000) / 10;
  if (wanted.length) {
    process.stderr.write(`Done in ${minutes} min (a subset: docs/benchmarks.md is written by a full run)\n`);
    return;
  }
  const path = writeReport(results, 'npm run bench', minutes);
  process.stderr.write(`Wrote ${path} (${minutes} min)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
