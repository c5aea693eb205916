import { describe, expect, it } from 'vitest';
import { buildCondition, buildTransactWrite } from '../../../adapters/dynamodb/dynamodb-requests.ts';
import { conditionHolds } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { compareVersions, versionOrder } from '../../../core/identity/version-order.ts';
import { packCommits } from '../../../core/ingest/pack-commits.ts';
import { planSettledWrites } from '../../../core/ingest/plan-settled-writes.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import { keys } from '../../../core/items/keys.ts';
import { MAX_OPS_PER_COMMIT, type WriteOp } from '../../../core/items/write-ops.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';

const context = (overrides: Partial<Parameters<typeof planSettledWrites>[1]> = {}) => {
  let n = 0;
  return {
    snapshot: { owners: new Map(), locators: new Map(), profiles: new Map(), moved: new Set<string>() },
    config: defaultIdentityConfig,
    hashOf: (k: string) => k,
    newCustomerId: () => `c${++n}`,
    now: '2026-03-01T00:00:00Z',
    ...overrides,
  };
};

describe('version order', () => {
  it('orders ISO timestamps as instants, digit strings as numbers', () => {
    expect(compareVersions('2026-03-01T10:00:00+02:00', '2026-03-01T09:00:00Z')).toBeLessThan(0);
    expect(compareVersions('9', '10')).toBeLessThan(0);
    expect(compareVersions('2026-03-01T00:00:00.0002Z', '2026-03-01T00:00:00.0001Z')).toBeGreaterThan(0);
    expect(versionOrder('abc')).toBe('Sabc');
  });
});

describe('prepareRecords', () => {
  it('keeps the newest version of a record in a page and explains the others', () => {
    const { prepared, outcomes } = prepareRecords(
      [
        exampleCustomer({ key: '1', version: '2' }, [erp('1')]),
        exampleCustomer({ key: '1', version: '3' }, [erp('1')]),
        exampleCustomer({ key: '1', version: '3' }, [erp('1')]),
        exampleCustomer({ key: '2', version: '1' }, [erp('1'), erp('2')]),
      ],
      defaultIdentityConfig,
    );
    expect(prepared.map((p) => p.index)).toEqual([1]);
    expect(outcomes.map((o) => [o.index, o.outcome])).toEqual([
      [0, 'stale'],
      [2, 'unchanged'],
      [3, 'rejected'],
    ]);
  });
});

describe('planSettledWrites', () => {
  it('puts two records of one new customer in one page on the same customer', () => {
    const { prepared } = prepareRecords(
      [
        exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('a@b.de')]),
        exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')]),
      ],
      defaultIdentityConfig,
    );
    const plan = planSettledWrites(prepared, context());
    const customers = plan.map((e) => (e.kind === 'fast' ? e.write.customerId : e.kind));
    expect(customers).toEqual(['c1', 'c1']);
  });

  it('sends a record linking two customers to the identity path', () => {
    const { prepared } = prepareRecords(
      [exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('a@b.de')])],
      defaultIdentityConfig,
    );
    const owner = (customerId: string, idKey: string) => ({
      kind: 'identifier' as const,
      idKey,
      customerId,
      contestedBy: [],
    });
    const snapshot = {
      owners: new Map([
        ['erp:sap-s4:1', owner('c1', 'erp:sap-s4:1')],
        ['email:a@b.de', owner('c2', 'email:a@b.de')],
      ]),
      locators: new Map(),
      profiles: new Map(),
      moved: new Set<string>(),
    };
    expect(planSettledWrites(prepared, context({ snapshot }))[0]?.kind).toBe('slow');
  });
});

describe('packCommits', () => {
  it('never exceeds the transaction limit and writes a customer guard once per commit', () => {
    const records = Array.from({ length: 60 }, (_, i) =>
      exampleOrder({ key: `SO-${i}`, version: '1' }, [erp(String(i % 3))]),
    );
    const { prepared } = prepareRecords(records, defaultIdentityConfig);
    const writes = planSettledWrites(prepared, context()).flatMap((e) =>
      e.kind === 'fast' ? [e.write] : [],
    );
    const waves = packCommits(writes);
    const commits = waves.flat();
    expect(commits.every((c) => c.ops.length <= MAX_OPS_PER_COMMIT)).toBe(true);
    const keyOf = (op: WriteOp) =>
      op.op === 'put' ? `${op.item.pk}|${op.item.sk}` : `${op.key.pk}|${op.key.sk}`;
    for (const c of commits) {
      const opKeys = c.ops.map(keyOf);
      expect(new Set(opKeys).size).toBe(opKeys.length);
      // The guard is the op on the customer's profile item: exactly one per customer written in the commit.
      const customers = [...new Set(c.writes.map((w) => w.customerId))];
      for (const customerId of customers) {
        const guards = opKeys.filter((k) => k === `${keys.customer(customerId ?? '')}|${keys.profile}`);
        expect(guards).toHaveLength(1);
      }
    }
    expect(commits.flatMap((c) => c.writes)).toHaveLength(60);
  });
});

describe('write conditions', () => {
  it('the DynamoDB expression and the in-memory evaluation agree on version order', () => {
    const condition = { kind: 'absentOrOlder', versionOrd: 'N5' } as const;
    expect(buildCondition(condition).ConditionExpression).toBe('attribute_not_exists(#cpk) OR #cver < :cver');
    expect(conditionHolds(condition, undefined)).toBe(true);
    expect(conditionHolds(condition, { pk: 'a', sk: 'b', versionOrd: 'N4' })).toBe(true);
    expect(conditionHolds(condition, { pk: 'a', sk: 'b', versionOrd: 'N5' })).toBe(false);
  });

  it('builds a TransactWriteItems request with a condition per item', () => {
    const request = buildTransactWrite('tbl', [
      { op: 'put', item: { pk: 'p', sk: 's' }, condition: { kind: 'absent' } },
      {
        op: 'check',
        key: { pk: 'CUST#1', sk: 'PROFILE' },
        condition: { kind: 'matches', attributes: { rev: 3 } },
      },
    ]);
    expect(request.TransactItems?.[1]?.ConditionCheck).toMatchObject({
      ConditionExpression: 'attribute_exists(#cpk) AND #c0 = :c0',
      ExpressionAttributeValues: { ':c0': 3 },
    });
  });
});
