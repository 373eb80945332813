/**
 * The browser tests' mail server, started by Playwright before the api and the worker: an SMTP
 * sink (test/support/smtp-sink's server, on a fixed port so the worker can be pointed at it) whose
 * messages the tests read over HTTP (`GET /messages?to=…`). Mail really travels api → Redis →
 * worker → SMTP → test.
 */
import { createServer } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

interface Message {
  to: string[];
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
}

const smtpPort = Number(process.env.MAIL_SMTP_PORT);
const httpPort = Number(process.env.MAIL_HTTP_PORT);
const messages: Message[] = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData: (stream, _session, callback) => {
    simpleParser(stream)
      .then((parsed) => {
        const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value);
        messages.push({
          to: to.map((a) => (a.address ?? '').toLowerCase()),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          receivedAt: new Date().toISOString(),
        });
        callback();
      })
      .catch(callback);
  },
});

const http = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/health') return void response.end('ok');
  if (url.pathname === '/messages') {
    const to = url.searchParams.get('to')?.toLowerCase();
    response.setHeader('content-type', 'application/json');
    return void response.end(JSON.stringify(to ? messages.filter((m) => m.to.includes(to)) : messages));
  }
  response.statusCode = 404;
  response.end();
});

smtp.listen(smtpPort, '127.0.0.1', () => {
  http.listen(httpPort, '127.0.0.1', () => console.log(`mail sink: SMTP ${smtpPort}, HTTP ${httpPort}`));
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    http.close();
    smtp.close(() => process.exit(0));
  });
}
