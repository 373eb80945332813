import { Injectable } from '@nestjs/common';
import { AppConfig, BadRequestError, InjectConfig } from '@tally/platform';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** The kinds of mail one click turns off. */
export const UNSUBSCRIBE_KINDS = ['reminders', 'event-reminders', 'reports'] as const;
export type UnsubscribeKind = (typeof UNSUBSCRIBE_KINDS)[number];

/** What turning a kind off does, and how the answer describes it. */
export interface UnsubscribeHandler {
  /** e.g. "daily and weekly reminders" */
  describe: string;
  apply(userId: number): Promise<void>;
}

export class InvalidUnsubscribeLinkError extends BadRequestError {
  constructor() {
    super('This unsubscribe link is not valid: open the email again, or change your notification settings');
  }
}

const SIGNATURE_BYTES = 16;

/**
 * One-click unsubscribe (RFC 8058). Each reminder or report mail carries a link signed for its
 * user and kind (HMAC-SHA-256 with a key derived from JWT_SECRET, its own label; links signed
 * with JWT_SECRET_PREVIOUS still work during a rotation), so turning that kind off needs no
 * sign-in. The link says nothing secret: the user id and the kind, and 128 bits of signature.
 * The libs that own a kind's setting register its handler at startup.
 */
@Injectable()
export class Unsubscribe {
  private readonly keys: Buffer[];
  private readonly handlers = new Map<UnsubscribeKind, UnsubscribeHandler>();
  private readonly appUrl: string;

  constructor(@InjectConfig() config: AppConfig) {
    const secrets = [config.auth.jwtSecret, ...(config.auth.jwtPreviousSecret ? [config.auth.jwtPreviousSecret] : [])];
    this.keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, '', 'tally unsubscribe links', 32)));
    this.appUrl = config.appUrl;
  }

  register(kind: UnsubscribeKind, handler: UnsubscribeHandler): void {
    if (this.handlers.has(kind)) throw new Error(`Unsubscribe kind "${kind}" has two handlers`);
    this.handlers.set(kind, handler);
  }

  token(userId: number, kind: UnsubscribeKind): string {
    return `${userId}.${kind}.${this.sign(this.keys[0]!, userId, kind)}`;
  }

  /** The headers a mail client shows as "Unsubscribe" and POSTs to with one click. */
  headers(userId: number, kind: UnsubscribeKind): Record<string, string> {
    return {
      'List-Unsubscribe': `<${this.appUrl}/api/v1/unsubscribe/${this.token(userId, kind)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }

  /** The page a person lands on from the link in the mail's footer; it asks the API to unsubscribe. */
  pageUrl(userId: number, kind: UnsubscribeKind): string {
    return `${this.appUrl}/unsubscribe#token=${this.token(userId, kind)}`;
  }

  /** Turns the link's kind of mail off for its user. */
  async apply(token: string): Promise<{ kind: UnsubscribeKind; message: string }> {
    const { userId, kind } = this.verify(token);
    const handler = this.handlers.get(kind);
    if (!handler) throw new InvalidUnsubscribeLinkError();
    await handler.apply(userId);
    return {
      kind,
      message: `You will no longer receive ${handler.describe}. You can turn them on again in the settings.`,
    };
  }

  private verify(token: string): { userId: number; kind: UnsubscribeKind } {
    const [user, kind, signature, ...rest] = token.split('.');
    const userId = Number(user);
    if (rest.length || !Number.isSafeInteger(userId) || userId < 1 || !signature)
      throw new InvalidUnsubscribeLinkError();
    if (!(UNSUBSCRIBE_KINDS as readonly string[]).includes(kind!)) throw new InvalidUnsubscribeLinkError();
    const given = Buffer.from(signature, 'base64url');
    const valid = this.keys.some((key) => {
      const expected = Buffer.from(this.sign(key, userId, kind as UnsubscribeKind), 'base64url');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
    if (!valid) throw new InvalidUnsubscribeLinkError();
    return { userId, kind: kind as UnsubscribeKind };
  }

  private sign(key: Buffer, userId: number, kind: UnsubscribeKind): string {
    return createHmac('sha256', key)
      .update(`unsubscribe:${userId}:${kind}`)
      .digest()
      .subarray(0, SIGNATURE_BYTES)
      .toString('base64url');
  }
}
