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

ensurePdfPackages();

process.chdir(ROOT);
const require = createRequire(import.meta.url);
require('@swc-node/register');
require('./stack.ts');

/**
 * The worker prints monthly reports as PDF with Debian's Chromium and needs fonts for CJK and emoji
 * (as .ci/run installs them). Installed with apt when missing and we are root; otherwise a clear
 * message, and everything but the PDFs still runs.
 */
function ensurePdfPackages() {
  const wanted = ['chromium', 'fonts-noto-cjk', 'fonts-noto-color-emoji'];
  const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...wanted], { encoding: 'utf8' });
  if (dpkg.error) {
    if (!existsSync('/usr/bin/chromium'))
      console.warn('▸ PDF reports need Chromium and the Noto CJK and colour emoji fonts; set CHROMIUM_PATH in .env.');
    return;
  }
  const installed = new Set(
    dpkg.stdout
      .split('\n')
      .filter((line) => line.endsWith('ok installed'))
      .map((line) => line.split(' ')[0]),
  );
  const missing = wanted.filter((p) => !installed.has(p));
  if (!missing.length) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.warn(
      `▸ PDF reports need ${missing.join(', ')}. Install them with: sudo apt-get install ${missing.join(' ')}`,
    );
    return;
  }
  console.log(`▸ Installing ${missing.join(', ')} for PDF reports (apt-get)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const ok =
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0 &&
    spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env }).status === 0;
  if (!ok) console.warn(`▸ Could not install ${missing.join(', ')}; PDF reports will fail until they are installed.`);
}
