#!/usr/bin/env node
// `npm start`: brings the whole product up on this machine. This file only makes sure Node and the
// dependencies are there; the rest (services, database, builds, processes) is scripts/stack.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`✖ Tally needs Node.js 20.19 or newer; this is ${process.version}.`);
  process.exit(1);
}

if (!existsSync(resolve(ROOT, 'node_modules/.package-lock.json'))) {
  console.log('▸ Installing dependencies (npm ci)…');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (install.status !== 0) {
    console.error('✖ npm ci failed; see the output above.');
    process.exit(1);
  }
}

process.chdir(ROOT);
const require = createRequire(import.meta.url);
require('@swc-node/register');
require('./stack.ts');
