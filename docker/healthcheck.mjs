// Docker HEALTHCHECK for the Tally image. The entrypoint records the container's role in
// /tmp/tally-role; api and worker are asked on their health endpoints (503 when MySQL or Redis
// is down), one-off roles (migrate, seed) have nothing to serve and count as healthy.
/* global fetch, AbortSignal */
/* eslint-disable no-console, no-restricted-properties -- a Docker probe, outside the app and its config module */
import { readFileSync } from 'node:fs';

let role = '';
try {
  role = readFileSync('/tmp/tally-role', 'utf8').trim();
} catch {
  process.exit(1); // not started yet
}

const urls = {
  api: `http://127.0.0.1:${process.env.PORT || 3000}/api/v1/health`,
  worker: `http://127.0.0.1:${process.env.WORKER_HEALTH_PORT || 3001}/health`,
};
const url = urls[role];
if (!url) process.exit(0);

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  if (!response.ok) console.error(`${url} answered ${response.status}: ${await response.text()}`);
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`${url}: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
