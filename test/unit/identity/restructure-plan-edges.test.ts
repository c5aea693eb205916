import { describe, expect, it } from 'vitest';
import type { RestructurePlan } from '../../../core/identity/plan-restructure.ts';
import { keys, stableId } from '../../../core/items/keys.ts';
import { email, erp, exampleCustomer, exampleOrder, webUser } from '../../../schemas/entities/examples.ts';
import type { IdentifierInput } from '../../../schemas/entities/identifier.ts';
import {
  PLAN_NOW,
  placement,
  planChange,
  snapshot,
  stored,
  writesIn,
  writesOn,
} from './restructure-snapshot.ts';

// planRestructure on hand-made snapshots: which id a cluster keeps when several customers qualify, where a
// customer merged away now points and which merge evidence it gets, dormant pointers, owner items with
// contesting customers, and the items a moved or vanished record leaves behind.

const rk = (key: string) => `customer#sap-s4#business-partners#${key}`;
const orderKey = (key: string) => `order#sap-s4#sales-orders#${key}`;
const customer = (key: string, ids: IdentifierInput[], version = '1') =>
  stored(exampleCustomer({ key, version }, ids));
const tombstone = (key: string, ids: IdentifierInput[]) =>
  stored(exampleCustomer({ key, version: '9', deleted: true }, ids));
const profileWrites = (plan: RestructurePlan, id: string) => writesOn(plan, keys.customer(id), keys.profile);
const ownerWrites = (plan: RestructurePlan, idKey: string) =>
  writesOn(plan, keys.identifier(`h:${idKey}`), keys.owner);
const mergedAway = (id: string, into: string, rev = 3) => ({
  op: 'patch',
  key: { pk: keys.customer(id), sk: keys.profile },
  set: { status: 'merged', rev: rev + 1, mergedInto: into },
  remove: ['restructuring'],
  condition: { kind: 'matches', attributes: { rev, status: 'active', writes: null } },
});
const unmergeEntry = (survivorId: string, mergedId: string) => ({
  entryId: 'u1',
  kind: 'unmerge' as const,
  at: PLAN_NOW,
  survivorId,
  mergedId,
  evidence: {
    identifier: { type: 'email' as const, value: 'b@x.de' },
    record: {
      entity: 'customer' as const,
      system: 'sap-s4',
      stream: 'business-partners',
      key: 'B',
      version: '1',
    },
  },
  undoes: 'm1',
  restoreId: mergedId,
});

describe('planRestructure: the id of a cluster no customer seeded', () => {
  it.each([
    ['c1 holds A and c2 holds B', { c1: 'A', c2: 'B' }],
    ['c2 holds A and c1 holds B', { c2: 'A', c1: 'B' }],
  ])('gives it the smaller id when two customers hold as many of its records (%s)', (_, holds) => {
    // Both customers' seed records are gone; a new order carrying both e-mails joins A and B.
    const gathered = snapshot(
      Object.entries(holds).map(([id, key]) => ({
        id,
        seed: rk(`${id}-seed`),
        records: [customer(key, [email(`${key.toLowerCase()}@x.de`)])],
      })),
    );
    const order = stored(exampleOrder({ key: 'O', version: '1' }, [email('a@x.de'), email('b@x.de')]));

    const plan = planChange(gathered, { incoming: order });

    expect(placement(plan)).toEqual({ A: 'c1', B: 'c1', O: 'c1' });
    expect(profileWrites(plan, 'c2')).toEqual([mergedAway('c2', 'c1')]);
  });

  it('gives it the customer holding more of its records even when that id sorts later', () => {
    const gathered = snapshot([
      { id: 'c1', seed: rk('c1-seed'), records: [customer('A', [email('a@x.de')])] },
      {
        id: 'c2',
        seed: rk('c2-seed'),
        records: [customer('B', [email('b@x.de')]), customer('C', [email('b@x.de')])],
      },
    ]);
    const order = stored(exampleOrder({ key: 'O', version: '1' }, [email('a@x.de'), email('b@x.de')]));

    const plan = planChange(gathered, { incoming: order });

    expect(placement(plan)).toEqual({ A: 'c2', B: 'c2', C: 'c2', O: 'c2' });
    expect(profileWrites(plan, 'c1')).toEqual([mergedAway('c1', 'c2')]);
  });
});

describe('planRestructure: the id of a customer whose partition was not read', () => {
  // CI's property run (seed 473324520), by hand: A, deleted after an unmerge separated it from B, comes back
  // carrying only the web user of K on B's customer. The gather read B's customer and, through the unmerge entry
  // in its ledger, the profile of A's old customer c1: still active (holding records the gather never read) and
  // seeded by A. Writing A's cluster into c1 would join it with those records unresolved.
  it('gives a cluster a new id rather than that of an active customer seeded by one of its records but not read', () => {
    const gathered = snapshot(
      [
        {
          id: 'c2',
          seed: rk('B'),
          records: [
            customer('B', [email('b@x.de')]),
            stored(exampleOrder({ key: 'K', version: '3' }, [email('b@x.de'), webUser('u2')])),
          ],
        },
        { id: 'c1', seed: rk('A'), records: [] },
      ],
      { separateFrom: { [rk('B')]: [rk('A')] } },
    );
    gathered.partitions.delete('c1');
    const returning = customer('A', [webUser('u2')], '3');

    const plan = planChange(gathered, { incoming: returning, newIds: ['c3'] });

    expect(placement(plan)).toEqual({ A: 'c3', K: 'c3', B: 'c2' });
    expect(profileWrites(plan, 'c1')).toEqual([]);
    expect(writesIn(plan, keys.customer('c1'))).toEqual([]);
  });

  it('still brings back a merged customer seeded by one of its records (an unmerge restoring it)', () => {
    const gathered = snapshot([
      { id: 'c2', seed: rk('B'), records: [customer('B', [email('b@x.de')])] },
      { id: 'c1', seed: rk('A'), status: 'merged', mergedInto: 'c2' },
    ]);

    const plan = planChange(gathered, { incoming: customer('A', [email('a@x.de')]) });

    expect(placement(plan)).toEqual({ A: 'c1', B: 'c2' });
  });
});

describe('planRestructure: an unmerge', () => {
  it('gives the part the restored id even when another seeded customer there has the smaller id', () => {
    // c0 holds A, B and C; c5 (seed B) and c3 (seed C) were merged into it. Undoing c5's merge keeps A
    // apart from B; C goes with B (k@). Both c5 and c3 hold none of the part now: the restored id wins.
    const gathered = snapshot([
      {
        id: 'c0',
        seed: rk('A'),
        records: [
          customer('A', [email('a@x.de'), email('b@x.de')]),
          customer('B', [email('b@x.de'), email('k@x.de')]),
          customer('C', [email('k@x.de')]),
        ],
      },
      { id: 'c5', seed: rk('B'), status: 'merged', mergedInto: 'c0' },
      { id: 'c3', seed: rk('C'), status: 'merged', mergedInto: 'c0' },
    ]);

    const plan = planChange(gathered, {
      unmergeEntry: unmergeEntry('c0', 'c5'),
      separations: [[rk('A'), rk('B')]],
    });

    expect(placement(plan)).toEqual({ A: 'c0', B: 'c5', C: 'c5' });
    // c3's seed record is with c5 now, so its pointer follows.
    expect(profileWrites(plan, 'c3')).toEqual([
      {
        op: 'patch',
        key: { pk: keys.customer('c3'), sk: keys.profile },
        set: { mergedInto: 'c5', rev: 4 },
        remove: ['restructuring'],
        condition: { kind: 'matches', attributes: { rev: 3, status: 'merged' } },
      },
    ]);
  });

  it('writes the unmerge entry only to the customers that stay active', () => {
    // c0's own seed record is gone; it holds B (seed of c2) and C (seed of c3), both merged into it.
    // Undoing c2's merge keeps B and C apart, each part goes back to its seed's customer, and c0 is
    // left with nothing: it is merged away and gets no copy of the entry.
    const gathered = snapshot([
      {
        id: 'c0',
        seed: rk('S0'),
        records: [customer('B', [email('b@x.de'), email('k@x.de')]), customer('C', [email('k@x.de')])],
      },
      { id: 'c2', seed: rk('B'), status: 'merged', mergedInto: 'c0' },
      { id: 'c3', seed: rk('C'), status: 'merged', mergedInto: 'c0' },
    ]);

    const plan = planChange(gathered, {
      unmergeEntry: unmergeEntry('c0', 'c2'),
      separations: [[rk('B'), rk('C')]],
    });

    expect(placement(plan)).toEqual({ B: 'c2', C: 'c3' });
    expect(profileWrites(plan, 'c0')).toEqual([mergedAway('c0', 'c2')]);
    const entryWrites = plan.ops.filter((op) => op.op === 'put' && op.item.kind === 'ledger');
    expect(entryWrites).toEqual([
      {
        op: 'put',
        item: {
          pk: keys.customer('c2'),
          sk: keys.ledger(PLAN_NOW, 'u1'),
          kind: 'ledger',
          customerId: 'c2',
          entry: expect.objectContaining({
            entryId: 'u1',
            kind: 'unmerge',
            survivorId: 'c0',
            mergedId: 'c2',
          }),
          primary: false,
          cause: 'ingest',
        },
      },
    ]);
  });
});

describe('planRestructure: merge pointers of dormant customers', () => {
  it('points a dormant customer whose pointer leads out of the read (an erased customer) at the holder of its seed record', () => {
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), customer('B', [email('b@x.de'), email('a@x.de')])],
      },
      { id: 'c2', seed: rk('B'), status: 'merged', mergedInto: 'c9', rev: 2 },
    ]);

    const plan = planChange(gathered, { incoming: customer('A', [email('a@x.de'), email('n@x.de')], '2') });

    expect(profileWrites(plan, 'c2')).toEqual([
      {
        op: 'patch',
        key: { pk: keys.customer('c2'), sk: keys.profile },
        set: { mergedInto: 'c1', rev: 3 },
        remove: ['restructuring'],
        condition: { kind: 'matches', attributes: { rev: 2, status: 'merged' } },
      },
    ]);
  });

  it('takes the mark off a merged customer whose stopped merge had moved everything, and checks an unmarked one', () => {
    // c2's merge into c1 stopped after its moves (nothing left in c2's partition) but before its last commit.
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), customer('B', [email('a@x.de')])],
      },
      {
        id: 'c2',
        seed: rk('B'),
        status: 'merged',
        mergedInto: 'c1',
        rev: 2,
        restructuring: `${PLAN_NOW}#r1`,
      },
      { id: 'c3', seed: rk('C'), status: 'merged', mergedInto: 'c1', rev: 5 },
    ]);

    const plan = planChange(gathered, { incoming: customer('A', [email('a@x.de')], '2') });

    expect(profileWrites(plan, 'c2')).toEqual([
      {
        op: 'patch',
        key: { pk: keys.customer('c2'), sk: keys.profile },
        set: { rev: 3 },
        remove: ['restructuring'],
        condition: { kind: 'matches', attributes: { rev: 2, status: 'merged' } },
      },
    ]);
    expect(profileWrites(plan, 'c3')).toEqual([
      {
        op: 'check',
        key: { pk: keys.customer('c3'), sk: keys.profile },
        condition: { kind: 'matches', attributes: { rev: 5, status: 'merged' } },
      },
    ]);
  });

  it('leaves the pointer of a dormant customer whose seed record is gone', () => {
    const gathered = snapshot([
      { id: 'c1', seed: rk('A'), records: [customer('A', [email('a@x.de')])] },
      { id: 'c2', seed: rk('B'), status: 'merged', mergedInto: 'c1' },
    ]);

    const plan = planChange(gathered, { incoming: customer('A', [email('a@x.de'), email('n@x.de')], '2') });

    // only checked: still merged at the revision read
    expect(profileWrites(plan, 'c2').map((op) => op.op)).toEqual(['check']);
  });

  it('does not point a customer that stays active at the new holder of its seed record', () => {
    // B (c2's seed) now carries a@ and joins c1; Y1 and Y2 no longer link to B and keep c2.
    const gathered = snapshot([
      { id: 'c1', seed: rk('A'), records: [customer('A', [email('a@x.de')])] },
      {
        id: 'c2',
        seed: rk('B'),
        records: [
          customer('B', [email('b@x.de'), email('y@x.de')]),
          customer('Y1', [email('y@x.de')]),
          customer('Y2', [email('y@x.de')]),
        ],
      },
    ]);

    const plan = planChange(gathered, { incoming: customer('B', [email('b@x.de'), email('a@x.de')], '2') });

    expect(placement(plan)).toEqual({ A: 'c1', B: 'c1', Y1: 'c2', Y2: 'c2' });
    expect(profileWrites(plan, 'c2')).toEqual([
      {
        op: 'patch',
        key: { pk: keys.customer('c2'), sk: keys.profile },
        set: { status: 'active', rev: 4, entangled: false },
        remove: ['mergedInto', 'restructuring'],
        condition: { kind: 'matches', attributes: { rev: 3, status: 'active', writes: null } },
      },
    ]);
  });
});

describe('planRestructure: a customer merged away now', () => {
  it('points at the survivor taking most of its records, not at the one taking its seed record', () => {
    // As above, but c3 (merged into c2 earlier) has Y1 as seed record: the Y part gets c3 back, B goes to
    // c1, and c2 is merged into c3, which takes two of its three records.
    const gathered = snapshot([
      { id: 'c1', seed: rk('A'), records: [customer('A', [email('a@x.de')])] },
      {
        id: 'c2',
        seed: rk('B'),
        records: [
          customer('B', [email('b@x.de'), email('y@x.de')]),
          customer('Y1', [email('y@x.de')]),
          customer('Y2', [email('y@x.de')]),
        ],
      },
      { id: 'c3', seed: rk('Y1'), status: 'merged', mergedInto: 'c2' },
    ]);

    const plan = planChange(gathered, { incoming: customer('B', [email('b@x.de'), email('a@x.de')], '2') });

    expect(placement(plan)).toEqual({ A: 'c1', B: 'c1', Y1: 'c3', Y2: 'c3' });
    // One write on c2's profile: the merge (no second patch for its seed record's new holder).
    expect(profileWrites(plan, 'c2')).toEqual([mergedAway('c2', 'c3')]);
    expect(profileWrites(plan, 'c3')).toEqual([
      expect.objectContaining({ set: { status: 'active', rev: 4, entangled: false } }),
    ]);
  });

  it('points at the customer taking its remaining record when its other record is deleted, with no merge entry', () => {
    // A (erp 2) kept C (a@, k@) apart from B (erp 1, a@). Deleting A lets C join B's customer c1 without
    // absorbing another cluster, so there is no link to cite as evidence of c2's merge.
    const gathered = snapshot(
      [
        { id: 'c1', seed: rk('B'), records: [customer('B', [erp('1'), email('a@x.de')])] },
        {
          id: 'c2',
          seed: rk('A'),
          records: [
            customer('A', [erp('2'), email('k@x.de')]),
            customer('C', [email('a@x.de'), email('k@x.de')]),
          ],
        },
      ],
      { owners: { 'email:a@x.de': { customerId: 'c1', contestedBy: ['c2'] } } },
    );

    const plan = planChange(gathered, { incoming: tombstone('A', [erp('2'), email('k@x.de')]) });

    expect(placement(plan)).toEqual({ B: 'c1', C: 'c1' });
    expect(profileWrites(plan, 'c2')).toEqual([mergedAway('c2', 'c1')]);
    expect(plan.ledger).toEqual([]);
  });

  it("cites the link of the survivor's own cluster when another cluster comes first", () => {
    // D leaves c1 (A stays) and links c2's B with c3's C: c3 is merged into c2, by D carrying c@.
    const gathered = snapshot([
      {
        id: 'c1',
        seed: rk('A'),
        records: [customer('A', [email('a@x.de')]), customer('D', [email('a@x.de')])],
      },
      { id: 'c2', seed: rk('B'), records: [customer('B', [email('b@x.de')])] },
      { id: 'c3', seed: rk('C'), records: [customer('C', [email('c@x.de')])] },
    ]);

    const plan = planChange(gathered, {
      incoming: customer('D', [email('b@x.de'), email('c@x.de')], '2'),
    });

    expect(placement(plan)).toEqual({ A: 'c1', B: 'c2', C: 'c2', D: 'c2' });
    expect(plan.ledger).toEqual([
      {
        // c2 is at revision 3 (the snapshot's default) when it merges c3.
        entryId: stableId('merge', 'c2', 'c3', PLAN_NOW, '3'),
        kind: 'merge',
        at: PLAN_NOW,
        survivorId: 'c2',
        mergedId: 'c3',
        evidence: {
          identifier: { type: 'email', value: 'c@x.de' },
          record: {
            entity: 'customer',
            system: 'sap-s4',
            stream: 'business-partners',
            key: 'D',
            version: '2',
          },
        },
      },
    ]);
    expect(writesOn(plan, keys.customer('c1'), keys.record(rk('D')))).toEqual([
      { op: 'delete', key: { pk: keys.customer('c1'), sk: keys.record(rk('D')) } },
    ]);
  });

  it('cites the link that absorbed its records, also when that cluster took in records of others first', () => {
    // L now carries k@ (c3's) and z@ (on c2's order O): in canonical order K and L form one cluster
    // first, which O then brings into c2's cluster after D's. c3 and c5 both came in by z@, not by x@.
    const gathered = snapshot([
      {
        id: 'c2',
        seed: rk('B'),
        records: [
          customer('B', [email('b@x.de')]),
          customer('D', [email('x@x.de')]),
          stored(
            exampleOrder({ key: 'O', version: '1' }, [email('b@x.de'), email('x@x.de'), email('z@x.de')]),
          ),
        ],
      },
      { id: 'c3', seed: rk('K'), records: [customer('K', [email('k@x.de')])] },
      { id: 'c5', seed: rk('L'), records: [customer('L', [email('l@x.de')])] },
    ]);

    const plan = planChange(gathered, { incoming: customer('L', [email('k@x.de'), email('z@x.de')], '2') });

    expect(placement(plan)).toEqual({ B: 'c2', D: 'c2', K: 'c2', L: 'c2', O: 'c2' });
    expect(plan.ledger.map((e) => [e.mergedId, e.evidence.identifier.value, e.evidence.record.key])).toEqual([
      ['c3', 'z@x.de', 'O'],
      ['c5', 'z@x.de', 'O'],
    ]);
  });
});

describe('planRestructure: owner items of contested identifiers', () => {
  const clashSnapshot = (contestedBy: string[]) =>
    snapshot(
      [
        {
          id: 'c1',
          seed: rk('A'),
          records: [customer('A', [erp('1'), email('a@x.de')])],
          items: [conflictItem('c1', true)],
        },
        {
          id: 'c9',
          seed: rk('B'),
          records: [customer('B', [erp('2'), email('a@x.de')])],
          items: [conflictItem('c9', false)],
        },
      ],
      { owners: { 'email:a@x.de': { customerId: 'c1', contestedBy, firstCarrier: rk('A') } } },
    );
  const conflictKey = (owner: string) => ({
    pk: keys.customer(owner),
    sk: keys.conflict(stableId('uniqueIdentifierClash', 'email', 'a@x.de', 'c1', 'c9')),
  });
  const conflictItem = (owner: string, primary: boolean) => ({
    ...conflictKey(owner),
    kind: 'conflict',
    customerId: owner,
    primary,
    detectedAt: '2026-02-01T00:00:00.000Z',
    conflict: {},
    cause: 'ingest',
  });

  it('lists the contesting customers in id order, a new one among them, and leaves a standing conflict as it is', () => {
    // C (erp 3) carries a@ too: a third customer, c3, contests c1's e-mail beside c9.
    const plan = planChange(clashSnapshot(['c9']), {
      incoming: customer('C', [erp('3'), email('a@x.de')]),
      newIds: ['c3'],
    });

    expect(placement(plan)).toEqual({ A: 'c1', B: 'c9', C: 'c3' });
    expect(ownerWrites(plan, 'email:a@x.de')).toEqual([
      {
        op: 'put',
        item: {
          pk: keys.identifier('h:email:a@x.de'),
          sk: keys.owner,
          kind: 'identifier',
          idKey: 'email:a@x.de',
          customerId: 'c1',
          contestedBy: ['c3', 'c9'],
          firstCarrier: rk('A'),
        },
        condition: { kind: 'matches', attributes: { customerId: 'c1' } },
      },
    ]);
    // The new customer's partition only gets items put: it has no old record items to take away.
    expect(writesIn(plan, keys.customer('c3')).map((op) => op.op)).toEqual(expect.arrayContaining(['put']));
    expect(writesIn(plan, keys.customer('c3')).filter((op) => op.op !== 'put')).toEqual([]);
    for (const owner of ['c1', 'c9']) {
      const { pk, sk } = conflictKey(owner);
      expect(writesOn(plan, pk, sk)).toEqual([]);
    }
  });

  it('does not write an owner item whose contesting customers stay the same', () => {
    const plan = planChange(clashSnapshot(['c9']), {
      incoming: customer('A', [erp('1'), email('a@x.de'), email('n@x.de')], '2'),
    });

    expect(ownerWrites(plan, 'email:a@x.de')).toEqual([]);
  });

  it('rewrites an owner item whose first carrier is gone with the next record carrying it', () => {
    // A drops a@ in its new version: B, the contesting side's record, is now the first to carry it.
    const plan = planChange(clashSnapshot(['c9']), {
      incoming: customer('A', [erp('1'), email('n@x.de')], '2'),
    });

    expect(ownerWrites(plan, 'email:a@x.de')).toEqual([
      expect.objectContaining({ op: 'put', item: expect.objectContaining({ firstCarrier: rk('B') }) }),
    ]);
  });

  it('rewrites an owner item written before first carriers were kept', () => {
    const gathered = snapshot([{ id: 'c1', seed: rk('A'), records: [customer('A', [email('a@x.de')])] }], {
      owners: { 'email:a@x.de': { customerId: 'c1', contestedBy: [] } },
    });

    const plan = planChange(gathered, { incoming: customer('A', [email('a@x.de'), email('n@x.de')], '2') });

    expect(ownerWrites(plan, 'email:a@x.de')).toEqual([
      expect.objectContaining({
        op: 'put',
        item: expect.objectContaining({ customerId: 'c1', contestedBy: [], firstCarrier: rk('A') }),
      }),
    ]);
  });

  it('rewrites an owner item naming as many contesting customers, but another one', () => {
    const plan = planChange(clashSnapshot(['c8']), {
      incoming: customer('A', [erp('1'), email('a@x.de'), email('n@x.de')], '2'),
    });

    expect(ownerWrites(plan, 'email:a@x.de')).toEqual([
      expect.objectContaining({ op: 'put', item: expect.objectContaining({ contestedBy: ['c9'] }) }),
    ]);
  });

  it('deletes the owner item of an identifier nobody carries but leaves the partition of an owner it did not read', () => {
    // old@'s owner item names c7, whose partition the read did not reach (the 40-customer cap).
    const gathered = snapshot(
      [{ id: 'c1', seed: rk('A'), records: [customer('A', [email('a@x.de'), email('old@x.de')])] }],
      { owners: { 'email:old@x.de': { customerId: 'c7', contestedBy: [] } } },
    );

    const plan = planChange(gathered, { incoming: customer('A', [email('a@x.de')], '2') });

    expect(ownerWrites(plan, 'email:old@x.de')).toEqual([
      {
        op: 'delete',
        key: { pk: keys.identifier('h:email:old@x.de'), sk: keys.owner },
        condition: { kind: 'matches', attributes: { customerId: 'c7' } },
      },
    ]);
    expect(writesIn(plan, keys.customer('c7'))).toEqual([]);
  });
});

describe('planRestructure: items a record leaves behind', () => {
  it("takes a moved order's lines out of its old customer's partition", () => {
    const order = (version: string, ids: IdentifierInput[]) =>
      stored(
        exampleOrder({ key: 'O1', version }, ids, {
          lines: [
            { partNumber: 'P-1', quantity: 1 },
            { partNumber: 'P-2', quantity: 2 },
            { partNumber: 'P-3', quantity: 3 },
          ],
        }),
      );
    const gathered = snapshot([
      { id: 'c1', seed: rk('A'), records: [customer('A', [email('a@x.de')]), order('1', [email('a@x.de')])] },
      { id: 'c2', seed: rk('B'), records: [customer('B', [email('b@x.de')])] },
    ]);

    const plan = planChange(gathered, { incoming: order('2', [email('b@x.de')]) });

    expect(placement(plan)).toEqual({ A: 'c1', B: 'c2', O1: 'c2' });
    // The first line travels as the order item's part-index entry: it has no LINE# item to move.
    const firstLine = keys.orderLine(orderKey('O1'), '10');
    expect(writesOn(plan, keys.customer('c1'), firstLine)).toEqual([]);
    expect(writesOn(plan, keys.customer('c2'), firstLine)).toEqual([]);
    expect(writesOn(plan, keys.customer('c2'), keys.record(orderKey('O1')))).toEqual([
      expect.objectContaining({
        op: 'put',
        item: expect.objectContaining({ gsi1pk: keys.partPk('P-1'), customerId: 'c2' }),
      }),
    ]);
    for (const line of ['20', '30']) {
      const sk = keys.orderLine(orderKey('O1'), line);
      expect(writesOn(plan, keys.customer('c1'), sk)).toEqual([
        { op: 'delete', key: { pk: keys.customer('c1'), sk } },
      ]);
      expect(writesOn(plan, keys.customer('c2'), sk)).toEqual([
        expect.objectContaining({ op: 'put', item: expect.objectContaining({ customerId: 'c2' }) }),
      ]);
    }
  });

  it('patches only the locator of a deleted record that the cluster read no longer found', () => {
    const gathered = snapshot([{ id: 'c1', seed: rk('A'), records: [customer('A', [email('a@x.de')])] }]);

    const plan = planChange(gathered, { incoming: tombstone('X', [email('a@x.de')]) });

    expect(placement(plan)).toEqual({ A: 'c1' });
    expect([...plan.guards, ...plan.ops].filter((op) => op.op === 'delete')).toEqual([]);
    expect(writesOn(plan, keys.locator(rk('X')), keys.locatorSort)).toEqual([
      expect.objectContaining({ op: 'patch', set: expect.objectContaining({ deleted: true }) }),
    ]);
  });
});

describe('planRestructure: merged customers it read', () => {
  it('checks that a merged customer it read is still merged at the revision read (deep-run seed -872643971)', () => {
    // prepare: c2 merged into c1 when read; an unmerge may bring it back before the commit
    const gathered = snapshot([
      { id: 'c1', seed: rk('A'), records: [customer('A', [email('a@x.de')])] },
      { id: 'c2', seed: rk('A'), status: 'merged', mergedInto: 'c1' },
    ]);

    // act
    const plan = planChange(gathered, { incoming: customer('A', [email('a@x.de'), email('n@x.de')], '2') });

    // assert
    const rev = gathered.profiles.get('c2')?.rev;
    expect(plan?.guards).toContainEqual({
      op: 'check',
      key: { pk: keys.customer('c2'), sk: keys.profile },
      condition: { kind: 'matches', attributes: { rev, status: 'merged' } },
    });
  });
});
