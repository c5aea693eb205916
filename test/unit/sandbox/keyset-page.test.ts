import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EntitySetMeta, Row } from '../../../sandbox/odata/entity-model.ts';
import { type CollectionPage, nextLink, selectPage } from '../../../sandbox/odata/keyset-page.ts';
import { ODataRequestError } from '../../../sandbox/odata/odata-error.ts';
import { type CollectionQuery, parseCollectionQuery } from '../../../sandbox/odata/query-options.ts';

const events: EntitySetMeta = {
  name: 'Events',
  typeName: 'Event',
  keyFields: ['Id'],
  properties: { Id: 'Edm.Int32', ChangedAt: 'Edm.DateTimeOffset', Kind: 'Edm.String' },
  navigations: {},
};

const rowsWithTies = (timestamps: readonly number[]): Row[] =>
  timestamps.map((minute, index) => ({
    Id: index + 1,
    ChangedAt: new Date(Date.UTC(2024, 0, 1, 0, minute)),
    Kind: index % 2 ? 'a' : 'b',
  }));

/** Follows next tokens like a client following next links. */
const readAll = (rows: Row[], query: CollectionQuery, pageSize: number): { ids: number[]; pages: number } => {
  const ids: number[] = [];
  let pages = 0;
  let current: CollectionQuery = query;
  for (;;) {
    const page: CollectionPage = selectPage(rows, events, current, pageSize);
    pages += 1;
    ids.push(...page.rows.map((row) => Number(row.Id)));
    if (!page.next) return { ids, pages };
    const { skip: _skip, ...rest } = current;
    current = {
      ...rest,
      skipToken: page.next.skipToken,
      ...(page.next.top !== undefined ? { top: page.next.top } : {}),
    };
  }
};

const parse = (query: string) => parseCollectionQuery(new URLSearchParams(query), events, 'v4');

describe('selectPage', () => {
  it('yields every row exactly once across pages even when many rows share a timestamp', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 7 }),
        (minutes, pageSize) => {
          const rows = rowsWithTies(minutes);

          const { ids } = readAll(rows, parse('$orderby=ChangedAt'), pageSize);

          const expected = [...rows]
            .sort((a, b) => Number(a.ChangedAt) - Number(b.ChangedAt) || Number(a.Id) - Number(b.Id))
            .map((row) => Number(row.Id));
          expect(ids).toEqual(expected);
        },
      ),
    );
  });

  it('keeps a client $top across server pages and counts before paging', () => {
    const rows = rowsWithTies([5, 1, 4, 2, 3, 0, 6, 7, 8, 9]);

    const first = selectPage(rows, events, parse('$orderby=ChangedAt desc&$top=5&$count=true'), 2);
    const all = readAll(rows, parse('$orderby=ChangedAt desc&$top=5'), 2);

    expect(first.total).toBe(10);
    expect(first.next?.top).toBe(3);
    expect(all.ids).toEqual([10, 9, 8, 7, 1]);
    expect(all.pages).toBe(3);
  });

  it('applies $skip and $filter before paging', () => {
    const rows = rowsWithTies([0, 1, 2, 3, 4, 5]);

    const { ids } = readAll(rows, parse("$filter=Kind eq 'a'&$skip=1"), 10);

    expect(ids).toEqual([4, 6]);
  });

  it('rejects a skiptoken it did not issue', () => {
    expect(() => selectPage(rowsWithTies([1]), events, parse('$skiptoken=garbage'), 5)).toThrow(
      ODataRequestError,
    );
  });

  it('builds next links that keep the filter and replace paging options', () => {
    const url = new URL("http://h/x/Events?$filter=Kind eq 'a'&$skip=4&$top=10&custom=1");

    const link = new URL(nextLink(url, { skipToken: 'abc', top: 6 }));

    expect(link.searchParams.get('$filter')).toBe("Kind eq 'a'");
    expect(link.searchParams.get('$skip')).toBeNull();
    expect(link.searchParams.get('$top')).toBe('6');
    expect(link.searchParams.get('$skiptoken')).toBe('abc');
    expect(link.searchParams.get('custom')).toBe('1');
  });
});

describe('parseCollectionQuery', () => {
  it.each([
    ['$search=pumps', 'not supported'],
    ['$top=-1', 'non-negative integer'],
    ['$orderby=Nope', 'Property Nope not found'],
    ['$orderby=Id sideways', 'Invalid $orderby'],
    ['$expand=Lines', 'Navigation property Lines not found'],
    ['$select=Id,Nope', 'Property Nope not found'],
    ['$format=xml', 'not supported'],
    ['$count=maybe', 'Invalid $count'],
  ])('rejects %s', (query, message) => {
    expect(() => parse(query)).toThrow(message);
  });

  it('rejects a repeated option instead of picking one', () => {
    expect(() => parse('$top=1&$top=2')).toThrow('more than once');
  });
});
