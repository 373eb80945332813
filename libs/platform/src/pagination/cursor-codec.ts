import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequestError } from '../errors';

/** A keyset position: the sort value (a time) and the id that breaks ties. */
export interface KeysetPosition {
  at: Date;
  id: number;
}

/** A cursor that was not issued by us for this list, or was altered. */
export class InvalidCursorError extends BadRequestError {
  constructor() {
    const message = 'cursor is not valid for this list: request the first page again without a cursor';
    super(message, [{ field: 'cursor', message }]);
  }
}

const MAC_BYTES = 16;
const MAX_CURSOR_LENGTH = 256;

/**
 * Opaque, tamper-evident keyset cursors: `base64url(JSON position).base64url(HMAC)`. The MAC covers
 * the list's scope (e.g. `logs:42`), so a cursor only works on the list that issued it, and a
 * forged or edited one is refused with 400 before it reaches a query.
 */
export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    // A key of its own, derived from the app secret, so cursors never double as anything else.
    this.key = createHmac('sha256', secret).update('tally:keyset-cursor:v1').digest();
  }

  encode(scope: string, position: KeysetPosition): string {
    const body = Buffer.from(JSON.stringify([position.at.getTime(), position.id])).toString('base64url');
    return `${body}.${this.mac(scope, body).toString('base64url')}`;
  }

  /** The position inside `cursor`; throws InvalidCursorError unless we issued it for `scope`. */
  decode(scope: string, cursor: string): KeysetPosition {
    if (cursor.length > MAX_CURSOR_LENGTH) throw new InvalidCursorError();
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined) throw new InvalidCursorError();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== MAC_BYTES || !timingSafeEqual(given, this.mac(scope, body))) throw new InvalidCursorError();
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidCursorError();
    }
    if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
    const [ms, id] = parsed as unknown[];
    if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(id) || (id as number) < 0) throw new InvalidCursorError();
    const at = new Date(ms as number);
    if (Number.isNaN(at.getTime())) throw new InvalidCursorError();
    return { at, id: id as number };
  }

  private mac(scope: string, body: string): Buffer {
    return createHmac('sha256', this.key).update(`${scope}\n${body}`).digest().subarray(0, MAC_BYTES);
  }
}
