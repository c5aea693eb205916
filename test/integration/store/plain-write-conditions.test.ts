import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbBackend } from '../../../adapters/dynamodb/dynamodb-backend.ts';
import { conditionHolds, MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { WriteCondition } from '../../../core/items/write-ops.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

// The plain-write path's conditions (core/ingest/write-plain.ts) as DynamoDB Local evaluates the adapter's
// expressions, next to the in-memory backend's reading of the same conditions, case by case: the property
// tests run on the in-memory backend, so the two must agree.

const stored = (attributes: Record<string, unknown>) => ({ pk: 'CUST#c1', sk: 'REC#k', ...attributes });

const copy = (replaces: string | null): WriteCondition => ({
  kind: 'copyReplaces',
  replaces,
  versionOrd: 'N5',
  writer: 'w1',
});

const CASES: ReadonlyArray<{ name: string; current?: Item; condition: WriteCondition; holds: boolean }> = [
  { name: 'a new copy where nothing is stored', condition: copy(null), holds: true },
  {
    name: 'a new copy where a version is stored',
    current: stored({ versionOrd: 'N3' }),
    condition: copy(null),
    holds: false,
  },
  {
    name: 'a copy over the version the plan read',
    current: stored({ versionOrd: 'N3' }),
    condition: copy('N3'),
    holds: true,
  },
  {
    name: 'a copy over another version than read',
    current: stored({ versionOrd: 'N4' }),
    condition: copy('N3'),
    holds: false,
  },
  {
    name: 'a copy over an unversioned line',
    current: stored({ kind: 'orderLine' }),
    condition: copy('N3'),
    holds: true,
  },
  { name: 'a copy where the read item is gone', condition: copy('N3'), holds: false },
  {
    name: "the writer's own copy again",
    current: stored({ versionOrd: 'N5', writer: 'w1' }),
    condition: copy('N3'),
    holds: true,
  },
  {
    name: "the writer's own copy again, new record",
    current: stored({ versionOrd: 'N5', writer: 'w1' }),
    condition: copy(null),
    holds: true,
  },
  {
    name: "another writer's copy of the same version",
    current: stored({ versionOrd: 'N5', writer: 'w2' }),
    condition: copy('N3'),
    holds: false,
  },
  {
    name: 'a newer version',
    current: stored({ versionOrd: 'N6', writer: 'w1' }),
    condition: copy('N3'),
    holds: false,
  },
  { name: 'no locator', condition: { kind: 'notLocatedIn', partition: 'CUST#c1' }, holds: true },
  {
    name: 'a locator placing the record elsewhere',
    current: stored({ partition: 'CUST#c2' }),
    condition: { kind: 'notLocatedIn', partition: 'CUST#c1' },
    holds: true,
  },
  {
    name: 'a locator placing the record here',
    current: stored({ partition: 'CUST#c1' }),
    condition: { kind: 'notLocatedIn', partition: 'CUST#c1' },
    holds: false,
  },
  {
    name: 'a tombstone that placed it here',
    current: stored({ partition: 'CUST#c1', deleted: true }),
    condition: { kind: 'notLocatedIn', partition: 'CUST#c1' },
    holds: true,
  },
  {
    name: 'a locator without a partition',
    current: stored({ deleted: false }),
    condition: { kind: 'notLocatedIn', partition: 'CUST#c1' },
    holds: true,
  },
];

describe('plain-write conditions on DynamoDB Local and in memory', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await createTestTable('plain-conditions');
  });
  afterAll(async () => {
    await table?.drop();
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))(
    '%s: both hold or both refuse, as expected',
    async (_name, c, i) => {
      // prepare: the same current item in both stores (a key of its own per case)
      const key = { pk: `CASE#${i}`, sk: 'ITEM' };
      const dynamo = new DynamoDbBackend(table.documentClient, table.tableName);
      const memory = new MemoryBackend();
      if (c.current) {
        const current = { ...c.current, ...key };
        await dynamo.writeEach([{ op: 'put', item: current }]);
        await memory.writeEach([{ op: 'put', item: current }]);
      }

      // act
      const op = {
        op: 'put',
        item: { ...key, versionOrd: 'N5', writer: 'w1' },
        condition: c.condition,
      } as const;
      const [onDynamo] = await dynamo.writeEach([op]);
      const [inMemory] = await memory.writeEach([op]);

      // assert
      const expected = c.holds ? 'written' : 'conditionFailed';
      expect(onDynamo).toBe(expected);
      expect(inMemory).toBe(expected);
      expect(conditionHolds(c.condition, c.current ? { ...c.current, ...key } : undefined)).toBe(c.holds);
    },
  );
});
