import { describe, expect, it } from 'vitest';
import type { EntitySetMeta, Row } from '../../../sandbox/odata/entity-model.ts';
import { compileFilter } from '../../../sandbox/odata/filter-compile.ts';
import { parseFilter } from '../../../sandbox/odata/filter-parser.ts';
import { ODataRequestError } from '../../../sandbox/odata/odata-error.ts';

const orders: EntitySetMeta = {
  name: 'Orders',
  typeName: 'Order',
  keyFields: ['Id'],
  properties: {
    Id: 'Edm.String',
    Amount: 'Edm.Decimal',
    ChangedOn: 'Edm.DateTime',
    ChangedAt: 'Edm.DateTimeOffset',
    ChangedTime: 'Edm.Time',
    Note: 'Edm.String',
    State: { complex: { Value: 'Edm.String', Display: 'Edm.String' } },
  },
  navigations: {},
};

const rows: Row[] = [
  {
    Id: 'A',
    Amount: 10,
    ChangedOn: new Date('2024-01-01T00:00:00Z'),
    ChangedAt: new Date('2024-01-01T09:00:00Z'),
    ChangedTime: 'PT09H00M00S',
    Note: null,
    State: { Value: 'OPEN', Display: 'Open' },
  },
  {
    Id: 'B',
    Amount: 25,
    ChangedOn: new Date('2024-01-02T00:00:00Z'),
    ChangedAt: new Date('2024-01-02T08:00:00Z'),
    ChangedTime: 'PT08H00M00S',
    Note: 'x',
    State: { Value: 'DONE', Display: 'Done' },
  },
  {
    Id: 'C',
    Amount: 40,
    ChangedOn: new Date('2024-01-02T00:00:00Z'),
    ChangedAt: new Date('2024-01-02T11:30:00Z'),
    ChangedTime: 'PT11H30M00S',
    Note: 'y',
    State: { Value: 'OPEN', Display: 'Open' },
  },
];

const matching = (filter: string, dialect: 'v2' | 'v4' = 'v2'): string[] => {
  const predicate = compileFilter(parseFilter(filter, dialect), orders, dialect);
  return rows.filter(predicate).map((row) => String(row.Id));
};

describe('compileFilter', () => {
  it('filters by a date plus time cursor the way SAP business partners need', () => {
    const ids = matching(
      "ChangedOn gt datetime'2024-01-02T00:00:00' or (ChangedOn eq datetime'2024-01-02T00:00:00' and ChangedTime ge time'PT09H00M00S')",
    );

    expect(ids).toEqual(['C']);
  });

  it('compares datetimeoffset, numbers, null and complex members', () => {
    expect(matching("ChangedAt ge datetimeoffset'2024-01-02T08:00:00Z'")).toEqual(['B', 'C']);
    expect(matching('Amount gt 20 and not (Amount ge 40)')).toEqual(['B']);
    expect(matching('Note eq null')).toEqual(['A']);
    expect(matching("State/Value eq 'OPEN'", 'v4')).toEqual(['A', 'C']);
  });

  it.each([
    ["Missing eq 'x'", 'Property Missing not found'],
    ["ChangedOn gt datetimeoffset'2024-01-01T00:00:00Z'", 'cannot be compared with ChangedOn'],
    ["Amount eq '10'", 'cannot be compared with Amount'],
    ['Note gt null', 'cannot compare with null'],
    ["State eq 'OPEN'", 'Property State not found'],
  ])('rejects %s', (filter, message) => {
    const attempt = () => compileFilter(parseFilter(filter, 'v2'), orders, 'v2');

    expect(attempt).toThrow(ODataRequestError);
    expect(attempt).toThrow(message);
  });
});
