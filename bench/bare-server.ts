/**
 * The P1 baseline: a bare node:http server that answers every request with the bytes and headers
 * the api sent for the same request (status, headers, body), and does nothing else. Run as its own
 * process, like the api, by `startBareServer`. Reads the response from BARE_RESPONSE (JSON, body
 * in base64) and prints its port once listening.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, OutgoingHttpHeaders } from 'node:http';

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers node:http writes itself, per response. */
const OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** What the api answered to one request, to be replayed by the bare server. */
export async function recordResponse(url: string, headers: Record<string, string>): Promise<RecordedResponse> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const kept: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!OWN_HEADERS.has(name)) kept[name] = value;
  });
  return { status: response.status, headers: kept, body: Buffer.from(await response.arrayBuffer()) };
}

export async function startBareServer(
  response: RecordedResponse,
): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', __filename], {
    env: {
      PATH: process.env.PATH ?? '',
      BARE_RESPONSE: JSON.stringify({ ...response, body: response.body.toString('base64') }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('exit', (code) => reject(new Error(`The bare server exited (${code})`)));
    child.stdout!.once('data', (chunk: Buffer) => resolvePort(Number(chunk.toString().trim())));
  });
  child.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

function serve(): void {
  const recorded = JSON.parse(process.env.BARE_RESPONSE!) as {
    status: number;
    headers: OutgoingHttpHeaders;
    body: string;
  };
  const body = Buffer.from(recorded.body, 'base64');
  const server = createServer((request, reply) => {
    request.resume();
    reply.writeHead(recorded.status, recorded.headers);
    reply.end(body);
  });
  server.keepAliveTimeout = 72_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

if (require.main === module) serve();
