import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../../core/ports/invalid-cursor-error.ts';

describe('InvalidCursorError', () => {
  it('names the cursor field, tells the caller what to pass, and keeps its cause', () => {
    const cause = new Error('bad seal');

    const error = new InvalidCursorError({ cause });

    expect(error.name).toBe('InvalidCursorError');
    expect(error.message).toBe(
      'cursor: not a cursor this API issued for this listing; pass back the nextCursor of the previous page unchanged',
    );
    expect(error.cause).toBe(cause);
  });
});
