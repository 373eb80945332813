/**
 * Benchmarks (quality.md), one entry point:
 *   npm run bench                 all below, each in its own process; writes docs/benchmarks.md
 *   npm run bench -- generate [--force]   build the 1,000,000-log dataset in tally_bench
 *   npm run bench -- p3 | p4 | p10        one benchmark, printed only
 * P1 and P2 need HTTP with real tokens and come with the accounts module.
 */
import { execFileSync } from 'node:child_process';
import { ensureDataset } from './generate';
import { benchStats } from './p3-stats';
import { benchCursor } from './p4-cursor';
import { benchTransfer } from './p10-transfer';
import { BenchResult, writeReport } from './report';

const BENCHMARKS: Record<string, () => Promise<BenchResult>> = { p3: benchStats, p4: benchCursor, p10: benchTransfer };

async function main(): Promise<void> {
  const [command = 'all', ...args] = process.argv.slice(2);
  if (command === 'generate') {
    const dataset = await ensureDataset(args.includes('--force'));
    process.stderr.write(`Dataset ready: ${JSON.stringify(dataset)}\n`);
    return;
  }
  if (command in BENCHMARKS) {
    const result = await BENCHMARKS[command]!();
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  if (command === 'p1' || command === 'p2') {
    process.stderr.write(
      `${command.toUpperCase()} goes through HTTP with a real token: it comes with the accounts module.\n`,
    );
    process.exitCode = 2;
    return;
  }
  if (command !== 'all') {
    process.stderr.write(`Unknown benchmark "${command}". Use: all | generate [--force] | p3 | p4 | p10\n`);
    process.exitCode = 2;
    return;
  }
  await ensureDataset(args.includes('--force'));
  const results: BenchResult[] = [];
  for (const id of Object.keys(BENCHMARKS)) {
    // A process per benchmark, so one's memory does not show in another's RSS.
    // --expose-gc lets P10 show the live heap stays flat while it streams.
    const output = execFileSync(
      process.execPath,
      ['--expose-gc', '-r', '@swc-node/register', __filename, id, '--json'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    results.push(JSON.parse(output.trim().split('\n').pop()!) as BenchResult);
  }
  const path = writeReport(results, 'npm run bench');
  process.stderr.write(`Wrote ${path}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
