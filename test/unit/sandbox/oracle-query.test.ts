import { describe, expect, it } from 'vitest';
import type { Row } from '../../../sandbox/odata/entity-model.ts';
import { compileFilter } from '../../../sandbox/odata/filter-compile.ts';
import { shipmentMeta } from '../../../sandbox/systems/oracle-scm/oracle-model.ts';
import { parseOracleQ } from '../../../sandbox/systems/oracle-scm/oracle-query.ts';

const shipments: Row[] = [
  {
    ShipmentId: 1,
    OrganizationCode: 'HH1',
    ShipmentStatusCode: 'OPEN',
    LastUpdateDate: new Date('2024-03-01T10:00:00Z'),
  },
  {
    ShipmentId: 2,
    OrganizationCode: 'CHI',
    ShipmentStatusCode: 'OPEN',
    LastUpdateDate: new Date('2024-03-02T10:00:00Z'),
  },
  {
    ShipmentId: 3,
    OrganizationCode: 'HH1',
    ShipmentStatusCode: 'DELIVERED',
    LastUpdateDate: new Date('2024-03-03T10:00:00Z'),
  },
];

const matching = (q: string): number[] => {
  const predicate = compileFilter(parseOracleQ(q, shipmentMeta), shipmentMeta, 'v4');
  return shipments.filter(predicate).map((row) => Number(row.ShipmentId));
};

describe('parseOracleQ', () => {
  it('reads query-by-example conditions joined by semicolons', () => {
    expect(matching('OrganizationCode=HH1;ShipmentStatusCode=OPEN')).toEqual([1]);
  });

  it('reads row-match expressions with dates, and/or and parentheses', () => {
    expect(
      matching(
        "LastUpdateDate >= '2024-03-02T10:00:00+00:00' and LastUpdateDate <= '2024-03-03T00:00:00+00:00'",
      ),
    ).toEqual([2]);
    expect(matching("(OrganizationCode = 'CHI' or ShipmentStatusCode <> 'OPEN') and ShipmentId > 1")).toEqual(
      [2, 3],
    );
  });

  it.each([
    ["ShipToPartyName LIKE 'A%'", 'Operator LIKE is not supported'],
    ["LastUpdateDate > 'last week'", 'not a valid date'],
    ["Nope = 'x'", 'Attribute Nope is not found'],
    ['ShipmentId > abc', 'Expected a value'],
  ])('rejects %s', (q, message) => {
    expect(() => parseOracleQ(q, shipmentMeta)).toThrow(message);
  });
});
