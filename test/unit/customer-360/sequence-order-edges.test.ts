import { describe, expect, it } from 'vitest';
import { compareSequence } from '../../../core/customer-360/view/sequence-order.ts';

describe('compareSequence leading zeros', () => {
  it('reads several leading zeros on either side as the same number', () => {
    expect(compareSequence('12', '0012')).toBe(0);
    expect(compareSequence('0012', '12')).toBe(0);
    expect(compareSequence('0013', '0012')).toBe(1);
  });
});
