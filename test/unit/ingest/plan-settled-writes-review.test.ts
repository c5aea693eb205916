import { describe, expect, it } from 'vitest';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import {
  claimIdentifierOps,
  locatorPatch,
  settledWriteGuard,
} from '../../../core/ingest/plan-settled-writes.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import { keys } from '../../../core/items/keys.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import {
  email,
  erp,
  exampleInventory,
  exampleOrder,
  exampleProduct,
} from '../../../schemas/entities/examples.ts';
import { emptySnapshot, fast, locator, owner, plan, profile } from './settled-writes-fixtures.ts';

// Survivors of the mutation run over the settled-write planner (issue 17): the exact shape of what it
// hands the store (no `undefined` attributes, the write's cause, the locator's placement), inventory
// records taking the catalogue path, and a stored record whose identifiers changed at equal count.

const locatorOp = (ops: readonly WriteOp[]) =>
  ops.find((op) => op.op === 'patch' && op.key.pk.startsWith('SRC#'));

const SO1 = 'order#sap-s4#sales-orders#SO-1';
const P1 = 'product#windchill#parts#P-1';

describe('planSettledWrites: what reaches the store, exactly', () => {
  it('sets no customer or partition attribute at all on a locator without them', () => {
    // prepare
    const [entry] = prepareRecords(
      [exampleProduct({ key: 'P-1', version: '1' }, { partNumber: 'P-1' })],
      defaultIdentityConfig,
    ).prepared;
    if (!entry) throw new Error('no record');

    // act
    const patch = locatorPatch(entry.record, 'N1', { auxKeys: [] }, undefined);

    // assert: toStrictEqual tells an absent attribute from one set to undefined
    expect(patch).toStrictEqual({
      op: 'patch',
      key: { pk: `SRC#${P1}`, sk: 'LOCATOR' },
      set: { kind: 'locator', recordKey: P1, versionOrd: 'N1', deleted: false, linkIds: [], auxKeys: [] },
      remove: ['customerId'],
      condition: { kind: 'absent' },
    });
  });

  it('guards a write into a customer the page created on its status only, with no revision attribute', () => {
    // act
    const guard = settledWriteGuard('c1');

    // assert: and no restructuring under way for it
    expect(guard.condition).toStrictEqual({
      kind: 'matches',
      attributes: { status: 'active', restructuring: null },
    });
  });

  it('gives a claimed identifier’s owner item its claiming record as first carrier and nobody contesting it', () => {
    // act
    const [ownerPut] = claimIdentifierOps(
      'erp:sap-s4:1',
      { customerId: 'c1', firstCarrier: 'customer#sap-s4#bp#1' },
      (k) => `h(${k})`,
    );

    // assert
    expect(ownerPut).toStrictEqual({
      op: 'put',
      item: {
        pk: 'ID#h(erp:sap-s4:1)',
        sk: 'OWNER',
        kind: 'identifier',
        idKey: 'erp:sap-s4:1',
        customerId: 'c1',
        contestedBy: [],
        firstCarrier: 'customer#sap-s4#bp#1',
      },
      condition: { kind: 'absent' },
    });
  });

  it('writes a customer’s record as caused by the ingest, and places its locator at the customer', () => {
    // act
    const write = fast(
      plan([
        exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')], {
          lines: [
            { partNumber: 'P-1', quantity: 1 },
            { partNumber: 'P-2', quantity: 1 },
          ],
        }),
      ])[0],
    );

    // assert
    const main = write.ops[0];
    expect(main).toMatchObject({ op: 'put', item: { sk: keys.record(SO1), cause: 'ingest' } });
    // The first line is the order item's own part-index entry: only the second has an item to locate.
    expect(locatorOp(write.ops)).toMatchObject({
      set: { customerId: 'c1', partition: keys.customer('c1'), auxKeys: [`LINE#${SO1}#20`] },
    });
  });

  it('writes a part as caused by the ingest', () => {
    // act
    const write = fast(plan([exampleProduct({ key: 'P-1', version: '1' }, { partNumber: 'P-1' })])[0]);

    // assert
    expect(write.ops[0]).toMatchObject({ op: 'put', item: { cause: 'ingest' } });
  });

  it('writes an inventory record into its part’s partition without a customer, like a part', () => {
    // act
    const write = fast(
      plan([exampleInventory({ key: 'INV-1', version: '1' }, { partNumber: 'P-7', onHand: 3 })])[0],
    );

    // assert
    expect(write.customerId).toBeUndefined();
    expect(write.guard).toBeUndefined();
    expect(write.ops[0]).toMatchObject({ op: 'put', item: { pk: 'PRODUCT#P-7', entity: 'inventory' } });
  });

  it('tombstones a deleted part’s locator with no order lines kept', () => {
    // prepare
    const snapshot = emptySnapshot();
    snapshot.locators.set(P1, locator(P1, { partition: 'PRODUCT#P-1', auxKeys: ['OLD'] }));
    const deleted = exampleProduct({ key: 'P-1', version: '2', deleted: true }, { partNumber: 'P-1' });

    // act
    const write = fast(plan([deleted], snapshot)[0]);

    // assert
    expect(locatorOp(write.ops)).toMatchObject({ set: { deleted: true, auxKeys: [] } });
  });
});

describe('planSettledWrites: stored records that must be re-resolved', () => {
  it('sends a stored record whose identifiers changed, at the same count, to the identity path', () => {
    // prepare: stored with erp 1 and one e-mail, now with erp 1 and another e-mail, all owned by c7
    const snapshot = emptySnapshot();
    for (const idKey of ['erp:sap-s4:1', 'email:new@b.de']) snapshot.owners.set(idKey, owner(idKey, 'c7'));
    snapshot.profiles.set('c7', profile('c7'));
    snapshot.locators.set(
      SO1,
      locator(SO1, { customerId: 'c7', linkIds: ['erp:sap-s4:1', 'email:old@b.de'] }),
    );

    // act
    const [entry] = plan(
      [exampleOrder({ key: 'SO-1', version: '2' }, [erp('1'), email('new@b.de')])],
      snapshot,
    );

    // assert
    expect(entry?.kind).toBe('slow');
  });

  it('sends a stored record without a customer to the identity path even when its identifiers are unchanged', () => {
    // prepare
    const snapshot = emptySnapshot();
    snapshot.owners.set('erp:sap-s4:1', owner('erp:sap-s4:1', 'c7'));
    snapshot.profiles.set('c7', profile('c7'));
    snapshot.locators.set(SO1, locator(SO1, { linkIds: ['erp:sap-s4:1'] }));

    // act
    const [entry] = plan([exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')])], snapshot);

    // assert
    expect(entry?.kind).toBe('slow');
  });

  it('updates a stored record in place when the same identifiers come in another order', () => {
    // prepare
    const snapshot = emptySnapshot();
    for (const idKey of ['erp:sap-s4:1', 'email:a@b.de']) snapshot.owners.set(idKey, owner(idKey, 'c7'));
    snapshot.profiles.set('c7', profile('c7'));
    snapshot.locators.set(SO1, locator(SO1, { customerId: 'c7', linkIds: ['email:a@b.de', 'erp:sap-s4:1'] }));

    // act
    const [entry] = plan(
      [exampleOrder({ key: 'SO-1', version: '2' }, [erp('1'), email('a@b.de')])],
      snapshot,
    );

    // assert
    expect(fast(entry).customerId).toBe('c7');
  });
});
