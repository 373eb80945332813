import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { P10Result } from './p10-transfer';
import type { P3Result } from './p3-stats';
import type { P4Result } from './p4-cursor';
import type { P7Result } from './p7-mail';
import type { P6Result } from './p6-monthly-stats';
import type { P5Result } from './p5-pdf';
import type { P1Result } from './p1-read';
import type { P2Result } from './p2-write';
import type { P3HttpResult, P10HttpResult } from './http-reads';
import { fmtRun } from './load';

export type BenchResult =
  P1Result | P2Result | P3Result | P3HttpResult | P4Result | P5Result | P6Result | P7Result | P10Result | P10HttpResult;

function machine(): string {
  let mariadb = 'unknown';
  try {
    mariadb = execFileSync('mysql', ['-h127.0.0.1', '-uroot', '-N', '-e', 'SELECT VERSION()'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    // The version is only informative.
  }
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, MariaDB ${mariadb}`;
}

/** Why a bar is not met, for each one that is not (what the profiles and the SQL-level runs showed). */
function shortfallNotes(
  p1?: P1Result,
  p2?: P2Result,
  p3http?: P3HttpResult,
  p10http?: P10HttpResult,
  p5?: P5Result,
): string {
  const notes: string[] = [];
  if (p5 && p5.ratio < 4) notes.push(P5_SHORTFALL(p5));
  if (p1 && (p1.ratioPct < 30 || p1.api.p99 > 25)) {
    notes.push(
      `- **P1** (${p1.ratioPct} %, p99 ${p1.api.p99} ms). What is left per request is work the bare server does not do and the
  product needs: Fastify's hooks and Nest's router, guard, pipe and interceptor chain; the access check (a remembered
  token, then one Redis MGET for the session and the user, so a logout ends access at once); the cache version read
  and the in-process lookup; pino-http's child logger for the request; and AsyncLocalStorage, which nestjs-pino and
  MikroORM both use and which on Node 20 makes every promise pay an async_hooks callback. No single item in the last
  profile is above a few per cent; GC (≈ 68 KB allocated per read, ≈ 13 KB of it async_hooks' and ≈ 13 KB Nest's
  router and pipes) and socket writes are the largest. Smaller items left: pino's redaction of the request binding
  (≈ 2 KB per request, redundant with the serializers that already keep only id, method and url) and reading the
  cache version in the same Redis MGET as the session (one command less per request). Both servers share two cores with autocannon,
  Redis and other checkouts' test runs, and the bare server's figure is mostly autocannon's own limit, which moves
  with the machine's load (it measured between 18,000 and 42,000 req/s in runs on the same day). The ratio is lowest
  when the machine is quiet: the api is one Node process, bound to one core at ≈ 130–145 µs of CPU per request
  (≈ 7,000–7,500 req/s at best), while autocannon and the bare server then have both cores to themselves. Not done, because
  they leave the decided stack or weaken a guarantee: answering cached reads in a Fastify hook before Nest, trusting
  a session for some seconds without asking Redis (a logout would then take that long), dropping the per-request
  logger, or a second process (cluster) for the api.`,
    );
  }
  if (p1 && p1.rssAfterMb > 200) {
    notes.push(
      `- **P8** (${p1.rssAfterMb} MB right after P1; the api starts at ≈ 165 MB). Nothing is retained: with
  \`--trace-gc\`, V8's heap grows from ≈ 50 to ≈ 200 MB under the load (objects of in-flight requests outlive two
  scavenges and are promoted) and a full GC brings it back to ≈ 62 MB, but the pages stay resident, so the figure
  depends on where in that cycle the load ends (206–340 MB across runs on the same day). A cap on the old
  generation would fix it: \`--max-old-space-size=192\` held the api at 179–186 MB through P1 at the same throughput.
  It was not set because imports parsed the whole file in memory (a 12 MB CSV, dry run, took the api to 328 MB, and
  a 24 MB one killed the api under that cap, while \`IMPORT_MAX_MB\` allows 32 MB). Imports now stream and keep no
  records (docs/decisions.md): a 30 MB file of 520,000 rows was checked and written under the cap with a heap peak
  of 104 MB, so the cap can be set once a P1/P8 run confirms it; larger young generations
  (\`--max-semi-space-size\` 32/64) and \`MALLOC_ARENA_MAX=2\` did not help.`,
    );
  }
  if (p2 && (p2.ratioPct < 40 || p2.api.p99 > 60)) {
    notes.push(
      `- **P2** (${p2.ratioPct} %, p99 ${p2.api.p99} ms). The baseline writes one row with no check. A log write also checks
  the tracker's owner and type, keeps its rollups exact, touches its \`updatedAt\` and bumps the user's cache version,
  behind sign-in, body validation (class-validator) and an info log line. On the SQL alone (raw \`mysql2\`, 20
  connections, no HTTP) that transaction, one per log, ran at 20–33 % of single-row inserts even in one round trip
  with multiple statements; batching (above) took the database part out of the way, and what remains is the api's
  CPU per request on two cores it shares with MariaDB, Redis and autocannon, most of it socket writes (to MariaDB,
  Redis and the client) and GC. The next steps would be cheaper validation of the log body than class-transformer +
  class-validator, fewer round trips per batch (its six statements in two multi-statement round trips, which needs a
  connection with multiple statements enabled), and a buffered log destination.`,
    );
  }
  if (p3http && p3http.uncached.p95 > 150) notes.push(`- **P3 over HTTP** (p95 ${p3http.uncached.p95} ms).`);
  for (const e of p10http?.exports ?? []) {
    if (Math.max(e.rssPeakMb, e.hwmMb) > 250)
      notes.push(`- **P10 ${e.format} export** (peak ${Math.max(e.rssPeakMb, e.hwmMb)} MB).`);
  }
  return notes.length ? notes.join('\n') : 'Nothing in this run.';
}

/** Why the warm browser is not 4× launching one per report on this machine (what the step timings showed). */
export const P5_SHORTFALL = (p5: P5Result): string =>
  `- **P5** (${p5.ratio}×). Launching Chromium is not most of a report's cost here. Timed step by step on this machine
  (docs/benchmarks.md, "Report PDFs"), one PDF in the warm browser is a new context (≈ 0.05–0.1 s), its page, which
  starts a renderer process that loads the fonts again (≈ 0.4–0.6 s), the content (≈ 0.2 s) and \`page.pdf\`
  (≈ 0.75–1 s, of which ≈ 0.45 s is embedding subsets of Noto CJK and Noto Color Emoji: the same page with the
  non-ASCII replaced prints in ≈ 0.3 s); the launch adds ≈ 0.9–1.2 s. On two cores kept busy by other work
  (load average 23–32 during the run) both arms are CPU-bound, so the ratio is about (launch + PDF) / PDF. Contexts
  made ahead of the job hide their latency only when a core is free. What would reach 4× breaks a decision: reusing
  a context (or a page) across reports instead of a fresh one per PDF, or dropping the CJK and emoji fonts.`;

export function p5Row(p5: P5Result, verdictText: string): string {
  return (
    `| P5 | ${p5.reports} monthly-report PDFs (3 A4 pages, 4 charts, CJK and emoji) at concurrency ${p5.concurrency}, the renderer's warm browser (a fresh context per PDF, made ahead) | ` +
    `**${p5.warmRate} PDFs/s** (${p5.warmMsPerPdf} ms each) → **${p5.ratio}×** the baseline; end to end with charts and template ${p5.endToEndRate}/s; ` +
    `process RSS after 100 PDFs ${p5.rssAfter100Mb} MB, after ${p5.longRun.toLocaleString('en')} ${p5.rssAfterLongRunMb} MB (**${p5.rssGrowthPct >= 0 ? '+' : ''}${p5.rssGrowthPct} %**; ` +
    `Chromium ${p5.chromiumAfter100Mb} → ${p5.chromiumAfterLongRunMb} MB PSS, ${p5.launches} launches, recycled every ${p5.recycleAfter}) | ` +
    `launching Chromium per report, ${p5.coldReports} PDFs: ${p5.coldRate} PDFs/s | ≥ 4× (goal 8×); RSS after 1,000 within +10 % of after 100 | ${verdictText} |`
  );
}

const verdict = (ok: boolean) => (ok ? 'meets the bar' : '**falls short**');

/** docs/benchmarks.md from one run of every benchmark that does not need auth yet. */
export function writeReport(results: BenchResult[], command: string, minutes: number): string {
  const p1 = results.find((r): r is P1Result => r.id === 'P1');
  const p2 = results.find((r): r is P2Result => r.id === 'P2');
  const p3http = results.find((r): r is P3HttpResult => r.id === 'P3-HTTP');
  const p10http = results.find((r): r is P10HttpResult => r.id === 'P10-HTTP');
  const p3 = results.find((r): r is P3Result => r.id === 'P3');
  const p4 = results.find((r): r is P4Result => r.id === 'P4');
  const p7 = results.find((r): r is P7Result => r.id === 'P7');
  const p6 = results.find((r): r is P6Result => r.id === 'P6');
  const p10 = results.find((r): r is P10Result => r.id === 'P10');
  const p5 = results.find((r): r is P5Result => r.id === 'P5');
  const rows: string[] = [];
  const shortfalls: string[] = [];
  if (p1) {
    const ok = p1.ratioPct >= 30 && p1.api.p99 <= 25;
    rows.push(
      `| P1 | cached \`GET /api/v1/trackers\` (${p1.trackers} trackers, ${(p1.responseBytes / 1024).toFixed(1)} KB), Bearer JWT from a real sign-in, built api in production mode; autocannon ${p1.connections} connections, ${p1.seconds} s × ${p1.rounds}, alternated with the baseline | ` +
        `${fmtRun(p1.api)} → **${p1.ratioPct} %** of the baseline, **p99 ${p1.api.p99} ms**; api CPU ${p1.cpuUsPerRequest} µs/request | ` +
        `bare \`node:http\` server replaying the same bytes and headers: ${fmtRun(p1.bare)} | ≥ 30 % (goal 50 %), p99 ≤ 25 ms | ${verdict(ok)} |`,
    );
    rows.push(
      `| P8 | api RSS (/proc/<pid>/status) right after P1 | **${p1.rssAfterMb} MB** (VmHWM, the peak since start: ${p1.rssPeakMb} MB) | — | ≤ 200 MB | ${verdict(p1.rssAfterMb <= 200)} |`,
    );
    if (!ok) shortfalls.push('P1');
    if (p1.rssAfterMb > 200) shortfalls.push('P8');
  }
  if (p2) {
    const ok = p2.ratioPct >= 40 && p2.api.p99 <= 60;
    rows.push(
      `| P2 | \`POST /api/v1/trackers/:id/logs\`, built api in production mode, autocannon ${p2.connections} connections each on its own one of ${p2.trackers} trackers, ${p2.seconds} s × ${p2.rounds}, alternated | ` +
        `${fmtRun(p2.api)} → **${p2.ratioPct} %** of the baseline, **p99 ${p2.api.p99} ms**; api CPU ${p2.cpuUsPerRequest} µs/request | ` +
        `raw \`mysql2\` single-row INSERTs into \`logs\`, ${p2.connections} pooled connections: ${fmtRun(p2.raw)} | ≥ 40 %, p99 ≤ 60 ms | ${verdict(ok)} |`,
    );
    if (!ok) shortfalls.push('P2');
  }
  if (p3http) {
    rows.push(
      `| P3 | the same over HTTP: \`GET /api/v1/trackers/:id/stats?from&to&bucket=day\` on the built api, one at a time, every request a cache miss (its range 1 ms apart from the last) | ` +
        `p50 ${p3http.uncached.p50} ms, **p95 ${p3http.uncached.p95} ms** (${p3http.bodyKb} KB of JSON) | ` +
        `the same request from the cache: p50 ${p3http.cached.p50} ms, p95 ${p3http.cached.p95} ms | p95 ≤ 150 ms | ${verdict(p3http.uncached.p95 <= 150)} |`,
    );
    if (p3http.uncached.p95 > 150) shortfalls.push('P3 over HTTP');
  }
  if (p3) {
    rows.push(
      `| P3 | stats, 1 year by day, tracker with ${p3.logs.toLocaleString('en')} logs in that year, America/New_York, cache off (service level) | ` +
        `p50 ${p3.statsDay.p50} ms, **p95 ${p3.statsDay.p95} ms** (by week: p95 ${p3.statsWeek.p95} ms; ` +
        `by day in Asia/Kolkata, on half-hour rollups: p95 ${p3.statsDayKolkata.p95} ms) | ` +
        `same buckets grouped straight from the logs: p50 ${p3.naiveDay.p50} ms (${Math.round(p3.naiveDay.p50 / p3.statsDay.p50)}× slower) | p95 ≤ 150 ms | ${verdict(p3.statsDay.p95 <= 150)} |`,
    );
  }
  if (p4) {
    rows.push(
      `| P4 | page of 50 logs from a cursor ${p4.depth.toLocaleString('en')} logs deep vs the first page (service level, alternated) | ` +
        `deep p50 ${p4.deepPage.p50} ms / p95 ${p4.deepPage.p95} ms → **${p4.ratioP50}× (p50), ${p4.ratioP95}× (p95)** | ` +
        `first page p50 ${p4.firstPage.p50} ms / p95 ${p4.firstPage.p95} ms; OFFSET paging at that depth: p50 ${p4.offsetBaseline.p50} ms | ≤ 1.5× | ${verdict(Math.max(p4.ratioP50, p4.ratioP95) <= 1.5)} |`,
    );
  }
  if (p5) {
    const ok = p5.ratio >= 4 && p5.rssGrowthPct <= 10;
    rows.push(p5Row(p5, verdict(ok)));
    if (!ok) shortfalls.push('P5');
  }
  if (p7) {
    const w = p7.worker;
    const once = w.recipients === p7.mails && w.delivered === p7.mails;
    rows.push(
      `| P7 | ${p7.mails.toLocaleString('en')} daily reminders decided by the scheduler, queued through Bull, composed and sent by one built worker into a local SMTP sink | ` +
        `**${w.perSecond} mails/s** (${w.seconds} s), ${w.recipients.toLocaleString('en')} recipients, ${w.delivered.toLocaleString('en')} mails, ${w.twice} twice; worker RSS ${w.rssMb} MB | ` +
        `nodemailer alone, same pool, same sink: ${p7.baseline.perSecond} mails/s (${p7.baseline.seconds} s) → the worker at ${Math.round((w.perSecond / p7.baseline.perSecond) * 100)} % of it | all exactly once, ≥ 300 mails/s | ${verdict(once && w.perSecond >= 300)} |`,
    );
  }
  if (p6) {
    rows.push(
      `| P6 | last month's MonthlyStats for ${p6.users.toLocaleString('en')} users × 30 logs (${p6.logs.toLocaleString('en')} logs, six zones), set-based, service level | ` +
        `**${p6.setBasedS} s** (${p6.setBasedUsersPerS.toLocaleString('en')} users/s; again after the baseline: ${p6.setBasedAgainS} s) | one user at a time (≈ 8 queries + an upsert each): ${p6.naiveUsersPerS.toLocaleString('en')} users/s, ` +
        `≈ ${Math.round(p6.users / p6.naiveUsersPerS)} s for all; same figures: ${p6.mismatches === 0 ? 'yes' : `${p6.mismatches} rows differ`} | ≤ 60 s | ${verdict(p6.setBasedS <= 60 && p6.mismatches === 0)} |`,
    );
    if (p6.setBasedS > 60 || p6.mismatches) shortfalls.push('P6');
  }
  if (p10) {
    rows.push(
      `| P10 | import a ${p10.importRows.toLocaleString('en')}-row CSV (${p10.importMb} MB) through the import service | ` +
        `**${p10.importSeconds} s** | raw multi-row INSERTs of the same rows: ${p10.rawInsertSeconds} s | ≤ 15 s | ${verdict(p10.importSeconds <= 15)} |`,
    );
    const heap = p10.retainedHeapMb;
    const heapNote = heap ? `; live heap with forced GC: ${heap.beforeMb} → at most ${heap.peakMb} MB (flat)` : '';
    for (const e of p10.exports) {
      rows.push(
        `| P10 | stream the 1,000,000-log account as ${e.format.toUpperCase()} (${e.mb} MB), in the benchmark process | ` +
          `${e.seconds} s, peak RSS ${e.rssPeakMb} MB, **+${Math.round(e.rssPeakMb - e.rssBeforeMb)} MB** over before | ` +
          `RSS before the export: ${e.rssBeforeMb} MB (Nest, MikroORM and the TypeScript compiler loaded)${heapNote} | ` +
          `API RSS ≤ 250 MB | not the api's process: see the HTTP rows |`,
      );
    }
  }
  if (p10http) {
    for (const e of p10http.exports) {
      const peak = Math.max(e.rssPeakMb, e.hwmMb);
      rows.push(
        `| P10 | \`GET /api/v1/export?format=${e.format}\` of the 1,000,000-log account over HTTP (${e.mb} MB), built api | ` +
          `${e.seconds} s; api RSS ${e.rssBeforeMb} MB before, **peak ${peak} MB** (sampled every 50 ms: ${e.rssPeakMb} MB; VmHWM ${e.hwmMb} MB) | — | API RSS ≤ 250 MB | ${verdict(peak <= 250)} |`,
      );
      if (peak > 250) shortfalls.push(`P10 ${e.format} export RSS`);
    }
  }
  const short = shortfalls.length
    ? `Short of their bar in this run: **${shortfalls.join(', ')}** (see "What falls short, and why" below).`
    : 'Every bar measured here is met in this run.';
  const text = `# Benchmarks

Written by \`${command}\` on ${new Date().toISOString().slice(0, 10)} (the whole run took ${minutes} min).
Machine: ${machine()}; shared with other work (other checkouts run their test suites on it at the same
time), so figures move between runs. Speed is judged against a baseline measured in the same run,
alternated with it (quality.md). ${short}

The dataset (\`npm run bench -- generate\`, multi-row INSERTs of 5,000 then set-based rollups) is
one tracker with 1,000,000 logs spread evenly over the year before generation (≈ 2,700 a day:
the worst case for one year of stats) and a user with 20 trackers of 100 logs, in the database
\`tally_bench\` (\`BENCH_DB_NAME\` to change), Redis db 15 (\`BENCH_REDIS_DB\`).

| id | what | result | baseline (same run) | bar | verdict |
|---|---|---|---|---|---|
${rows.join('\n')}

## Commands

- \`npm run bench\`: builds the server (\`npm run build:server\`), runs every benchmark, each in its own process, and
  writes this file. About five minutes.
- \`npm run bench -- p1 p2\`: a subset, printed only (\`p3\` selects \`p3\` and \`p3-http\`; also \`p4\`, \`p5\`, \`p10\`, \`p10-http\`).
- \`--no-build\` reuses \`dist/\`; \`generate [--force]\` (re)builds the dataset.
- \`BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"\` profiles the api under load (the profiles behind the
  changes below came from it).

## How the HTTP benchmarks work

Each starts the built api (\`dist/apps/api/apps/api/src/main.js\`) as its own process with
\`NODE_ENV=production\`, the default \`LOG_LEVEL\` (info) and pool size, a random \`JWT_SECRET\`, on the bench database
and Redis db (emptied first, so the cache starts cold), its logs going to a file as they would to a log collector.
The benchmark signs in through \`POST /api/v1/auth/login\` and uses the access token it gets.

- **P1** asks once for the list (the cache is then warm), records the exact answer (status, headers, body) and starts
  a bare \`node:http\` server, also its own process, that sends those bytes and headers to every request and does
  nothing else. After 3 s of warm-up on each, autocannon (in the benchmark process) runs 10 s against the api, then 10 s
  against the bare server, three times. The ratio is of the mean throughputs; latencies are the worst of the rounds.
  **P8** reads the api's VmRSS from \`/proc/<pid>/status\` right after.
- **P2** makes a fresh user with 20 numerical trackers. autocannon gives each of its 20 connections its own tracker (as
  20 people logging at once would; concurrent writes to one tracker serialize on its row lock by design). The
  baseline is 20 loops, one per tracker, each doing single-row autocommit \`INSERT INTO logs\` through a 20-connection
  \`mysql2\` pool: the cheapest possible write of a log, with no check, rollup, touch or cache bump.
- **P3 over HTTP** moves \`from\` and \`to\` by 1 ms per request: the cache key holds the range, so every request misses
  and computes (that is how the cache is "off" here without a setting that production does not have).
- **P10 over HTTP** downloads the export to the end and samples the api's VmRSS every 50 ms; VmHWM is the kernel's own
  peak for the process, so nothing between samples is missed.

## What falls short, and why

${shortfallNotes(p1, p2, p3http, p10http, p5)}

## The hot paths: what was changed, and what each bought

Four full runs on the day this work ended, made while the last rows of the table below went in, gave P1 25.9 %,
28.7 %, 24.7 % and 21.2 % (p99 15–28 ms) and P2 13.5 %, 14.9 %, 17.1 % and 15.5 % (p99 21–49 ms): one run's ratio moves
by several points with the machine's load. The api's CPU time per request (from \`/proc/<pid>/stat\`, in the table above) moves less with the machine's load
than throughput does: at the end of this work a cached list costs ≈ 125–145 µs of api CPU, a new log ≈ 490–560 µs
(most of it socket writes to MariaDB and Redis, which on this VM cost far more than in the bare server's loop, and
GC). Profiles (\`--cpu-prof\`) of the built api under P1 and P2 load, before any change: P1 ran at 6.7 % of the bare server
(2,787 vs 41,656 req/s), P2 at 5.3 % of raw inserts (722 vs 13,544 req/s). Figures below come from runs made one after
another during the work, each against its own baseline; the machine was shared, so read them as directions, not
decimals.

| change | why (what the profile showed) | effect |
|---|---|---|
| Keyv stores plain JSON (no reviver) | \`@keyv/serialize\`'s \`JSON.parse\` with a reviver was 9 % of the api's CPU, more than the rest of a cached read | part of the step to 4,108 req/s below |
| Cache entries are the JSON text of the answer; the controllers send it as is (\`getOrLoadJson\`, \`@Header('Content-Type')\`) | each hit was parsed, mapped to DTOs and serialized again (\`fastify serialize\` 2–4 %) | the same step |
| An in-process tier before Redis in cache-manager (2,000 entries), keys still versioned from Redis | a hit cost a Redis round trip and a 6 KB transfer besides the version read | the same step |
| Security headers computed once (helmet, same options) instead of by \`@fastify/helmet\` per request | \`@fastify/helmet\` calls \`helmet(options)\` per request: CSP parsing, 4–7 % | the same step |
| A verified JWT is remembered per process until it expires | the HMAC and two JSON parses, 5–7 %; the key was already a \`KeyObject\` (≈ 22 µs, not the 690 µs of a string secret) | the same step: P1 2,622 → 4,108 req/s (17.8 % of a 23,046 req/s baseline) |
| ioredis \`enableAutoPipelining\` | one socket write per command; writes are costly on this VM | part of the same step |
| Quick successful GETs logged at debug (\`customLogLevel\`), everything else as before | a log line per request | part of the same step |
| MikroORM's request context forks the EntityManager on first use (\`runInLazyRequestContext\`, from a Fastify onRequest hook instead of a Nest middleware) | the fork (unit of work, identity map, loaders) was the largest allocation of a read that never queries; GC was 18 % of CPU | P1 4,108 → 4,831 req/s (23.6 % of the baseline run beside it) |
| An empty query is validated once per DTO class (\`AppValidationPipe\`); cached bodies kept as UTF-8 bytes in the process tier; the request context entered from the existing Fastify hook | the sampling heap profiler (\`HeapProfiler.startSampling\` with collected objects) put a cached read at ≈ 82 KB allocated: class-transformer/class-validator ≈ 12 KB to accept an empty query, ≈ 7 KB to encode the body string | ≈ 68 KB per read; the rest is mostly async_hooks (≈ 13 KB: on Node 20 every promise pays for AsyncLocalStorage) and Nest's router and pipes (≈ 13 KB) |
| New logs written in batches (group commit), six statements and one commit per batch (\`LogInsertBatcher\`) | two transactions and six round trips per log; every round trip and flush competes with the api for the same two cores | P2 722 → 1,160 req/s (5.3 % → 14.5 %) |
| One batch writer per process instead of two; the cache bump as one Lua command instead of MULTI/SET/INCR/EXEC | batches averaged ≈ 4–5 logs; socket writes to MariaDB were the largest item left | batches ≈ 7.5 logs, 0.8 statements per log; P2 ≈ 900 → 1,250 req/s in back-to-back runs, api CPU ≈ 700 → 630 µs per log |

Kept as decided: \`@nestjs/cache-manager\` is the cache API (now with two tiers) and \`nestjs-pino\` logs every request
(at debug for quick successful reads). One deviation: \`@fastify/helmet\` no longer sets the security headers per
request; \`helmet\`, the library it wraps, computes them once at boot with the same options and one hook sets them. A
unit test checks they are exactly what \`@fastify/helmet\` sends (it stays as a dev dependency for that test).

## How the service-level benchmarks work

- **P3**: statistics read the hourly rollups (≈ 8,800 rows for the year; half-hourly, ≈ 17,500, in zones such as
  India) instead of the million logs; the baseline is the same query on the logs table. See docs/decisions.md.
- **P4**: keyset pagination on \`(tracker_id, logged_at, id)\`, so depth does not matter; OFFSET is shown for contrast.
- **P10**: the export reads 500 logs per query, each query on its own (no snapshot or connection is held between
  batches, so a slow client costs nothing shared), and hands 16 KB chunks to a stream with back-pressure; the import
  reads the file as it arrives in 8 ms slices and checks it, then reads it again inside one transaction and writes
  it 5,000 logs at a time with 1,000-row INSERTs, adding the rollups it aggregated in Node. The service-level export rows run in the
  benchmark process, which compiles TypeScript as it loads, so their RSS is not the api's: the HTTP rows are.

## Report PDFs (P5, R8)

- **P5** (\`npm run bench -- p5\`, no database): the fixture report (3 A4 pages, 4 ECharts SVG charts, CJK and
  emoji) printed by \`PdfRenderer\` at concurrency 2 with its warm browser, then the same HTML with Chromium
  launched per report (same context options), then 50 PDFs end to end (charts + template + PDF), then on to
  \`BENCH_P5_LONG_RUN\` (1,000) PDFs for the RSS figures. \`BENCH_P5_REPORTS\` and \`BENCH_P5_COLD_REPORTS\` size a shorter run.
- **R8** is a test (\`libs/reports/src/rendering/pdf-renderer.int-spec.ts\`, \`TALLY_R8_PDFS\`, 48 by default): PDFs at
  concurrency 4 with the browser recycled every quarter of the run, Chromium's memory as PSS (shared pages counted
  once), and every process of the renderer's browsers found by its tag, orphans included, after the module closes.
`;
  const path = resolve(__dirname, '../docs/benchmarks.md');
  writeFileSync(path, text);
  return path;
}
