import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { type IngestDeps, ingestPage } from '../../../core/ingest/ingest-page.ts';
import { ingestUnsettledRecord } from '../../../core/ingest/ingest-unsettled-record.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import { keys } from '../../../core/items/keys.ts';
import type { CommitResult, ItemKey, WriteOp } from '../../../core/items/write-ops.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';

// Survivors of the mutation run over the ingest (issue 17): which records take the identity path and in
// what order, and that re-resolving a cluster keeps the records it read.

/** A memory backend that loses the next `failing` commits and notes the first record locator each read asks for. */
class WatchedBackend extends MemoryBackend {
  failing = 0;
  readonly locatorReads: string[] = [];
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    if (this.failing > 0) {
      this.failing -= 1;
      return { ok: false, failedOps: [0] };
    }
    return super.commit(ops);
  }
  override async getItems(itemKeys: readonly ItemKey[]) {
    const locator = itemKeys.find((k) => k.pk.startsWith('SRC#'));
    if (locator) this.locatorReads.push(locator.pk.slice('SRC#'.length));
    return super.getItems(itemKeys);
  }
}

const depsFor = (backend: MemoryBackend): IngestDeps =>
  memoryIngestDeps(backend, { now: () => new Date('2026-03-01T12:00:00Z') });

const C9 = 'customer#sap-s4#business-partners#9';
const SO1 = 'order#sap-s4#sales-orders#SO-1';

describe('ingestPage: the identity path', () => {
  it('takes a record linking two customers through the identity path, which merges them', async () => {
    // prepare
    const backend = new WatchedBackend();
    const deps = depsFor(backend);
    await ingestPage(
      [
        exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
        exampleCustomer({ key: '2', version: '1' }, [email('a@b.de')]),
      ],
      deps,
    );

    // act
    const result = await ingestPage(
      [exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('a@b.de')])],
      deps,
    );

    // assert
    expect(result.counts.written).toBe(1);
    const owners = ['erp:sap-s4:1', 'email:a@b.de'].map(
      (idKey) => backend.items.get(`${keys.identifier(idKey)}\u0000${keys.owner}`)?.customerId,
    );
    expect(owners[0]).toBeDefined();
    expect(owners[1]).toBe(owners[0]);
  });

  it('takes its records in page order, whether the plan sent them there or three lost rounds did', async () => {
    // prepare: the order (second in the page) links two customers, so the plan sends it to the identity
    // path at once; the new customer (first in the page) gets there after losing its commit three times
    const backend = new WatchedBackend();
    const deps = depsFor(backend);
    await ingestPage(
      [
        exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
        exampleCustomer({ key: '2', version: '1' }, [email('a@b.de')]),
      ],
      deps,
    );
    backend.failing = 3;
    backend.locatorReads.length = 0;

    // act
    await ingestPage(
      [
        exampleCustomer({ key: '9', version: '1' }, [erp('9')]),
        exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('a@b.de')]),
      ],
      deps,
    );

    // assert: each record's last read starting with its locator is the identity path's (the rounds before
    // read the page's locators in page order, the new customer's first)
    const reads = backend.locatorReads;
    expect(reads.filter((rk) => rk === SO1)).toHaveLength(1);
    expect(reads.filter((rk) => rk === C9)).toHaveLength(4);
    expect(reads.lastIndexOf(C9)).toBeLessThan(reads.lastIndexOf(SO1));
  });
});

describe('ingestUnsettledRecord: the cluster it re-resolves', () => {
  it('keeps every record of the customers it merges, in the surviving customer', async () => {
    // prepare
    const backend = new WatchedBackend();
    const deps = depsFor(backend);
    await ingestPage(
      [
        exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
        exampleCustomer({ key: '2', version: '1' }, [email('a@b.de')]),
      ],
      deps,
    );
    const [entry] = prepareRecords(
      [exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('a@b.de')])],
      defaultIdentityConfig,
    ).prepared;
    if (!entry) throw new Error('the record does not prepare');

    // act
    const outcome = await ingestUnsettledRecord(entry, { ...depsFor(backend), now: '2026-03-01T12:00:00Z' });

    // assert
    const survivor = outcome.outcome === 'written' ? outcome.customerId : undefined;
    if (!survivor) throw new Error('no surviving customer named');
    const recordKeys = (await backend.readPartition(keys.customer(survivor)))
      .filter((i) => i.kind === 'record')
      .map((i) => i.recordKey)
      .sort();
    expect(recordKeys).toEqual([
      'customer#sap-s4#business-partners#1',
      'customer#sap-s4#business-partners#2',
      SO1,
    ]);
  });

  it('takes out a deleted record that arrives without identifiers, finding its customer by its locator', async () => {
    // prepare
    const backend = new WatchedBackend();
    const deps = depsFor(backend);
    await ingestPage(
      [
        exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
        exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')]),
      ],
      deps,
    );
    const [entry] = prepareRecords(
      [exampleOrder({ key: 'SO-1', version: '2', deleted: true }, [])],
      defaultIdentityConfig,
    ).prepared;
    if (!entry) throw new Error('the deletion does not prepare');

    // act
    const outcome = await ingestUnsettledRecord(entry, { ...depsFor(backend), now: '2026-03-01T12:00:00Z' });

    // assert
    expect(outcome).toMatchObject({ outcome: 'written', recordKey: SO1 });
    const stored = [...backend.items.values()].filter((i) => i.kind === 'record').map((i) => i.recordKey);
    expect(stored).toEqual(['customer#sap-s4#business-partners#1']);
  });
});
