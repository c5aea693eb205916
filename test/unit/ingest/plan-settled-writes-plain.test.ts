import { describe, expect, it } from 'vitest';
import type { IngestSnapshot } from '../../../core/ingest/snapshot.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { emptySnapshot, fast, locator, owner, plan, profile } from './settled-writes-fixtures.ts';

// The plain-write form the settled-write planner gives a record (core/ingest/plan-settled-writes.ts, written by
// core/ingest/write-plain.ts): only a known, active customer's record that claims nothing and has not lost a
// plain write to another writer gets one, and it holds exactly the atomic commit's items, drops and locator.

const SO1 = 'order#sap-s4#sales-orders#SO-1';

const threeLines = (version: string, identifiers = [erp('1')]) =>
  exampleOrder({ key: 'SO-1', version }, identifiers, {
    lines: [
      { partNumber: 'P-1', quantity: 1 },
      { partNumber: 'P-2', quantity: 2 },
      { partNumber: 'P-3', quantity: 3 },
    ],
  });

/** Customer c7 owns ERP 1 and is active at revision 4. */
const knownCustomer = (): IngestSnapshot => {
  const snapshot = emptySnapshot();
  snapshot.owners.set('erp:sap-s4:1', owner('erp:sap-s4:1', 'c7'));
  snapshot.profiles.set('c7', profile('c7'));
  return snapshot;
};

const planWith = (
  records: CanonicalRecordInput[],
  snapshot: IngestSnapshot,
  atomic?: ReadonlySet<string>,
  plainWrites = true,
) => {
  let n = 0;
  return plan(records, snapshot, {
    newCustomerId: () => `n${++n}`,
    plainWrites,
    ...(atomic ? { atomic } : {}),
  });
};

const puts = (ops: readonly WriteOp[]) => ops.flatMap((op) => (op.op === 'put' ? [op.item] : []));

describe('planSettledWrites: the plain-write form', () => {
  it("gives a known customer's stored record the atomic commit's items, drops and locator, with the revision it read", () => {
    // prepare: version 1 had lines 1…4 (items for 20, 30, 40); version 2 has three lines
    const snapshot = knownCustomer();
    snapshot.locators.set(
      SO1,
      locator(SO1, {
        customerId: 'c7',
        partition: 'CUST#c7',
        linkIds: ['erp:sap-s4:1'],
        auxKeys: [`LINE#${SO1}#20`, `LINE#${SO1}#30`, `LINE#${SO1}#40`],
      }),
    );

    // act
    const write = fast(planWith([threeLines('2')], snapshot)[0]);

    // assert
    const locatorOp = write.ops.at(-1);
    expect(write.plain).toStrictEqual({
      customerId: 'c7',
      rev: 4,
      versionOrd: write.prepared.versionOrd,
      items: puts(write.ops),
      replaces: { versionOrd: 'N0', lines: [`LINE#${SO1}#20`, `LINE#${SO1}#30`, `LINE#${SO1}#40`] },
      drops: [{ pk: 'CUST#c7', sk: `LINE#${SO1}#40` }],
      locator: locatorOp,
    });
    expect(write.plain?.items.map((i) => i.sk)).toEqual([`REC#${SO1}`, `LINE#${SO1}#20`, `LINE#${SO1}#30`]);
    expect(locatorOp).toMatchObject({ op: 'patch', key: { pk: `SRC#${SO1}` } });
  });

  it("gives a known customer's new record a plain form without drops", () => {
    // act
    const write = fast(planWith([threeLines('1')], knownCustomer())[0]);

    // assert
    expect(write.plain).toMatchObject({
      customerId: 'c7',
      rev: 4,
      drops: [],
      replaces: { versionOrd: null, lines: [] },
    });
    expect(write.plain?.items).toHaveLength(3);
  });

  it('gives no plain form when plain writes are off (the default): the record goes in the atomic commit', () => {
    // act
    const write = fast(planWith([threeLines('1')], knownCustomer(), undefined, false)[0]);

    // assert
    expect(write.plain).toBeUndefined();
    expect(write.ops.length).toBeGreaterThan(0);
  });

  it('gives no plain form to a record of a customer the page creates, first or later', () => {
    // act: the customer record creates n1; the order of it joins that new customer
    const entries = planWith(
      [exampleCustomer({ key: '1', version: '1' }, [erp('1')]), threeLines('1')],
      emptySnapshot(),
    );

    // assert: both are fast, neither plain (the second's guard checks the status only)
    expect(entries.map((e) => fast(e).customerId)).toEqual(['n1', 'n1']);
    expect(entries.map((e) => fast(e).plain)).toEqual([undefined, undefined]);
    expect(entries.map((e) => 'plain' in fast(e))).toEqual([false, false]);
  });

  it('gives no plain form to a record that claims an identifier for a known customer', () => {
    // act: ERP 1 is c7's, the e-mail is nobody's yet: the record claims it
    const write = fast(planWith([threeLines('1', [erp('1'), email('new@x.de')])], knownCustomer())[0]);

    // assert
    expect(write.customerId).toBe('c7');
    expect(write.ops.some((op) => op.op === 'put' && op.item.sk === 'OWNER')).toBe(true);
    expect(write.plain).toBeUndefined();
  });

  it('gives no plain form to a record that reaches a known customer through an identifier another record of the page claims', () => {
    // act: the first order claims new@ for c7; the second links through new@ alone, so it stands or falls with that
    // claim and goes in its commit (the crash property once found it written plain after the claim lost a race)
    const [claiming, following] = planWith(
      [
        threeLines('1', [erp('1'), email('new@x.de')]),
        exampleOrder({ key: 'SO-2', version: '1' }, [email('new@x.de')]),
      ],
      knownCustomer(),
    ).map(fast);

    // assert
    expect([claiming?.customerId, following?.customerId]).toEqual(['c7', 'c7']);
    expect(following?.ops.some((op) => op.op === 'put' && op.item.sk === 'OWNER')).toBe(false);
    expect(following?.plain).toBeUndefined();
  });

  it('gives no plain form to a record that lost a plain write to another writer, and keeps it for the others', () => {
    // prepare
    const other = exampleOrder({ key: 'SO-2', version: '1' }, [erp('1')]);

    // act
    const entries = planWith([threeLines('1'), other], knownCustomer(), new Set([SO1]));

    // assert: SO-1 goes atomically with the same ops as before; SO-2 keeps its plain form
    const [first, second] = entries.map(fast);
    expect(first?.plain).toBeUndefined();
    expect(first?.guard).toMatchObject({ condition: { attributes: { status: 'active', rev: 4 } } });
    expect(second?.plain?.customerId).toBe('c7');
  });
});
