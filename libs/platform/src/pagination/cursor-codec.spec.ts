import { CursorCodec, InvalidCursorError } from './cursor-codec';

describe('CursorCodec', () => {
  const codec = new CursorCodec('a-secret-that-is-long-enough-for-tests');
  const position = { at: new Date('2025-03-09T07:00:00.123Z'), id: 42 };

  it('round-trips a position for the same scope', () => {
    const cursor = codec.encode('logs:1', position);
    expect(codec.decode('logs:1', cursor)).toEqual(position);
  });

  it('is opaque: no raw id or timestamp in the text', () => {
    const cursor = codec.encode('logs:1', position);
    expect(cursor).not.toContain('42');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('refuses a cursor issued for another list', () => {
    const cursor = codec.encode('logs:1', position);
    expect(() => codec.decode('logs:2', cursor)).toThrow(InvalidCursorError);
  });

  it('refuses an edited position even with the old MAC', () => {
    const [, mac] = codec.encode('logs:1', position).split('.');
    const forged = Buffer.from(JSON.stringify([position.at.getTime(), 1])).toString('base64url');
    expect(() => codec.decode('logs:1', `${forged}.${mac}`)).toThrow(InvalidCursorError);
  });

  it('refuses a cursor signed with another secret', () => {
    const other = new CursorCodec('another-secret-that-is-long-enough');
    expect(() => codec.decode('logs:1', other.encode('logs:1', position))).toThrow(InvalidCursorError);
  });

  it.each(['', 'abc', 'a.b.c', '.', 'x'.repeat(300), '!!!.???', 'eyJ9.AAAA'])('refuses garbage %p', (cursor) => {
    expect(() => codec.decode('logs:1', cursor)).toThrow(InvalidCursorError);
  });

  it('says what to do in the 400 it raises', () => {
    try {
      codec.decode('logs:1', 'nope');
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCursorError);
      expect((error as InvalidCursorError).kind).toBe('bad_request');
      expect((error as InvalidCursorError).message).toMatch(/first page/);
      expect((error as InvalidCursorError).details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    }
  });
});
