#!/usr/bin/env node
// `npm test`: typecheck, lint, api contract, openapi lint (Redocly, Spectral), unit + integration + e2e tests (Jest, real MariaDB and Redis), then
// browser tests (Playwright, real Chromium) when they exist. Ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'test-results');
const npx = (args, opts = {}) => spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit', ...opts });

let passed = 0;
let failed = 0;
const failures = [];

function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name}\n`);
  const result = fn();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  passed += result.passed;
  failed += result.failed;
  if (result.failed) failures.push(name);
  process.stdout.write(`=== ${name}: ${result.passed} passed, ${result.failed} failed (${seconds} s)\n`);
}

/** A check that is one pass or one failure (typecheck, lint, build). */
const check = (args) => () => (npx(args).status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

rmSync(RESULTS, { recursive: true, force: true });
mkdirSync(RESULTS, { recursive: true });

step('typecheck', check(['tsc', '-p', 'tsconfig.json', '--noEmit']));
step('lint', check(['eslint', '.']));
// The committed OpenAPI document and the web client's types must be what the code generates now.
step('api contract', () =>
  spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/generate-api-contract.ts', '--check'], {
    cwd: ROOT,
    stdio: 'inherit',
  }).status === 0
    ? { passed: 1, failed: 0 }
    : { passed: 0, failed: 1 },
);
// The document checked by tools no one here wrote (quality.md C1, C3), offline.
const lintOpenApi = (tool) => () =>
  spawnSync(process.execPath, ['scripts/lint-openapi.mjs', tool], { cwd: ROOT, stdio: 'inherit' }).status === 0
    ? { passed: 1, failed: 0 }
    : { passed: 0, failed: 1 };
step('openapi lint (Redocly recommended)', lintOpenApi('redocly'));
step('openapi lint (Spectral OWASP)', lintOpenApi('spectral'));
step(
  'format',
  check([
    'prettier',
    '--check',
    '--log-level',
    'warn',
    '{apps/api,apps/worker,libs,test,bench,scripts}/**/*.{ts,mjs}',
    'apps/web/**/*.{ts,html,css}',
  ]),
);

step('jest (unit, integration, e2e)', () => {
  const out = join(RESULTS, 'jest.json');
  const run = npx(['jest', '--maxWorkers=2', '--json', `--outputFile=${out}`]);
  const report = readJson(out);
  if (!report) return { passed: 0, failed: 1 };
  // A suite that fails to load has no test results but must still count as a failure.
  const brokenSuites = report.testResults.filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length;
  const failedTests = report.numFailedTests + brokenSuites;
  return { passed: report.numPassedTests, failed: failedTests || (run.status === 0 ? 0 : 1) };
});

if (existsSync(join(ROOT, 'playwright.config.ts'))) {
  step('web build', () =>
    spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' }).status === 0
      ? { passed: 1, failed: 0 }
      : { passed: 0, failed: 1 },
  );
  step('browser (Playwright, Chromium)', () => {
    const run = npx(['playwright', 'test']);
    const report = readJson(join(RESULTS, 'browser.json'));
    if (!report) return { passed: 0, failed: 1 };
    const { expected = 0, unexpected = 0, flaky = 0 } = report.stats ?? {};
    return { passed: expected + flaky, failed: unexpected || (run.status === 0 ? 0 : 1) };
  });
}

if (failures.length) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
