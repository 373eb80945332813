#!/usr/bin/env node
// The api's OpenAPI document (libs/contracts/openapi.json, what /api/docs-json serves) checked by tools no
// one here wrote (quality.md C1, C3). npm test runs each as a step; offline: both rule sets are packages.
//
//   node scripts/lint-openapi.mjs redocly    the document valid against OpenAPI 3.0's JSON Schema
//                                            (@seriousme/openapi-schema-validator), then Redocly CLI,
//                                            `recommended` rules (redocly.yaml): 0 errors, 0 warnings
//   node scripts/lint-openapi.mjs spectral   Spectral, OWASP API Security Top 10 (.spectral.yaml): 0 findings
//
// Each prints every finding (rule, where, message) and a count, and exits 1 when there is any. A rule
// that is not followed is switched off in the ruleset file with its reason, never here.
import { Validator } from '@seriousme/openapi-schema-validator';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DOCUMENT = 'libs/contracts/openapi.json';
const BIN = join(ROOT, 'node_modules', '.bin');

// No telemetry, no update check: the linters must not need the network.
const env = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NO_UPDATE_NOTIFIER: '1',
};

function run(command, args) {
  const result = spawnSync(join(BIN, command), args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  return result;
}

/** The document against the OpenAPI 3.0 specification's own JSON Schema. */
async function schemaProblems() {
  const validator = new Validator();
  const result = await validator.validate(join(ROOT, DOCUMENT));
  if (result.valid) return [];
  const errors = Array.isArray(result.errors) ? result.errors : [result.errors];
  return errors.map(
    (e) => `error   openapi-${validator.version}-schema ${e.instancePath ?? ''}: ${e.message ?? JSON.stringify(e)}`,
  );
}

/** Redocly: JSON report with totals; warnings count as failures too (C1 asks for 0 of both). */
async function redocly() {
  const invalid = await schemaProblems();
  if (invalid.length) return { problems: invalid, counts: 'not a valid OpenAPI 3.0 document' };
  const result = run('redocly', ['lint', DOCUMENT, '--config', 'redocly.yaml', '--format', 'json']);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    process.stderr.write(result.stdout + result.stderr);
    return { problems: [`redocly exited ${result.status} without a report`], counts: null };
  }
  const problems = report.problems
    .filter((p) => !p.ignored)
    .map((p) => {
      const where = p.location?.[0]?.pointer ?? '';
      return `${p.severity.padEnd(7)} ${p.ruleId} ${where}: ${p.message}`;
    });
  const { errors, warnings, ignored } = report.totals;
  return {
    problems,
    counts: `valid OpenAPI 3.0; ${errors} errors, ${warnings} warnings, ${ignored} ignored (.redocly.lint-ignore.yaml)`,
  };
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** Spectral with the committed ruleset; every finding of any severity counts. */
function spectral() {
  const scratch = mkdtempSync(join(tmpdir(), 'tally-spectral-'));
  try {
    const out = join(scratch, 'report.json');
    const result = run('spectral', [
      'lint',
      DOCUMENT,
      '--ruleset',
      '.spectral.yaml',
      '--format',
      'json',
      '--output',
      out,
      '--fail-severity',
      'hint',
      '--quiet',
    ]);
    let report;
    try {
      report = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      process.stderr.write(result.stdout + result.stderr);
      return { problems: [`spectral exited ${result.status} without a report`], counts: null };
    }
    const problems = report.map((p) => `${SEVERITY[p.severity].padEnd(7)} ${p.code} ${p.path.join('.')}: ${p.message}`);
    const bySeverity = SEVERITY.map((s, i) => `${report.filter((p) => p.severity === i).length} ${s}s`);
    return { problems, counts: bySeverity.join(', ') };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const tools = { redocly, spectral };
const name = process.argv[2];
if (!tools[name]) {
  process.stderr.write(`usage: node scripts/lint-openapi.mjs ${Object.keys(tools).join('|')}\n`);
  process.exit(2);
}
const { problems, counts } = await tools[name]();
for (const line of problems) process.stdout.write(`  ${line}\n`);
process.stdout.write(`${name} on ${DOCUMENT}: ${counts ?? 'no report'}\n`);
process.exit(problems.length ? 1 : 0);
