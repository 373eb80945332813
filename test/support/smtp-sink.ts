import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  html: string;
  text: string;
  parsed: ParsedMail;
}

type Waiter = { predicate: (mail: ReceivedMail) => boolean; resolve: (mail: ReceivedMail) => void };

/**
 * An in-process SMTP server that keeps every message it receives, parsed, so tests read the real
 * emails the worker sent. `SMTP_URL: sink.url` points the app at it. `failing = true` makes it
 * refuse messages with a temporary error (451), as a broken mail server would.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  failing = false;
  private waiters: Waiter[] = [];

  private readonly server: SMTPServer;
  url = '';

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        if (this.failing) {
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((parsed) => {
            this.received(parsed);
            callback();
          })
          .catch(callback);
      },
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    // A client that goes away mid-mail (a worker killed by a test) is an 'error' on the server;
    // unhandled, it would end the test file.
    sink.server.on('error', () => undefined);
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    const { port } = sink.server.server.address() as AddressInfo;
    sink.url = `smtp://127.0.0.1:${port}`;
    return sink;
  }

  /** Resolves with the first message (already received or arriving later) that matches. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { predicate, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`No matching email within ${timeoutMs} ms; received: ${this.summary()}`));
      }, timeoutMs).unref();
    });
  }

  /** The message to `address` whose subject matches. */
  waitForMail(address: string, subject: RegExp, timeoutMs?: number): Promise<ReceivedMail> {
    return this.waitFor((m) => m.to.includes(address.toLowerCase()) && subject.test(m.subject), timeoutMs);
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private received(parsed: ParsedMail): void {
    const addresses = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value);
    const mail: ReceivedMail = {
      to: addresses.map((a) => (a.address ?? '').toLowerCase()),
      from: parsed.from?.text ?? '',
      subject: parsed.subject ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      text: parsed.text ?? '',
      parsed,
    };
    this.messages.push(mail);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(mail)) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(mail);
      }
    }
  }

  private summary(): string {
    return this.messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ') || 'nothing';
  }
}

/** The token in a link of the form …#token=<token>. */
export function tokenFromMail(mail: ReceivedMail): string {
  const match = /#token=([A-Za-z0-9_-]{43})/.exec(mail.text);
  if (!match) throw new Error(`No token link in the email "${mail.subject}": ${mail.text}`);
  return match[1]!;
}
