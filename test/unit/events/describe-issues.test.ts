import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { describeIssues } from '../../../core/events/describe-issues.ts';

describe('describeIssues', () => {
  it('names each rejected field by its dotted path with its message, separated by semicolons', () => {
    const schema = z.object({ invoice: z.object({ status: z.enum(['open', 'paid']) }), amount: z.number() });
    const parsed = schema.safeParse({ invoice: { status: 'late' }, amount: 'ten' });
    if (parsed.success) throw new Error('the fixture should be rejected');

    const text = describeIssues(parsed.error);

    expect(text).toMatch(/^invoice\.status: [^;]+; amount: [^;]+$/);
  });
});
