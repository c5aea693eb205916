import { describe, expect, it } from 'vitest';
import { groupByIdentifiers } from '../../../core/ingest/group-by-identifiers.ts';

describe('groupByIdentifiers: groups joined by a later record', () => {
  it('puts a record that joins two earlier groups in one group with every record of both, in input order', () => {
    // prepare: a and b share nothing; c carries b's identifier first and a's second, joining them in a chain
    const items = [
      { name: 'a', ids: ['email:a'] },
      { name: 'b', ids: ['erp:2'] },
      { name: 'c', ids: ['erp:2', 'email:a'] },
      { name: 'd', ids: ['webUser:u'] },
    ];

    // act
    const groups = groupByIdentifiers(items, (item) => item.ids);

    // assert
    expect(groups.map((group) => group.map((item) => item.name))).toEqual([['a', 'b', 'c'], ['d']]);
  });
});
