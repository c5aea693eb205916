import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../infra/local/cli/program.ts';

describe('describeFailure (the one line a failed hub360 command prints)', () => {
  it('names why a fetch failed, from its cause and the cause’s code', () => {
    const cause = Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    const err = new TypeError('fetch failed', { cause });

    expect(describeFailure(err)).toBe('fetch failed: Headers Timeout Error (UND_ERR_HEADERS_TIMEOUT)');
  });

  it('prints a plain error’s message, and a thrown non-error as text', () => {
    expect(describeFailure(new Error('connector "x" is not configured'))).toBe(
      'connector "x" is not configured',
    );
    expect(describeFailure('gone')).toBe('gone');
  });
});
