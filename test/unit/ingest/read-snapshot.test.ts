import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import { readSnapshot } from '../../../core/ingest/read-snapshot.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { type ItemKey, keyString } from '../../../core/items/write-ops.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';

const hashOf = (idKey: string) => `h(${idKey})`;

/** A memory backend that records each batched read and can change the store right after a given read. */
class ObservedBackend extends MemoryBackend {
  readonly reads: ItemKey[][] = [];
  afterRead?: (readNumber: number) => void;

  override async getItems(keysToRead: readonly ItemKey[]): Promise<Map<string, Item>> {
    const found = await super.getItems(keysToRead);
    this.reads.push([...keysToRead]);
    this.afterRead?.(this.reads.length);
    return found;
  }

  store(...items: Item[]): void {
    for (const item of items) this.items.set(keyString(item), item);
  }
}

const owner = (idKey: string, customerId: string, contestedBy: string[] = []): Item => ({
  pk: keys.identifier(hashOf(idKey)),
  sk: keys.owner,
  kind: 'identifier',
  idKey,
  customerId,
  contestedBy,
});
const suppressed = (idKey: string): Item => ({
  pk: keys.identifier(hashOf(idKey)),
  sk: keys.owner,
  kind: 'suppressed',
  suppressedAt: '2026-01-01T00:00:00Z',
});
const profile = (customerId: string, rev = 0): Item => ({
  pk: keys.customer(customerId),
  sk: keys.profile,
  kind: 'profile',
  customerId,
  status: 'active',
  rev,
  seedRecord: 'customer#sap-s4#business-partners#1',
  createdAt: '2026-01-01T00:00:00Z',
});
const locator = (recordKey: string, customerId?: string): Item => ({
  pk: keys.locator(recordKey),
  sk: keys.locatorSort,
  kind: 'locator',
  recordKey,
  versionOrd: 'N1',
  ...(customerId ? { customerId } : {}),
});

const prepared = (...records: CanonicalRecordInput[]) =>
  prepareRecords(records, defaultIdentityConfig).prepared;

const CUSTOMER_1 = 'customer#sap-s4#business-partners#1';

describe('readSnapshot', () => {
  it('reads the locators and identifier owners of a page in one batch, each identifier once', async () => {
    const backend = new ObservedBackend();
    const page = prepared(
      exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('a@b.de')]),
      exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')]),
    );

    const snapshot = await readSnapshot(backend, page, hashOf);

    expect(backend.reads).toHaveLength(1);
    expect(backend.reads[0]?.map((k) => `${k.pk}|${k.sk}`)).toEqual([
      `SRC#${CUSTOMER_1}|LOCATOR`,
      'SRC#order#sap-s4#sales-orders#SO-1|LOCATOR',
      'ID#h(erp:sap-s4:1)|OWNER',
      'ID#h(email:a@b.de)|OWNER',
    ]);
    expect(snapshot).toEqual({
      owners: new Map(),
      locators: new Map(),
      profiles: new Map(),
      moved: new Set(),
    });
  });

  it('keeps owners, suppressions, locators and the profiles of every customer they name', async () => {
    const backend = new ObservedBackend();
    backend.store(
      owner('erp:sap-s4:1', 'c1', ['c9']),
      suppressed('email:a@b.de'),
      locator('order#sap-s4#sales-orders#SO-1', 'c2'),
      profile('c1', 3),
      profile('c2', 5),
    );
    const page = prepared(
      exampleCustomer({ key: '1', version: '2' }, [erp('1'), email('a@b.de')]),
      exampleOrder({ key: 'SO-1', version: '2' }, [erp('1')]),
    );

    const snapshot = await readSnapshot(backend, page, hashOf);

    expect(snapshot.owners).toEqual(
      new Map<string, unknown>([
        [
          'erp:sap-s4:1',
          { kind: 'identifier', idKey: 'erp:sap-s4:1', customerId: 'c1', contestedBy: ['c9'] },
        ],
        ['email:a@b.de', 'suppressed'],
      ]),
    );
    expect([...snapshot.locators.keys()]).toEqual(['order#sap-s4#sales-orders#SO-1']);
    expect(snapshot.locators.get('order#sap-s4#sales-orders#SO-1')).toMatchObject({ customerId: 'c2' });
    expect([...snapshot.profiles.entries()].map(([id, p]) => [id, p.rev])).toEqual([
      ['c1', 3],
      ['c2', 5],
    ]);
    expect(snapshot.moved).toEqual(new Set());
    // Profiles of c1 (owner) and c2 (locator), then the owned identifier again; the suppressed one is not re-read.
    expect(backend.reads.map((r) => r.map((k) => k.pk))).toEqual([
      [`SRC#${CUSTOMER_1}`, 'SRC#order#sap-s4#sales-orders#SO-1', 'ID#h(erp:sap-s4:1)', 'ID#h(email:a@b.de)'],
      ['CUST#c1', 'CUST#c2'],
      ['ID#h(erp:sap-s4:1)'],
    ]);
  });

  it('reads no profile when only suppressed identifiers and customer-less locators are found', async () => {
    const backend = new ObservedBackend();
    backend.store(suppressed('erp:sap-s4:1'), locator(CUSTOMER_1));

    const snapshot = await readSnapshot(
      backend,
      prepared(exampleCustomer({ key: '1', version: '2' }, [erp('1')])),
      hashOf,
    );

    expect(backend.reads).toHaveLength(1);
    expect(snapshot.owners.get('erp:sap-s4:1')).toBe('suppressed');
    expect(snapshot.profiles.size).toBe(0);
  });

  it('marks an identifier moved when its owner changes between the owner read and the second owner read', async () => {
    const backend = new ObservedBackend();
    backend.store(owner('erp:sap-s4:1', 'c1'), owner('email:a@b.de', 'c1'), profile('c1'), profile('c2'));
    // A restructuring commits right after the profiles are read: the ERP number now belongs to c2.
    backend.afterRead = (n) => {
      if (n === 2) backend.store(owner('erp:sap-s4:1', 'c2'));
    };

    const snapshot = await readSnapshot(
      backend,
      prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('a@b.de')])),
      hashOf,
    );

    expect(snapshot.moved).toEqual(new Set(['erp:sap-s4:1']));
  });

  it('marks an identifier moved when only the customers contesting it change', async () => {
    const backend = new ObservedBackend();
    backend.store(owner('erp:sap-s4:1', 'c1'), profile('c1'));
    backend.afterRead = (n) => {
      if (n === 2) backend.store(owner('erp:sap-s4:1', 'c1', ['c7']));
    };

    const snapshot = await readSnapshot(
      backend,
      prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1')])),
      hashOf,
    );

    expect(snapshot.moved).toEqual(new Set(['erp:sap-s4:1']));
  });

  it('marks an identifier moved when only its first carrier changes (a restructuring between the reads)', async () => {
    const backend = new ObservedBackend();
    const first = { ...owner('erp:sap-s4:1', 'c1'), firstCarrier: CUSTOMER_1 };
    backend.store(first, profile('c1'));
    backend.afterRead = (n) => {
      if (n === 2) backend.store({ ...first, firstCarrier: 'order#sap-s4#sales-orders#SO-9' });
    };

    const snapshot = await readSnapshot(
      backend,
      prepared(exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')])),
      hashOf,
    );

    expect(snapshot.moved).toEqual(new Set(['erp:sap-s4:1']));
  });

  it('marks an identifier moved when its owner entry is gone or suppressed at the second read', async () => {
    const backend = new ObservedBackend();
    backend.store(owner('erp:sap-s4:1', 'c1'), owner('email:a@b.de', 'c1'), profile('c1'));
    backend.afterRead = (n) => {
      if (n !== 2) return;
      backend.items.delete(keyString(owner('erp:sap-s4:1', 'c1')));
      backend.store(suppressed('email:a@b.de'));
    };

    const snapshot = await readSnapshot(
      backend,
      prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('a@b.de')])),
      hashOf,
    );

    expect(snapshot.moved).toEqual(new Set(['erp:sap-s4:1', 'email:a@b.de']));
  });

  it('does not mark an owner moved that reads the same twice, contested or not', async () => {
    const backend = new ObservedBackend();
    backend.store(owner('erp:sap-s4:1', 'c1', ['c2', 'c3']), owner('email:a@b.de', 'c1'), profile('c1'));

    const snapshot = await readSnapshot(
      backend,
      prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('a@b.de')])),
      hashOf,
    );

    expect(backend.reads).toHaveLength(3);
    expect(snapshot.moved.size).toBe(0);
  });

  it('neither re-reads nor marks moved an identifier nobody owns, beside one that is owned', async () => {
    const backend = new ObservedBackend();
    backend.store(owner('erp:sap-s4:1', 'c1'), profile('c1'));

    const snapshot = await readSnapshot(
      backend,
      prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('new@b.de')])),
      hashOf,
    );

    expect(backend.reads[2]?.map((k) => k.pk)).toEqual(['ID#h(erp:sap-s4:1)']);
    expect(snapshot.moved.size).toBe(0);
  });

  it('reads an owner entry stored without its contested list as uncontested both times', async () => {
    const backend = new ObservedBackend();
    const { contestedBy: _none, ...legacy } = owner('erp:sap-s4:1', 'c1');
    backend.store(legacy as Item, profile('c1'));
    backend.afterRead = (n) => {
      if (n === 2) backend.store(owner('erp:sap-s4:1', 'c1', []));
    };

    const snapshot = await readSnapshot(
      backend,
      prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1')])),
      hashOf,
    );

    expect(snapshot.moved.size).toBe(0);
  });

  it('reads an owner entry that loses its contested list between the reads as unchanged when the list was empty', async () => {
    const backend = new ObservedBackend();
    const { contestedBy: _none, ...legacy } = owner('erp:sap-s4:1', 'c1');
    backend.store(owner('erp:sap-s4:1', 'c1', []), profile('c1'));
    backend.afterRead = (n) => {
      if (n === 2) backend.store(legacy as Item);
    };

    const snapshot = await readSnapshot(
      backend,
      prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1')])),
      hashOf,
    );

    expect(snapshot.moved.size).toBe(0);
  });
});
