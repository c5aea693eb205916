import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { type ItemKey, keyString, MAX_OPS_PER_COMMIT, type WriteOp } from '../../../core/items/write-ops.ts';
import { type EraseDeps, eraseCustomer } from '../../../core/privacy/erase-customer.ts';
import { buildCoverageDueItem } from '../../../core/reactions/coverage-due.ts';
import { anonymisedPartIssue, partIssueWrites } from '../../../core/reactions/part-issue-index.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import type { LedgerEntry } from '../../../schemas/entities/identity.ts';
import type { InteractionData } from '../../../schemas/entities/interaction.ts';
import { StoppingBackend } from '../../support/stopping-backend.ts';
import {
  identifierItems,
  mirrorItem,
  profileItem,
  recordItems,
  storedRecord,
} from '../items/stored-items.ts';

const who = { requestedBy: 'dpo@example.com', reason: 'GDPR art. 17' };
const hashOf = (idKey: string) => `h(${idKey})`;
const now = '2026-03-05T12:00:00.000Z';

/** A memory backend that remembers every commit, so a test can check what went in which commit. */
class RecordingBackend extends MemoryBackend {
  readonly commits: WriteOp[][] = [];
  readonly pointReads: string[] = [];
  override async getItems(keys: readonly ItemKey[]) {
    this.pointReads.push(...keys.map(keyString));
    return super.getItems(keys);
  }
  override async commit(ops: readonly WriteOp[]) {
    this.commits.push([...ops]);
    return super.commit(ops);
  }
}

const backendWith = (items: readonly Item[]) => {
  const backend = new RecordingBackend();
  for (const item of items) backend.items.set(keyString(item), structuredClone(item));
  return backend;
};

const deps = (backend: MemoryBackend): EraseDeps => ({ backend, hashOf, now });
const noWait = { sleep: async () => undefined };

const mergeEntry = (survivorId: string, mergedId: string): LedgerEntry => ({
  entryId: `e-${mergedId}`,
  kind: 'merge',
  at: '2026-03-02T00:00:00.000Z',
  survivorId,
  mergedId,
  evidence: {
    identifier: { type: 'email', value: 'dora@example.com' },
    record: { entity: 'customer', system: 'sap-s4', stream: 'business-partners', key: '501', version: '1' },
  },
});

const ledgerItem = (customerId: string, entry: unknown): Item => ({
  pk: keys.customer(customerId),
  sk: keys.ledger('2026-03-02T00:00:00.000Z', String((entry as { entryId?: string }).entryId ?? 'x')),
  kind: 'ledger',
  customerId,
  entry,
  cause: 'ingest',
});

const dora = storedRecord(
  exampleCustomer({ key: '500', version: '1' }, [erp('500'), email('dora@example.com')], { name: 'Dora' }),
);
/** An order of two lines: the order item (the first line's demand entry) and one LINE# item. */
const twoLineOrder = (key: string, version: string) =>
  storedRecord(
    exampleOrder({ key, version }, [erp('500')], {
      lines: [
        { partNumber: 'P-100', quantity: 1 },
        { partNumber: 'P-200', quantity: 1 },
      ],
    }),
  );
const doraOrder = twoLineOrder('SO-500', '2');
const doraOld = storedRecord(exampleCustomer({ key: '501', version: '1' }, [email('dora@example.com')]));
const other = storedRecord(exampleCustomer({ key: '600', version: '1' }, [erp('600')]));

/** Dora (c1) with a customer record and an order, who absorbed c0; Otto (c2) is someone else. */
const storeItems = (): Item[] => [
  profileItem('c1', 'active', { seedRecord: dora.recordKey }),
  ...recordItems(dora, 'c1'),
  ...recordItems(doraOrder, 'c1'),
  ...identifierItems('erp:sap-s4:500', 'c1', hashOf),
  ...identifierItems('email:dora@example.com', 'c1', hashOf),
  ledgerItem('c1', mergeEntry('c1', 'c0')),
  profileItem('c0', 'merged', { mergedInto: 'c1', seedRecord: doraOld.recordKey }),
  profileItem('c2', 'active'),
  ...recordItems(other, 'c2'),
  ...identifierItems('erp:sap-s4:600', 'c2', hashOf),
];

const ownerKey = (idKey: string) => keyString({ pk: keys.identifier(hashOf(idKey)), sk: keys.owner });

describe('eraseCustomer', () => {
  it('deletes the customer, its merged-away pointer and its locators, keeping other customers', async () => {
    const backend = backendWith(storeItems());

    const result = await eraseCustomer(deps(backend), 'c1', who);

    const left = [...backend.items.values()];
    expect(left.filter((i) => i.pk === keys.customer('c1')).map((i) => i.sk)).toEqual([
      keys.profile,
      keys.erasure,
    ]);
    expect(left.some((i) => i.pk === keys.customer('c0'))).toBe(false);
    expect(left.some((i) => i.pk === keys.locator(dora.recordKey))).toBe(false);
    expect(left.some((i) => i.pk === keys.locator(doraOrder.recordKey))).toBe(false);
    expect(left.filter((i) => i.pk === keys.customer('c2'))).toHaveLength(3);
    expect(backend.items.has(keyString({ pk: keys.locator(other.recordKey), sk: keys.locatorSort }))).toBe(
      true,
    );
    // deleted: 2 records + 1 order line (the second) + 2 mirrors + 1 ledger item, the merged profile, and 2 locators
    expect(result).toEqual({ kind: 'erased', itemsDeleted: 9, identifiersSuppressed: 2 });
  });

  it('leaves only the salted hash of each owned identifier, as a suppression entry', async () => {
    const backend = backendWith(storeItems());

    await eraseCustomer(deps(backend), 'c1', who);

    for (const idKey of ['erp:sap-s4:500', 'email:dora@example.com']) {
      expect(backend.items.get(ownerKey(idKey))).toEqual({
        pk: keys.identifier(hashOf(idKey)),
        sk: keys.owner,
        kind: 'suppressed',
        suppressedAt: now,
      });
    }
    expect(backend.items.get(ownerKey('erp:sap-s4:600'))).toMatchObject({
      kind: 'identifier',
      customerId: 'c2',
    });
    const text = JSON.stringify([...backend.items.values()].filter((i) => i.pk !== keys.customer('c2')));
    expect(text).not.toContain('Dora');
    expect(text).not.toContain('SO-500');
  });

  it('keeps an erased profile and an erasure marker that names who asked and why', async () => {
    const backend = backendWith(storeItems());

    await eraseCustomer(deps(backend), 'c1', who);

    expect(backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.profile }))).toEqual({
      pk: keys.customer('c1'),
      sk: keys.profile,
      kind: 'profile',
      customerId: 'c1',
      status: 'erased',
      rev: -1,
      seedRecord: '',
      createdAt: now,
    });
    expect(backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.erasure }))).toEqual({
      pk: keys.customer('c1'),
      sk: keys.erasure,
      kind: 'erasure',
      customerId: 'c1',
      erasedAt: now,
      requestedBy: 'dpo@example.com',
      reason: 'GDPR art. 17',
      identifiersSuppressed: 2,
      // c0 was merged into c1: systems may still know the customer by that id.
      mergedCustomerIds: ['c0'],
      cause: 'ingest',
    });
  });

  it('does not suppress an identifier its partition mirrors but another customer owns', async () => {
    const backend = backendWith([...storeItems(), mirrorItem('erp:sap-s4:600', 'c1')]);

    const result = await eraseCustomer(deps(backend), 'c1', who);

    expect(result).toMatchObject({ kind: 'erased', identifiersSuppressed: 2 });
    expect(backend.items.get(ownerKey('erp:sap-s4:600'))).toMatchObject({
      kind: 'identifier',
      customerId: 'c2',
    });
  });

  it('does not suppress a mirrored identifier whose owner entry is already a suppression', async () => {
    const items = storeItems().map((i) =>
      i.pk === keys.identifier(hashOf('erp:sap-s4:500'))
        ? { pk: i.pk, sk: i.sk, kind: 'suppressed', suppressedAt: '2026-01-01T00:00:00.000Z' }
        : i,
    );
    const backend = backendWith(items);

    const result = await eraseCustomer(deps(backend), 'c1', who);

    expect(result).toMatchObject({ identifiersSuppressed: 1 });
    expect(backend.items.get(ownerKey('erp:sap-s4:500'))?.suppressedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('reads no partition for a ledger entry that names the customer itself or does not parse', async () => {
    const items = [
      ...storeItems().filter((i) => i.kind !== 'ledger'),
      ledgerItem('c1', mergeEntry('c9', 'c1')),
      ledgerItem('c1', { entryId: 'broken', mergedId: 'c2' }),
    ];
    const backend = backendWith(items);

    await eraseCustomer(deps(backend), 'c1', who);

    expect([...backend.items.values()].filter((i) => i.pk === keys.customer('c2'))).toHaveLength(3);
    expect(backend.items.get(keyString({ pk: keys.customer('c0'), sk: keys.profile }))?.status).toBe(
      'merged',
    );
  });

  it('commits the erased profile and the marker last, after everything else is gone', async () => {
    const backend = backendWith(storeItems());

    await eraseCustomer(deps(backend), 'c1', who);

    const last = backend.commits.at(-1) ?? [];
    expect(last.map((o) => (o.op === 'put' ? o.item.kind : o.op))).toEqual(['profile', 'erasure', 'delete']);
    expect(
      backend.commits
        .slice(1, -1)
        .flat()
        .some((o) => o.op === 'put' && o.item.kind !== 'suppressed'),
    ).toBe(false);
  });

  it('holds the part issue index back from before it reads the customer until the marker is written', async () => {
    const backend = backendWith(storeItems());
    const underWay = { pk: keys.customer('c1'), sk: keys.erasureUnderWay };
    const reads: string[] = [];
    const readPartition = backend.readPartition.bind(backend);
    backend.readPartition = async (pk) => {
      reads.push(`${pk} read, ${backend.items.has(keyString(underWay)) ? 'held' : 'not held'}`);
      return readPartition(pk);
    };

    await eraseCustomer(deps(backend), 'c1', who);

    expect(backend.commits[0]).toEqual([
      {
        op: 'put',
        // with the request it answers, which the store check finishes it for if it stops part-way
        item: { ...underWay, kind: 'erasureUnderWay', customerId: 'c1', startedAt: now, ...who },
      },
      // and refuses an identity restructuring that read the customer before it
      {
        op: 'patch',
        key: { pk: keys.customer('c1'), sk: keys.profile },
        set: { rev: 2 },
        condition: { kind: 'matches', attributes: { status: 'active', rev: 1 } },
      },
    ]);
    expect(reads).toContain(`${keys.customer('c1')} read, held`);
    expect(reads.filter((read) => read.endsWith('not held'))).toEqual([]);
    expect(backend.commits.at(-1)).toContainEqual({ op: 'delete', key: underWay });
    expect(backend.items.has(keyString(underWay))).toBe(false);
  });

  it("deletes the coverage due items of the customer's installed products and counts only what was stored", async () => {
    const pump = storedRecord({
      entity: 'installedProduct',
      source: { system: 'sap-s4', stream: 'installed-base', key: '10000042', version: '1' },
      identifiers: [erp('500')],
      data: {
        partNumber: 'P-100',
        purchasedOn: '2025-01-10',
        warrantyEnd: '2027-01-10',
        contractNumber: '4100007',
        contractEnd: '2028-01-10',
      },
    } as CanonicalRecordInput);
    const warrantyDue = buildCoverageDueItem(pump.recordKey, { coverage: 'warranty', endsOn: '2027-01-10' });
    const backend = backendWith([...storeItems(), ...recordItems(pump, 'c1'), warrantyDue]);

    const result = await eraseCustomer(deps(backend), 'c1', who);

    expect([...backend.items.values()].filter((i) => i.kind === 'coverageDue')).toEqual([]);
    expect(
      backend.commits.flat().filter((o) => o.op === 'delete' && o.key.pk.startsWith('COVERAGE-DUE#')),
    ).toHaveLength(2);
    // 9 as above, and the unit's record and locator; the due items' deletes are not counted
    expect(result).toMatchObject({ itemsDeleted: 11 });
  });

  it("takes the customer out of the part issue index wherever its cases were filed, keeping the cases' count", async () => {
    const complaint = (key: string) =>
      storedRecord({
        entity: 'interaction',
        source: { system: 'callcenter', stream: 'contacts', key, version: '1' },
        identifiers: [erp('500')],
        data: {
          interactionId: key,
          kind: 'serviceCase',
          channel: 'phone',
          occurredAt: '2026-03-01T08:00:00Z',
          category: 'complaint',
          partNumber: 'P-9',
          subject: `Pump leaks (${key})`,
          serialNumber: `SN-${key}`,
        },
      } as CanonicalRecordInput);
    const mine = complaint('CASE-1');
    const fromBeforeTheMerge = complaint('CASE-0');
    const takenOverByUnmerge = complaint('CASE-3');
    const anonymisedBefore = complaint('CASE-4');
    const indexed = (record: typeof mine, customerId: string) =>
      partIssueWrites({
        customerId,
        interaction: record.data as InteractionData,
        filedBy: { recordKey: record.recordKey, versionOrd: versionOrder(record.source.version) },
      }).flatMap((op) => (op.op === 'put' ? [op.item] : []));
    const othersCase = indexed(complaint('CASE-2'), 'c2');
    // An erasure retried after a partial commit finds this one anonymised already.
    const alreadyAnonymised = indexed(anonymisedBefore, 'c1').map((item) => {
      const op = anonymisedPartIssue(item);
      return op.op === 'put' ? op.item : item;
    });
    const backend = backendWith([
      ...storeItems(),
      ...recordItems(mine, 'c1'),
      ...recordItems(fromBeforeTheMerge, 'c1'),
      ...recordItems(takenOverByUnmerge, 'c1'),
      ...recordItems(anonymisedBefore, 'c1'),
      ...indexed(mine, 'c1'),
      ...indexed(fromBeforeTheMerge, 'c0'),
      // filed while the record was another customer's, which an unmerge since took it from
      ...indexed(takenOverByUnmerge, 'c9'),
      ...alreadyAnonymised,
      ...othersCase,
    ]);

    const result = await eraseCustomer(deps(backend), 'c1', who);

    const index = [...backend.items.values()].filter((i) => i.pk === 'PARTISSUE#P-9');
    expect(index.map((i) => [i.sk, i.customerId])).toEqual([
      ['2026-03-01T08:00:00Z#CASE-1', undefined],
      ['2026-03-01T08:00:00Z#CASE-0', undefined],
      ['2026-03-01T08:00:00Z#CASE-3', undefined],
      ['2026-03-01T08:00:00Z#CASE-4', undefined],
      ['2026-03-01T08:00:00Z#CASE-2', 'c2'],
    ]);
    expect(JSON.stringify(index)).not.toMatch(/SN-CASE-[0134]|Pump leaks \(CASE-[0134]\)/);
    expect(index[3]).toEqual(alreadyAnonymised[0]);
    expect(index[4]).toEqual(othersCase[0]);
    // 9 as above, and the four interactions' records and locators; the index items stay, anonymised
    expect(result).toMatchObject({ itemsDeleted: 17 });
  });

  it('splits a large customer into commits of at most the transaction limit', async () => {
    const orders = Array.from({ length: 60 }, (_, n) => twoLineOrder(`SO-${n}`, '1'));
    const backend = backendWith([...storeItems(), ...orders.flatMap((o) => recordItems(o, 'c1'))]);

    const result = await eraseCustomer(deps(backend), 'c1', who);

    // each order: record, second line and locator
    expect(result).toMatchObject({ itemsDeleted: 9 + 60 * 3 });
    expect(backend.commits.map((c) => c.length)).toEqual([2, MAX_OPS_PER_COMMIT, 91, 3]);
    expect([...backend.items.values()].filter((i) => i.pk === keys.customer('c1'))).toHaveLength(2);
  });

  it('reads the profile and the owner entries of the mirrored identifiers, and nothing else', async () => {
    const backend = backendWith(storeItems());

    await eraseCustomer(deps(backend), 'c1', who);

    expect(backend.pointReads.sort()).toEqual(
      [
        keyString({ pk: keys.customer('c1'), sk: keys.profile }),
        ownerKey('email:dora@example.com'),
        ownerKey('erp:sap-s4:500'),
      ].sort(),
    );
  });

  it('does not suppress a mirrored identifier that has no owner entry', async () => {
    const backend = backendWith(
      storeItems().filter((i) => i.pk !== keys.identifier(hashOf('erp:sap-s4:500'))),
    );

    const result = await eraseCustomer(deps(backend), 'c1', who);

    expect(result).toMatchObject({ kind: 'erased', identifiersSuppressed: 1 });
    expect(backend.items.has(ownerKey('erp:sap-s4:500'))).toBe(false);
  });

  it('sends no empty commit when the writes fill whole commits', async () => {
    // 11 writes of the base store, 3 per order (record, second line, locator), 2 for a customer record: 100 in all
    const orders = Array.from({ length: 29 }, (_, n) => twoLineOrder(`SO-${n}`, '1'));
    const extra = storedRecord(exampleCustomer({ key: '502', version: '1' }, [erp('500')]));
    const backend = backendWith([
      ...storeItems(),
      ...orders.flatMap((o) => recordItems(o, 'c1')),
      ...recordItems(extra, 'c1'),
    ]);

    await eraseCustomer(deps(backend), 'c1', who);

    expect(backend.commits.map((c) => c.length)).toEqual([2, MAX_OPS_PER_COMMIT, 3]);
  });

  it('fails naming the customer when its writes are refused on every attempt', async () => {
    const backend = backendWith(storeItems());
    let attempts = 0;
    backend.commit = async () => {
      attempts += 1;
      return { ok: false, failedOps: [0] };
    };

    await expect(eraseCustomer({ ...deps(backend), timing: noWait }, 'c1', who)).rejects.toThrow(
      'erasure of c1 (a write was refused): still failing after 5 attempts',
    );
    expect(attempts).toBe(5);
  });

  it('reads the customer again after a refused write and erases what is there then', async () => {
    const clean = backendWith(storeItems());
    const expected = await eraseCustomer(deps(clean), 'c1', who);
    const backend = backendWith(storeItems());
    const commit = backend.commit.bind(backend);
    let calls = 0;
    // The body's first commit is refused once, as when a withdrawal of a case takes the item the erasure read.
    backend.commit = async (ops) => {
      calls += 1;
      return calls === 2 ? { ok: false as const, failedOps: [0] } : commit(ops);
    };

    const result = await eraseCustomer({ ...deps(backend), timing: noWait }, 'c1', who);

    expect(result).toEqual(expected);
    expect([...backend.items.entries()]).toEqual([...clean.items.entries()]);
  });

  it('erases a record a sync commits while the erasure runs, too', async () => {
    const backend = backendWith(storeItems());
    const late = storedRecord(exampleOrder({ key: 'SO-LATE', version: '1' }, [erp('500')]));
    const profileKey = keyString({ pk: keys.customer('c1'), sk: keys.profile });
    const readPartition = backend.readPartition.bind(backend);
    let raced = false;
    backend.readPartition = async (pk) => {
      const read = await readPartition(pk);
      if (!raced && pk === keys.customer('c1')) {
        raced = true;
        // A settled write lands right after the erasure's read: its record, then the profile's guard (writes + 1).
        for (const item of recordItems(late, 'c1')) backend.items.set(keyString(item), structuredClone(item));
        const profile = backend.items.get(profileKey) as Item;
        backend.items.set(profileKey, { ...profile, writes: Number(profile.writes ?? 0) + 1 });
      }
      return read;
    };

    const result = await eraseCustomer({ ...deps(backend), timing: noWait }, 'c1', who);

    expect(result.kind).toBe('erased');
    expect(raced).toBe(true);
    expect(
      [...backend.items.values()].filter((item) => item.kind === 'record' && item.pk === keys.customer('c1')),
    ).toEqual([]);
    expect(backend.items.has(keyString({ pk: keys.locator(late.recordKey), sk: keys.locatorSort }))).toBe(
      false,
    );
  });

  it('answers notFound and holds nothing back for a customer merged away while the erasure starts', async () => {
    const backend = backendWith(storeItems());
    const profileKey = keyString({ pk: keys.customer('c1'), sk: keys.profile });
    const readPartition = backend.readPartition.bind(backend);
    backend.readPartition = async (pk) => {
      const profile = backend.items.get(profileKey) as Item;
      if (pk === keys.customer('c1') && profile.status === 'active')
        backend.items.set(profileKey, {
          ...profile,
          status: 'merged',
          mergedInto: 'c9',
          rev: Number(profile.rev) + 1,
        });
      return readPartition(pk);
    };

    const result = await eraseCustomer({ ...deps(backend), timing: noWait }, 'c1', who);

    expect(result).toEqual({ kind: 'notFound' });
    expect(backend.items.has(keyString({ pk: keys.customer('c1'), sk: keys.erasureUnderWay }))).toBe(false);
    expect(backend.items.get(ownerKey('email:dora@example.com'))).toMatchObject({ kind: 'identifier' });
  });

  it('suppresses every identifier when an erasure stopped after its first commits is requested again', async () => {
    // Over 100 writes: the first attempt's commits end after the first of them (its function died).
    const orders = Array.from({ length: 40 }, (_, n) => twoLineOrder(`SO-${n}`, '1'));
    const items = [...storeItems(), ...orders.flatMap((o) => recordItems(o, 'c1'))];
    const stopping = new StoppingBackend(2);
    for (const item of items) stopping.items.set(keyString(item), structuredClone(item));
    await expect(eraseCustomer({ ...deps(stopping), timing: noWait }, 'c1', who)).rejects.toThrow(
      /erasure of c1/,
    );
    const again = backendWith([...stopping.items.values()]);

    const result = await eraseCustomer(deps(again), 'c1', who);

    expect(result.kind).toBe('erased');
    // No owner entry is left holding a plain identifier of the erased customer.
    for (const idKey of ['erp:sap-s4:500', 'email:dora@example.com'])
      expect(again.items.get(ownerKey(idKey))).toMatchObject({ kind: 'suppressed' });
    expect([...again.items.values()].filter((item) => item.customerId === 'c1')).toEqual([
      expect.objectContaining({ sk: keys.profile, status: 'erased' }),
      expect.objectContaining({ sk: keys.erasure }),
    ]);
  });

  it('changes nothing when erasing an erased customer again', async () => {
    const backend = backendWith(storeItems());
    await eraseCustomer(deps(backend), 'c1', who);
    const before = structuredClone([...backend.items.entries()]);
    backend.commits.length = 0;

    const again = await eraseCustomer(deps(backend), 'c1', who);

    expect(again).toEqual({ kind: 'erased', itemsDeleted: 0, identifiersSuppressed: 0 });
    expect(backend.commits).toEqual([]);
    expect([...backend.items.entries()]).toEqual(before);
  });

  it.each([
    ['unknown', 'c404'],
    ['merged away', 'c0'],
  ])('answers notFound for a customer that is %s, writing nothing', async (_, customerId) => {
    const backend = backendWith(storeItems());

    const result = await eraseCustomer(deps(backend), customerId, who);

    expect(result).toEqual({ kind: 'notFound' });
    expect(backend.commits).toEqual([]);
  });
});
