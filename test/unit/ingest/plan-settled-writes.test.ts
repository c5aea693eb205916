import { describe, expect, it } from 'vitest';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import {
  type FastPlanEntry,
  locatorPatch,
  settledWriteGuard,
} from '../../../core/ingest/plan-settled-writes.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import { keys } from '../../../core/items/keys.ts';
import type { LocatorItem, ProfileItem } from '../../../core/items/state-items.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import {
  email,
  erp,
  exampleCustomer,
  exampleOrder,
  exampleProduct,
} from '../../../schemas/entities/examples.ts';
import { emptySnapshot, fast, locator, NOW, owner, plan, profile } from './settled-writes-fixtures.ts';

const kinds = (entries: FastPlanEntry[]) => entries.map((e) => e.kind);
const opKeys = (ops: readonly WriteOp[]) =>
  ops.map(
    (op) => `${op.op} ${op.op === 'put' ? `${op.item.pk}|${op.item.sk}` : `${op.key.pk}|${op.key.sk}`}`,
  );

const C1 = 'customer#sap-s4#business-partners#1';
const SO1 = 'order#sap-s4#sales-orders#SO-1';
const P1 = 'product#windchill#parts#P-1';

describe('planSettledWrites: a new customer', () => {
  it('creates the customer with a guarded profile put and claims every identifier', () => {
    const write = fast(plan([exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('a@b.de')])])[0]);

    expect(write.customerId).toBe('c1');
    expect(write.guard).toEqual({
      op: 'put',
      item: {
        pk: 'CUST#c1',
        sk: 'PROFILE',
        kind: 'profile',
        customerId: 'c1',
        status: 'active',
        rev: 0,
        seedRecord: C1,
        createdAt: NOW,
      },
      condition: { kind: 'absent' },
    });
    expect(opKeys(write.ops)).toEqual([
      `put CUST#c1|REC#${C1}`,
      `patch SRC#${C1}|LOCATOR`,
      'put ID#h(erp:sap-s4:1)|OWNER',
      'put CUST#c1|ID#erp:sap-s4:1',
      'put ID#h(email:a@b.de)|OWNER',
      'put CUST#c1|ID#email:a@b.de',
    ]);
    expect(write.ops[2]).toMatchObject({
      condition: { kind: 'absent' },
      item: { customerId: 'c1', contestedBy: [], idKey: 'erp:sap-s4:1' },
    });
    expect(write.ops[3]).toMatchObject({
      item: { kind: 'identifierMirror', identifier: { type: 'erp', value: 'sap-s4:1' } },
    });
  });

  it('puts a second record of the new customer in the same page under it with a guard that needs no revision', () => {
    const [first, second] = plan([
      exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
      exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')]),
    ]);

    expect(fast(first).customerId).toBe('c1');
    expect(fast(second).customerId).toBe('c1');
    expect(fast(second).guard).toEqual(settledWriteGuard('c1'));
    // The identifier was claimed by the first record: the second does not claim it again. An order of one
    // line is the order item alone (its part-index entry is that line).
    expect(opKeys(fast(second).ops)).toEqual([`put CUST#c1|REC#${SO1}`, `patch SRC#${SO1}|LOCATOR`]);
  });
});

describe('planSettledWrites: an existing customer', () => {
  it('writes into the owner’s customer guarded by its revision, claiming a new e-mail', () => {
    const snapshot = emptySnapshot();
    snapshot.owners.set('erp:sap-s4:1', owner('erp:sap-s4:1', 'c7'));
    snapshot.profiles.set('c7', profile('c7'));

    const write = fast(
      plan([exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('a@b.de')])], snapshot)[0],
    );

    expect(write.customerId).toBe('c7');
    expect(write.guard).toEqual(settledWriteGuard('c7', 4));
    expect(opKeys(write.ops).slice(-2)).toEqual([
      'put ID#h(email:a@b.de)|OWNER',
      'put CUST#c7|ID#email:a@b.de',
    ]);
  });

  it('sends the record to the identity path when the customer is not active, entangled or unknown', () => {
    const entries = (p: ProfileItem | undefined) => {
      const snapshot = emptySnapshot();
      snapshot.owners.set('erp:sap-s4:1', owner('erp:sap-s4:1', 'c7'));
      if (p) snapshot.profiles.set('c7', p);
      return kinds(plan([exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')])], snapshot));
    };

    expect(entries(profile('c7', { status: 'merged' }))).toEqual(['slow']);
    expect(entries(profile('c7', { entangled: true }))).toEqual(['slow']);
    expect(entries(undefined)).toEqual(['slow']);
    expect(entries(profile('c7'))).toEqual(['fast']);
  });

  it("keeps a new version of an entangled customer's record on the fast path when its link ids stay, and sends a new record or a deleted one's return to the identity path", () => {
    const entries = (stored: LocatorItem | undefined) => {
      const snapshot = emptySnapshot();
      snapshot.owners.set('erp:sap-s4:1', owner('erp:sap-s4:1', 'c7'));
      snapshot.profiles.set('c7', profile('c7', { entangled: true }));
      if (stored) snapshot.locators.set(SO1, stored);
      return kinds(plan([exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')])], snapshot));
    };
    const held = { customerId: 'c7', partition: 'CUST#c7', linkIds: ['erp:sap-s4:1'] };

    // The resolution groups by link ids only: the same ids on the same record change nothing it decides.
    expect(entries(locator(SO1, held))).toEqual(['fast']);
    expect(entries(undefined)).toEqual(['slow']);
    expect(entries(locator(SO1, { ...held, deleted: true }))).toEqual(['slow']);
  });

  it('lets a new record of an entangled customer join on the fast path only after the record that first carried all its link ids', () => {
    const entries = (
      firstCarriers: Record<string, string | undefined>,
      ids = [erp('1')],
      stored: LocatorItem | undefined = undefined,
    ) => {
      const snapshot = emptySnapshot();
      for (const [idKey, firstCarrier] of Object.entries(firstCarriers))
        snapshot.owners.set(idKey, { ...owner(idKey, 'c7'), ...(firstCarrier ? { firstCarrier } : {}) });
      snapshot.profiles.set('c7', profile('c7', { entangled: true }));
      if (stored) snapshot.locators.set(SO1, stored);
      return kinds(plan([exampleOrder({ key: 'SO-1', version: '1' }, ids)], snapshot));
    };
    const later = 'order#sap-s4#sales-orders#SO-9';

    // The customer master C1 sorts before the order and carried its ERP number first (joinsAsResolved).
    expect(entries({ 'erp:sap-s4:1': C1 })).toEqual(['fast']);
    expect(entries({ 'erp:sap-s4:1': later })).toEqual(['slow']);
    expect(entries({ 'erp:sap-s4:1': undefined })).toEqual(['slow']);
    expect(entries({ 'erp:sap-s4:1': C1, 'email:a@b.de': C1 }, [erp('1'), email('a@b.de')])).toEqual([
      'fast',
    ]);
    expect(entries({ 'erp:sap-s4:1': C1, 'email:a@b.de': later }, [erp('1'), email('a@b.de')])).toEqual([
      'slow',
    ]);
    // It claims an identifier, or a deleted version of it was separated from another record by an unmerge.
    expect(entries({ 'erp:sap-s4:1': C1 }, [erp('1'), email('new@b.de')])).toEqual(['slow']);
    const separated = locator(SO1, { deleted: true, separateFrom: [C1] });
    expect(entries({ 'erp:sap-s4:1': C1 }, [erp('1')], separated)).toEqual(['slow']);
    expect(entries({ 'erp:sap-s4:1': C1 }, [erp('1')], { ...separated, separateFrom: [] })).toEqual(['fast']);
  });

  it('sends a record to the identity path when it brings a new unique identifier, a contested one, or links two customers', () => {
    const snapshot = emptySnapshot();
    snapshot.owners.set('email:a@b.de', owner('email:a@b.de', 'c7'));
    snapshot.owners.set('email:x@b.de', owner('email:x@b.de', 'c8', ['c9']));
    snapshot.owners.set('email:y@b.de', owner('email:y@b.de', 'c8'));
    snapshot.profiles.set('c7', profile('c7'));
    snapshot.profiles.set('c8', profile('c8'));

    const entries = plan(
      [
        exampleOrder({ key: 'SO-1', version: '1' }, [email('a@b.de'), erp('5')]),
        exampleOrder({ key: 'SO-2', version: '1' }, [email('x@b.de')]),
        exampleOrder({ key: 'SO-3', version: '1' }, [email('a@b.de'), email('y@b.de')]),
        exampleOrder({ key: 'SO-4', version: '1' }, [email('a@b.de'), email('new@b.de')]),
      ],
      snapshot,
    );

    expect(kinds(entries)).toEqual(['slow', 'slow', 'slow', 'fast']);
  });

  it('sends a record whose identifier moved while the snapshot was read to the identity path', () => {
    const snapshot = emptySnapshot();
    snapshot.moved.add('erp:sap-s4:1');

    expect(kinds(plan([exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')])], snapshot))).toEqual([
      'slow',
    ]);
  });
});

describe('planSettledWrites: records the store knows', () => {
  it('reports a stored version unchanged, an older one stale, and a suppressed identifier suppressed', () => {
    const snapshot = emptySnapshot();
    snapshot.locators.set(C1, locator(C1, { versionOrd: 'N000000000000000000000000000001' }));
    snapshot.locators.set(SO1, locator(SO1, { versionOrd: 'N000000000000000000000000000009' }));
    snapshot.owners.set('email:gone@b.de', 'suppressed');

    const entries = plan(
      [
        exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
        exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')]),
        exampleOrder({ key: 'SO-2', version: '1' }, [email('gone@b.de')]),
      ],
      snapshot,
    );

    expect(entries).toEqual([
      { kind: 'done', outcome: { index: 0, outcome: 'unchanged', recordKey: C1 } },
      { kind: 'done', outcome: { index: 1, outcome: 'stale', recordKey: SO1 } },
      {
        kind: 'done',
        outcome: { index: 2, outcome: 'suppressed', recordKey: 'order#sap-s4#sales-orders#SO-2' },
      },
    ]);
  });

  it('updates a stored record in place, deleting order lines the new version no longer has', () => {
    const snapshot = emptySnapshot();
    snapshot.owners.set('erp:sap-s4:1', owner('erp:sap-s4:1', 'c7'));
    snapshot.profiles.set('c7', profile('c7'));
    snapshot.locators.set(
      SO1,
      locator(SO1, {
        customerId: 'c7',
        partition: 'CUST#c7',
        linkIds: ['erp:sap-s4:1'],
        auxKeys: [`LINE#${SO1}#20`],
      }),
    );

    // Version 1 had two lines (the order item and LINE#…#20); version 2 keeps one, the order item's own.
    const write = fast(plan([exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')])], snapshot)[0]);

    expect(opKeys(write.ops)).toEqual([
      `put CUST#c7|REC#${SO1}`,
      `delete CUST#c7|LINE#${SO1}#20`,
      `patch SRC#${SO1}|LOCATOR`,
    ]);
    expect(write.ops.at(-1)).toMatchObject({
      condition: { kind: 'matches', attributes: { versionOrd: 'N0', customerId: 'c7' } },
    });
  });

  it('sends a stored record to the identity path when its identifiers changed, it has no customer, or its owner differs', () => {
    const variants: Partial<LocatorItem>[] = [
      { customerId: 'c7', linkIds: ['erp:sap-s4:2'] },
      { customerId: 'c7', linkIds: ['erp:sap-s4:1', 'email:a@b.de'] },
      { linkIds: ['erp:sap-s4:1'] },
      { customerId: 'c8', linkIds: ['erp:sap-s4:1'] },
    ];

    const results = variants.map((v) => {
      const snapshot = emptySnapshot();
      snapshot.owners.set('erp:sap-s4:1', owner('erp:sap-s4:1', 'c7'));
      snapshot.profiles.set('c7', profile('c7'));
      snapshot.locators.set(SO1, locator(SO1, v));
      return plan([exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')])], snapshot)[0]?.kind;
    });

    expect(results).toEqual(['slow', 'slow', 'slow', 'slow']);
  });

  it('sends a stored record whose identifiers nobody owns any more to the identity path instead of creating a customer', () => {
    const snapshot = emptySnapshot();
    snapshot.locators.set(SO1, locator(SO1, { customerId: 'c7', linkIds: ['erp:sap-s4:1'] }));

    expect(kinds(plan([exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')])], snapshot))).toEqual([
      'slow',
    ]);
  });

  it('writes a deletion of an unknown or already deleted record as a tombstone locator only', () => {
    const snapshot = emptySnapshot();
    snapshot.locators.set(SO1, locator(SO1, { deleted: true, customerId: 'c7' }));

    const [unknown, deleted] = plan(
      [
        exampleCustomer({ key: '1', version: '1', deleted: true }, [erp('1')]),
        exampleOrder({ key: 'SO-1', version: '2', deleted: true }, [erp('1')]),
      ],
      snapshot,
    );

    expect(fast(unknown)).toMatchObject({ customerId: undefined, guard: undefined });
    expect(fast(unknown).ops).toEqual([
      {
        op: 'patch',
        key: { pk: `SRC#${C1}`, sk: 'LOCATOR' },
        set: {
          kind: 'locator',
          recordKey: C1,
          versionOrd: expect.any(String),
          deleted: true,
          linkIds: [],
          auxKeys: [],
        },
        remove: ['customerId'],
        condition: { kind: 'absent' },
      },
    ]);
    expect(opKeys(fast(deleted).ops)).toEqual([`patch SRC#${SO1}|LOCATOR`]);
  });

  it('sends a deletion of a live record to the identity path', () => {
    const snapshot = emptySnapshot();
    snapshot.locators.set(SO1, locator(SO1, { customerId: 'c7', linkIds: ['erp:sap-s4:1'] }));

    expect(
      kinds(plan([exampleOrder({ key: 'SO-1', version: '2', deleted: true }, [erp('1')])], snapshot)),
    ).toEqual(['slow']);
  });
});

describe('planSettledWrites: catalogue records', () => {
  it('writes a part into its part partition without a customer or guard', () => {
    const write = fast(plan([exampleProduct({ key: 'P-1', version: '1' }, { partNumber: 'P-1' })])[0]);

    expect(write).toMatchObject({ customerId: undefined, guard: undefined });
    expect(opKeys(write.ops)).toEqual([`put PRODUCT#P-1|REC#${P1}`, `patch SRC#${P1}|LOCATOR`]);
    expect(write.ops[1]).toMatchObject({
      set: { partition: 'PRODUCT#P-1', auxKeys: [] },
      remove: ['customerId'],
    });
  });

  it('moves a part whose part number changed out of its old partition', () => {
    const snapshot = emptySnapshot();
    snapshot.locators.set(P1, locator(P1, { partition: 'PRODUCT#P-0' }));

    const write = fast(
      plan([exampleProduct({ key: 'P-1', version: '2' }, { partNumber: 'P-1' })], snapshot)[0],
    );

    expect(opKeys(write.ops)).toEqual([
      `delete PRODUCT#P-0|REC#${P1}`,
      `put PRODUCT#P-1|REC#${P1}`,
      `patch SRC#${P1}|LOCATOR`,
    ]);
  });

  it('does not delete a part that stays in its partition, was deleted before, or has no partition', () => {
    const variants: Partial<LocatorItem>[] = [
      { partition: 'PRODUCT#P-1' },
      { partition: 'PRODUCT#P-0', deleted: true },
      {},
    ];

    const results = variants.map((v) => {
      const snapshot = emptySnapshot();
      snapshot.locators.set(P1, locator(P1, v));
      return opKeys(
        fast(plan([exampleProduct({ key: 'P-1', version: '2' }, { partNumber: 'P-1' })], snapshot)[0]).ops,
      );
    });

    for (const ops of results) expect(ops).toEqual([`put PRODUCT#P-1|REC#${P1}`, `patch SRC#${P1}|LOCATOR`]);
  });

  it('deletes a stored part on its tombstone and only writes the tombstone for one never stored', () => {
    const snapshot = emptySnapshot();
    snapshot.locators.set(P1, locator(P1, { partition: 'PRODUCT#P-1' }));
    const tombstone = {
      ...exampleProduct({ key: 'P-1', version: '2' }, { partNumber: 'P-1' }),
      source: { system: 'windchill', stream: 'parts', key: 'P-1', version: '2', deleted: true },
    };

    const stored = fast(plan([tombstone as CanonicalRecordInput], snapshot)[0]);
    const unknown = fast(plan([tombstone as CanonicalRecordInput])[0]);

    expect(opKeys(stored.ops)).toEqual([`delete PRODUCT#P-1|REC#${P1}`, `patch SRC#${P1}|LOCATOR`]);
    expect(opKeys(unknown.ops)).toEqual([`patch SRC#${P1}|LOCATOR`]);
  });
});

describe('locatorPatch and settledWriteGuard', () => {
  it('conditions a locator write on the locator as read and keeps the placement it is given', () => {
    const [entry] = prepareRecords(
      [exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')])],
      defaultIdentityConfig,
    ).prepared;
    if (!entry) throw new Error('no record');

    const patch = locatorPatch(
      entry.record,
      'N5',
      { customerId: 'c1', partition: 'CUST#c1', auxKeys: ['L'] },
      locator(SO1),
    );

    expect(patch).toEqual({
      op: 'patch',
      key: { pk: `SRC#${SO1}`, sk: 'LOCATOR' },
      set: {
        kind: 'locator',
        recordKey: SO1,
        versionOrd: 'N5',
        deleted: false,
        linkIds: ['erp:sap-s4:1'],
        auxKeys: ['L'],
        customerId: 'c1',
        partition: 'CUST#c1',
      },
      condition: { kind: 'matches', attributes: { versionOrd: 'N0', customerId: null } },
    });
  });

  it('guards a settled write on the customer being active, at the revision when given, and counts it', () => {
    expect(settledWriteGuard('c1')).toEqual({
      op: 'patch',
      key: { pk: keys.customer('c1'), sk: keys.profile },
      set: {},
      add: { writes: 1 },
      condition: { kind: 'matches', attributes: { status: 'active', restructuring: null } },
    });
    expect(settledWriteGuard('c1', 0)).toMatchObject({
      condition: { attributes: { status: 'active', rev: 0, restructuring: null } },
    });
  });
});
