import { browserTestServer } from './browser-env';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** The first email to `address` whose subject matches, once the worker has sent it through the sink. */
export async function waitForMail(address: string, subject: RegExp, timeoutMs = 20_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  const url = `${browserTestServer().mailURL}/messages?to=${encodeURIComponent(address)}`;
  let seen: Mail[] = [];
  while (Date.now() < deadline) {
    seen = (await (await fetch(url)).json()) as Mail[];
    const found = seen.find((mail) => subject.test(mail.subject));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `No email "${subject}" to ${address} within ${timeoutMs} ms; got: ${seen.map((m) => m.subject).join(' | ') || 'nothing'}`,
  );
}

/** The path of the app link in an email: `/confirm-email#token=…`. */
export function linkIn(mail: Mail, path: string): string {
  const match = new RegExp(`https?://[^\\s"<>]+(${path}#token=[A-Za-z0-9_-]{43})`).exec(mail.text);
  if (!match) throw new Error(`No ${path} link in "${mail.subject}": ${mail.text}`);
  return match[1]!;
}
