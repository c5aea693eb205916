import * as z from 'zod';
import { InvalidCursorError } from '../../core/ports/invalid-cursor-error.ts';

const KeySchema = z.record(z.string(), z.string());

/** Encodes DynamoDB's LastEvaluatedKey (string attributes only in this table) as an opaque cursor. */
export const encodeCursor = (key: Record<string, unknown> | undefined): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

/** Decodes a cursor back into an ExclusiveStartKey; a tampered cursor is a clear error, not a crash. */
export const decodeCursor = (cursor: string | undefined): Record<string, string> | undefined => {
  if (cursor === undefined) return undefined;
  try {
    return KeySchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (err: unknown) {
    throw new InvalidCursorError({ cause: err });
  }
};

/** Page size with a sane default and ceiling. */
export const pageLimit = (limit: number | undefined, fallback = 25, max = 100): number =>
  Math.min(Math.max(1, Math.trunc(limit ?? fallback)), max);
