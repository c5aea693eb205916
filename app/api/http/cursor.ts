import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from '../errors.ts';

/** Opaque page cursors that clients hand back unchanged; signed so a client cannot forge or alter one. */
export interface CursorCodec {
  /** Seals a position (any JSON value) for one listing, e.g. `timeline:C-1`; a cursor only opens for that listing. */
  seal(position: unknown, listing: string): string;
  /** Opens a cursor sealed for `listing`; throws {@link InvalidCursorError} if it was altered or belongs elsewhere. */
  open(cursor: string, listing: string): unknown;
}

/** Below this an HMAC key is guessable in principle; RFC 2104 recommends at least the hash output length. */
export const MIN_CURSOR_KEY_BYTES = 32;

const signature = (key: Uint8Array, listing: string, payload: string): Buffer =>
  createHmac('sha256', key).update(listing).update('\n').update(payload).digest();

/**
 * Cursor = base64url(JSON position) "." base64url(HMAC-SHA256(key, listing, payload)). The listing is
 * part of the MAC, so a timeline cursor of one customer cannot page through another's data.
 */
export const createCursorCodec = (key: Uint8Array): CursorCodec => {
  if (key.byteLength < MIN_CURSOR_KEY_BYTES) {
    throw new Error(`The cursor signing key must be at least ${MIN_CURSOR_KEY_BYTES} bytes`);
  }
  return {
    seal(position, listing) {
      const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
      return `${payload}.${signature(key, listing, payload).toString('base64url')}`;
    },
    open(cursor, listing) {
      const [payload, mac, extra] = cursor.split('.');
      if (!payload || !mac || extra !== undefined) throw new InvalidCursorError();
      const given = Buffer.from(mac, 'base64url');
      const expected = signature(key, listing, payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new InvalidCursorError();
      try {
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch (err: unknown) {
        // Only reachable with the key itself, i.e. a bug on our side rather than a client's mistake.
        throw new InvalidCursorError({ cause: err });
      }
    },
  };
};
