import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys, stableId } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';

// What a restructuring takes away when a record changes: a customer split in two when the record linking
// its parts changes its identifiers or is deleted, identifiers nobody carries any more, conflicts that no
// longer stand, order lines a new version dropped. restructure-outcomes.test.ts covers merges.

const NOW = '2026-03-01T00:00:00.000Z';
const A = 'customer#sap-s4#business-partners#A';
const B = 'customer#sap-s4#business-partners#B';

const setUp = () => {
  const backend = new MemoryBackend();
  let n = 0;
  let clock = NOW;
  const deps = {
    backend,
    config: defaultIdentityConfig,
    hashOf: (idKey: string) => `h:${idKey}`,
    newCustomerId: () => `c${++n}`,
    now: () => new Date(clock),
    maxAttempts: 3,
    pause: async () => {},
  };
  const ingest = (...records: CanonicalRecordInput[]) => ingestPage(records, deps);
  const at = (pk: string, sk: string): Item | undefined => backend.items.get(keyString({ pk, sk }));
  const partition = (customerId: string) =>
    [...backend.items.values()].filter((i) => i.pk === keys.customer(customerId)).map((i) => i.sk);
  const owner = (idKey: string) => at(keys.identifier(`h:${idKey}`), keys.owner);
  const later = (iso: string) => {
    clock = iso;
  };
  return { backend, ingest, at, partition, owner, later };
};

describe('identity restructuring when a record changes', () => {
  it('splits a customer when the record linking its two parts drops the shared identifier', async () => {
    const { ingest, at, partition, owner } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de'), email('b@x.de')]));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]));
    expect(at(keys.customer('c1'), keys.record(B))).toBeDefined();

    await ingest(exampleCustomer({ key: 'A', version: '2' }, [email('a@x.de')]));

    // A keeps c1 (its seed); B leaves for a new customer, with b@x.de, its mirror and its locator.
    expect(partition('c1').sort()).toEqual(['ID#email:a@x.de', 'PROFILE', `REC#${A}`]);
    expect(partition('c2').sort()).toEqual(['ID#email:b@x.de', 'PROFILE', `REC#${B}`]);
    expect(at(keys.customer('c2'), keys.record(B))).toMatchObject({ customerId: 'c2', cause: 'move' });
    expect(at(keys.customer('c2'), keys.profile)).toMatchObject({
      status: 'active',
      rev: 0,
      seedRecord: B,
      entangled: false,
    });
    expect(at(keys.customer('c1'), keys.profile)).toMatchObject({ status: 'active', entangled: false });
    expect(owner('email:b@x.de')).toMatchObject({ customerId: 'c2', contestedBy: [] });
    expect(owner('email:a@x.de')).toMatchObject({ customerId: 'c1', contestedBy: [] });
    expect(at(keys.locator(B), keys.locatorSort)).toMatchObject({ customerId: 'c2', partition: 'CUST#c2' });
    expect(at(keys.locator(A), keys.locatorSort)).toMatchObject({
      customerId: 'c1',
      versionOrd: expect.any(String),
    });
  });

  it('deletes the owner item and the mirror of an identifier that no record carries any more', async () => {
    const { ingest, at, partition, owner } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de'), email('old@x.de')]));
    expect(owner('email:old@x.de')).toMatchObject({ customerId: 'c1' });

    await ingest(exampleCustomer({ key: 'A', version: '2' }, [email('a@x.de')]));

    expect(owner('email:old@x.de')).toBeUndefined();
    expect(at(keys.customer('c1'), keys.identifierMirror('email:old@x.de'))).toBeUndefined();
    expect(partition('c1').sort()).toEqual(['ID#email:a@x.de', 'PROFILE', `REC#${A}`]);
    expect(owner('email:a@x.de')).toMatchObject({ customerId: 'c1' });
  });

  it('takes a conflict out of both partitions and clears the entangled flags once the refused link is gone', async () => {
    const { ingest, at, partition, owner } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [erp('1'), email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [erp('2')]));
    await ingest(exampleOrder({ key: 'O3', version: '1' }, [email('a@x.de'), erp('2')]));
    const conflictSk = keys.conflict(stableId('uniqueIdentifierClash', 'email', 'a@x.de', 'c1', 'c2'));
    expect(at('CUST#c1', conflictSk)).toBeDefined();
    expect(owner('email:a@x.de')).toMatchObject({ contestedBy: ['c2'] });

    await ingest(exampleOrder({ key: 'O3', version: '2' }, [erp('2')]));

    expect(at('CUST#c1', conflictSk)).toBeUndefined();
    expect(at('CUST#c2', conflictSk)).toBeUndefined();
    expect(partition('c1').filter((sk) => sk.startsWith('CONFLICT#'))).toEqual([]);
    expect(owner('email:a@x.de')).toMatchObject({ customerId: 'c1', contestedBy: [] });
    expect(at(keys.customer('c1'), keys.profile)).toMatchObject({ entangled: false });
    expect(at(keys.customer('c2'), keys.profile)).toMatchObject({ entangled: false });
  });

  it('deletes the order lines a new version of a restructured order no longer has', async () => {
    const { ingest, at } = setUp();
    const order = 'order#sap-s4#sales-orders#O1';
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]));
    await ingest(
      exampleOrder({ key: 'O1', version: '1' }, [email('a@x.de')], {
        lines: [
          { partNumber: 'P-1', quantity: 1 },
          { partNumber: 'P-2', quantity: 2 },
        ],
      }),
    );
    expect(at('CUST#c1', keys.orderLine(order, '20'))).toBeDefined();

    // A new identifier sends the order through the identity path; it stays with c1 and keeps one line.
    await ingest(
      exampleOrder({ key: 'O1', version: '2' }, [email('a@x.de'), erp('9')], {
        lines: [{ partNumber: 'P-1', quantity: 5 }],
      }),
    );

    // The one line left is the order item's part-index entry: no LINE# item remains.
    expect(at('CUST#c1', keys.record(order))).toMatchObject({
      customerId: 'c1',
      gsi1pk: keys.partPk('P-1'),
      data: expect.objectContaining({ lines: [expect.objectContaining({ lineNumber: '10', quantity: 5 })] }),
    });
    expect(at('CUST#c1', keys.orderLine(order, '10'))).toBeUndefined();
    expect(at('CUST#c1', keys.orderLine(order, '20'))).toBeUndefined();
    expect(at(keys.locator(order), keys.locatorSort)).toMatchObject({ customerId: 'c1', auxKeys: [] });
  });

  it('splits a merged customer again when the record that merged it is deleted, removing it with its lines', async () => {
    const { ingest, at, partition, owner } = setUp();
    const order = 'order#sap-s4#sales-orders#O3';
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]));
    await ingest(
      exampleOrder({ key: 'O3', version: '1' }, [email('a@x.de'), email('b@x.de')], {
        lines: [{ partNumber: 'P-1', quantity: 1 }],
      }),
    );
    expect(at(keys.customer('c2'), keys.profile)).toMatchObject({ status: 'merged', mergedInto: 'c1' });

    await ingest(
      exampleOrder({ key: 'O3', version: '2', deleted: true }, [email('a@x.de'), email('b@x.de')]),
    );

    // B's seed customer c2 comes back with B and b@x.de; the order and its line are gone.
    expect(at(keys.customer('c2'), keys.profile)).toMatchObject({ status: 'active', rev: 2 });
    expect(at(keys.customer('c2'), keys.profile)).not.toHaveProperty('mergedInto');
    expect(partition('c2').sort()).toEqual(['ID#email:b@x.de', 'PROFILE', `REC#${B}`]);
    expect(
      partition('c1')
        .filter((sk) => !sk.startsWith('LEDGER#'))
        .sort(),
    ).toEqual(['ID#email:a@x.de', 'PROFILE', `REC#${A}`]);
    expect(owner('email:b@x.de')).toMatchObject({ customerId: 'c2' });
    expect(at(keys.locator(order), keys.locatorSort)).toMatchObject({ deleted: true, auxKeys: [] });
    expect(at(keys.locator(B), keys.locatorSort)).toMatchObject({ customerId: 'c2' });
  });
});

describe('identity restructuring when a customer’s last record goes', () => {
  it('retires the customer as merged without a pointer, deleting the record, its mirror and its identifier', async () => {
    const { backend, ingest, at, partition, owner } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]));
    const status: Item = { pk: 'CUST#c2', sk: 'STATUS#2026-02-01#payment', kind: 'status', customerId: 'c2' };
    backend.items.set(keyString(status), status);

    await ingest(exampleCustomer({ key: 'B', version: '2', deleted: true }, [email('b@x.de')]));

    expect(at(keys.customer('c2'), keys.profile)).toMatchObject({ status: 'merged', rev: 1 });
    expect(at(keys.customer('c2'), keys.profile)).not.toHaveProperty('mergedInto');
    expect(partition('c2')).toEqual(['PROFILE']);
    expect(owner('email:b@x.de')).toBeUndefined();
    expect(at(keys.locator(B), keys.locatorSort)).toMatchObject({ deleted: true });
    expect(partition('c1').sort()).toEqual(['ID#email:a@x.de', 'PROFILE', `REC#${A}`]);
    // Its status history has nowhere to go and goes.
    expect([...backend.items.values()].filter((i) => i.sk === status.sk)).toEqual([]);
  });

  it('keeps the customer’s id when its seed record is deleted and another record stays', async () => {
    const { ingest, at, partition } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]));
    await ingest(exampleOrder({ key: 'O1', version: '1' }, [email('a@x.de')]));

    await ingest(exampleCustomer({ key: 'A', version: '2', deleted: true }, [email('a@x.de')]));

    expect(at(keys.customer('c1'), keys.profile)).toMatchObject({ status: 'active', rev: 1 });
    expect(
      partition('c1')
        .filter((sk) => !sk.startsWith('LINE#'))
        .sort(),
    ).toEqual(['ID#email:a@x.de', 'PROFILE', 'REC#order#sap-s4#sales-orders#O1']);
    expect(at(keys.customer('c2'), keys.profile)).toBeUndefined();
  });
});

describe('identity restructuring of several customers at once', () => {
  it('writes one merge entry per merged customer, each with the identifier that linked that customer', async () => {
    const { ingest, partition, at } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'A2', version: '1' }, [email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')]));
    await ingest(exampleCustomer({ key: 'C', version: '1' }, [email('c@x.de')]));

    await ingest(
      exampleOrder({ key: 'O9', version: '1' }, [email('a@x.de'), email('b@x.de'), email('c@x.de')]),
    );

    const entries = partition('c1')
      .filter((sk) => sk.startsWith('LEDGER#'))
      .map(
        (sk) => at('CUST#c1', sk)?.entry as { mergedId: string; evidence: { identifier: { value: string } } },
      )
      .map((e) => [e.mergedId, e.evidence.identifier.value])
      .sort();
    expect(entries).toEqual([
      ['c2', 'b@x.de'],
      ['c3', 'c@x.de'],
    ]);
  });

  it('keeps a standing conflict item as first detected when a later record at a later time repeats the refused link', async () => {
    const { ingest, at, later } = setUp();
    await ingest(exampleCustomer({ key: 'A', version: '1' }, [erp('1'), email('a@x.de')]));
    await ingest(exampleCustomer({ key: 'B', version: '1' }, [erp('2')]));
    await ingest(exampleOrder({ key: 'O3', version: '1' }, [email('a@x.de'), erp('2')]));
    const conflictSk = keys.conflict(stableId('uniqueIdentifierClash', 'email', 'a@x.de', 'c1', 'c2'));
    later('2026-04-01T00:00:00.000Z');

    await ingest(exampleOrder({ key: 'O4', version: '1' }, [email('a@x.de'), erp('2')]));

    expect(at('CUST#c1', conflictSk)).toMatchObject({ detectedAt: NOW });
    expect(at('CUST#c2', conflictSk)).toMatchObject({ detectedAt: NOW });
  });
});
