import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../../app/api/errors.ts';
import { createCursorCodec } from '../../../app/api/http/cursor.ts';

const key = new Uint8Array(32).fill(7);

describe('signed page cursors', () => {
  it('round-trips a position for the listing it was sealed for', () => {
    const codec = createCursorCodec(key);

    const cursor = codec.seal({ pk: 'CUST#1', sk: 'REC#9' }, 'timeline:C-1');

    expect(codec.open(cursor, 'timeline:C-1')).toEqual({ pk: 'CUST#1', sk: 'REC#9' });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('rejects a cursor whose position was altered', () => {
    const codec = createCursorCodec(key);
    const [, mac] = codec.seal({ pk: 'CUST#1' }, 'timeline:C-1').split('.');
    const forged = `${Buffer.from(JSON.stringify({ pk: 'CUST#2' })).toString('base64url')}.${mac}`;

    expect(() => codec.open(forged, 'timeline:C-1')).toThrow(InvalidCursorError);
  });

  it('rejects a cursor sealed for another listing (another customer)', () => {
    const codec = createCursorCodec(key);
    const cursor = codec.seal('position', 'timeline:C-1');

    expect(() => codec.open(cursor, 'timeline:C-2')).toThrow(InvalidCursorError);
  });

  it('rejects cursors signed with another key, truncated or garbled', () => {
    const other = createCursorCodec(new Uint8Array(32).fill(8));
    const codec = createCursorCodec(key);
    const cursor = other.seal('position', 'timeline:C-1');

    for (const bad of [cursor, cursor.slice(0, -2), 'garbage', 'a.b.c', '.']) {
      expect(() => codec.open(bad, 'timeline:C-1'), bad).toThrow(InvalidCursorError);
    }
  });

  it('refuses a key too short to be safe', () => {
    expect(() => createCursorCodec(new Uint8Array(16))).toThrow(/at least 32 bytes/);
  });
});
