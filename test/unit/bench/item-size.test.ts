import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemSize, readItemSize } from '../../bench/ingestion/item-size.ts';

// The bench prices reads by item size. What the SDK's deserialize step hands on is DynamoDB JSON for one client
// and plain values for another: both must size alike, by DynamoDB's rules.

const item = {
  pk: 'CUST#c1',
  sk: 'PROFILE#VIEW#order',
  version: 42,
  ok: true,
  missing: null,
  state: { count: 3, currency: 'EUR', newest: [{ orderNumber: 'SO-1', lines: [1, 2] }, 'x'] },
  tags: new Set(['a', 'bb']),
};

describe('the size of an item a read returns', () => {
  it('is the same in DynamoDB JSON and unmarshalled', () => {
    const wire = marshall(item, { convertClassInstanceToMap: true });

    expect(readItemSize(wire)).toBe(itemSize(wire));
    expect(readItemSize(item)).toBe(itemSize(wire));
  });

  it('counts names and values by their UTF-8 bytes, numbers by their significant digits', () => {
    // 2 + 7 (pk), 1 + 2 (n: 1234 → 2 digit pairs + 1), 4 + 1 (bool)
    expect(readItemSize({ pk: 'CUST#ü1', n: 1234, bool: false })).toBe(2 + 8 + 1 + 3 + 4 + 1);
  });

  it('is far more than the attribute names for a view section (the bench once counted only those)', () => {
    const section = { pk: 'CUST#c1', sk: 'PROFILE#VIEW#order', state: { summary: 'x'.repeat(4000) } };
    expect(readItemSize(section)).toBeGreaterThan(4000);
  });
});
