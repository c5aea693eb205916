import { describe, expect, it } from 'vitest';
import { groupByIdentifiers } from '../../../core/ingest/group-by-identifiers.ts';

const ids = (item: { ids: string[] }) => item.ids;

describe('groupByIdentifiers', () => {
  it('puts records that share an identifier, directly or through a third record, in one group and keeps input order', () => {
    const a = { name: 'a', ids: ['erp:1', 'email:a'] };
    const b = { name: 'b', ids: ['erp:2'] };
    const c = { name: 'c', ids: ['email:b', 'webUser:u'] };
    const d = { name: 'd', ids: ['email:a', 'email:b'] };

    const groups = groupByIdentifiers([a, b, c, d], ids);

    expect(groups.map((g) => g.map((x) => x.name))).toEqual([['a', 'c', 'd'], ['b']]);
  });

  it('gives every record without a shared identifier a group of its own', () => {
    const items = [
      { name: 'a', ids: ['erp:1'] },
      { name: 'b', ids: [] },
      { name: 'c', ids: ['erp:3'] },
    ];

    expect(groupByIdentifiers(items, ids).map((g) => g.map((x) => x.name))).toEqual([['a'], ['b'], ['c']]);
  });
});
