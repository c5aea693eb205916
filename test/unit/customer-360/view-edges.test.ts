import { describe, expect, it } from 'vitest';
import { buildCustomer360 } from '../../../core/customer-360/build-customer-360.ts';
import { estimateSketch, sessionHash } from '../../../core/customer-360/view/session-count.ts';
import { removeFromList } from '../../../core/customer-360/view/view-lists.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import { recordItem } from './view-fixtures.ts';

// Survivors of the mutation run over the view's helpers (issue 17): edges the earlier tests did not reach.

describe('sessionHash', () => {
  it('pads a hash below 0x10000000 with zeros to 8 characters', () => {
    // act
    const hash = sessionHash('s-400');

    // assert
    expect(hash).toBe('0f06eb63');
  });
});

describe('estimateSketch', () => {
  it('uses the HyperLogLog estimate for a large count even while one register is still empty', () => {
    // prepare: one empty register, 255 at rank 10 (z = 1 + 255/1024)
    const sketch = `0${'a'.repeat(255)}`;
    const alpha = 0.7213 / (1 + 1.079 / 256);

    // act
    const estimate = estimateSketch(sketch);

    // assert
    expect(estimate).toBe(Math.round((alpha * 256 * 256) / (1 + 255 / 1024)));
  });
});

describe('removeFromList', () => {
  it('leaves the total alone when the record taken out did not qualify for the list', () => {
    // prepare
    const list = { total: 3, entries: [{ recordKey: 'a', versionOrd: '1', at: 't', source: {}, data: {} }] };

    // act
    const kept = removeFromList(list, 'b', false);

    // assert
    expect(kept).toBe(false);
    expect(list.total).toBe(3);
  });
});

describe('buildCustomer360 ordering', () => {
  it('keeps the partition’s order for orders of the same time', () => {
    // prepare
    const order = (key: string) =>
      recordItem('cus_1', {
        entity: 'order',
        source: { system: 'sap-s4', stream: 's', key, version: '1' },
        data: { orderNumber: key, orderedAt: '2026-01-01T00:00:00Z', lines: [] },
      } as unknown as StoredRecord);

    // act
    const view = buildCustomer360('cus_1', [order('A'), order('B'), order('C')], {});

    // assert
    expect(view.orders.map((o) => o.source.key)).toEqual(['A', 'B', 'C']);
  });
});
