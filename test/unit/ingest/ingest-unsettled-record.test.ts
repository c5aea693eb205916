import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import {
  ingestUnsettledRecord,
  type UnsettledRecordDeps,
} from '../../../core/ingest/ingest-unsettled-record.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import { keys } from '../../../core/items/keys.ts';
import { type CommitResult, keyString, type WriteOp } from '../../../core/items/write-ops.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';

/** A memory backend whose commits fail while `failing` is positive (a concurrent writer keeps winning). */
class RacingBackend extends MemoryBackend {
  failing = 0;
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    if (this.failing > 0) {
      this.failing -= 1;
      return { ok: false, failedOps: [0] };
    }
    return super.commit(ops);
  }
}

const setUp = () => {
  const backend = new RacingBackend();
  let n = 0;
  const pauses: number[] = [];
  const deps: UnsettledRecordDeps = {
    backend,
    config: defaultIdentityConfig,
    hashOf: (idKey) => idKey,
    newCustomerId: () => `c${++n}`,
    now: '2026-03-01T12:00:00Z',
    maxAttempts: 3,
    pause: async (attempt) => {
      pauses.push(attempt);
    },
  };
  const page = (...records: CanonicalRecordInput[]) =>
    ingestPage(records, { ...deps, now: () => new Date(deps.now), pause: async () => {} });
  const prepared = (record: CanonicalRecordInput) => {
    const [entry] = prepareRecords([record], defaultIdentityConfig).prepared;
    if (!entry) throw new Error('the record does not prepare');
    return { ...entry, index: 7 };
  };
  return { backend, deps, pauses, page, prepared };
};

describe('ingestUnsettledRecord', () => {
  it('merges two customers a record links and names the surviving customer', async () => {
    const { backend, deps, page, prepared } = setUp();
    await page(
      exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
      exampleCustomer({ key: '2', version: '1' }, [email('a@b.de')]),
    );

    const outcome = await ingestUnsettledRecord(
      prepared(exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('a@b.de')])),
      deps,
    );

    expect(outcome).toMatchObject({
      index: 7,
      outcome: 'written',
      recordKey: 'order#sap-s4#sales-orders#SO-1',
    });
    const customerId = outcome.outcome === 'written' ? outcome.customerId : undefined;
    expect(customerId).toBeDefined();
    for (const idKey of ['erp:sap-s4:1', 'email:a@b.de'])
      expect(backend.items.get(keyString({ pk: keys.identifier(idKey), sk: keys.owner }))).toMatchObject({
        customerId,
      });
  });

  it('reads each owner of the record’s identifiers once: the cluster gather takes the owners read before it', async () => {
    const { backend, deps, page, prepared } = setUp();
    await page(
      exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
      exampleCustomer({ key: '2', version: '1' }, [email('a@b.de')]),
    );
    const reads: string[] = [];
    const getItems = backend.getItems.bind(backend);
    backend.getItems = async (wanted) => {
      reads.push(...wanted.filter((k) => k.sk === keys.owner).map((k) => k.pk));
      return getItems(wanted);
    };

    await ingestUnsettledRecord(
      prepared(exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('a@b.de')])),
      deps,
    );

    expect(reads.sort()).toEqual([keys.identifier('email:a@b.de'), keys.identifier('erp:sap-s4:1')]);
  });

  it('writes a record taken back as a repeat, so the change feed does not announce its version again, and a first write as an ingest', async () => {
    const { backend, deps, page, prepared } = setUp();
    await page(
      exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
      exampleCustomer({ key: '2', version: '1' }, [email('a@b.de')]),
    );
    const causeOf = (recordKey: string) =>
      [...backend.items.values()].find((i) => i.kind === 'record' && i.recordKey === recordKey)?.cause;

    await ingestUnsettledRecord(
      { ...prepared(exampleOrder({ key: 'SO-1', version: '1' }, [erp('1'), email('a@b.de')])), repeat: true },
      deps,
    );
    await ingestUnsettledRecord(
      prepared(exampleOrder({ key: 'SO-2', version: '1' }, [erp('1'), email('a@b.de')])),
      deps,
    );

    expect(causeOf('order#sap-s4#sales-orders#SO-1')).toBe('repeat');
    expect(causeOf('order#sap-s4#sales-orders#SO-2')).toBe('ingest');
  });

  it('reports the stored version unchanged and an older one stale, writing nothing', async () => {
    const { backend, deps, page, prepared } = setUp();
    await page(exampleCustomer({ key: '1', version: '5' }, [erp('1')]));
    const before = structuredClone([...backend.items.entries()]);

    const same = await ingestUnsettledRecord(
      prepared(exampleCustomer({ key: '1', version: '5' }, [erp('1')])),
      deps,
    );
    const older = await ingestUnsettledRecord(
      prepared(exampleCustomer({ key: '1', version: '4' }, [erp('1')])),
      deps,
    );

    expect(same).toEqual({
      index: 7,
      outcome: 'unchanged',
      recordKey: 'customer#sap-s4#business-partners#1',
    });
    expect(older).toEqual({ index: 7, outcome: 'stale', recordKey: 'customer#sap-s4#business-partners#1' });
    expect([...backend.items.entries()]).toEqual(before);
  });

  it('refuses a record carrying an erased customer’s identifier', async () => {
    const { backend, deps, prepared } = setUp();
    backend.items.set(keyString({ pk: keys.identifier('email:gone@b.de'), sk: keys.owner }), {
      pk: keys.identifier('email:gone@b.de'),
      sk: keys.owner,
      kind: 'suppressed',
      suppressedAt: '2026-01-01T00:00:00Z',
    });

    const outcome = await ingestUnsettledRecord(
      prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1'), email('gone@b.de')])),
      deps,
    );

    expect(outcome).toEqual({
      index: 7,
      outcome: 'suppressed',
      recordKey: 'customer#sap-s4#business-partners#1',
    });
    expect(backend.items.size).toBe(1);
  });

  it('takes a deleted record out of its customer and names no customer', async () => {
    const { backend, deps, page, prepared } = setUp();
    await page(
      exampleCustomer({ key: '1', version: '1' }, [erp('1')]),
      exampleOrder({ key: 'SO-1', version: '1' }, [erp('1')]),
    );

    const outcome = await ingestUnsettledRecord(
      prepared(exampleOrder({ key: 'SO-1', version: '2', deleted: true }, [erp('1')])),
      deps,
    );

    expect(outcome).toEqual({ index: 7, outcome: 'written', recordKey: 'order#sap-s4#sales-orders#SO-1' });
    const locator = backend.items.get(
      keyString({ pk: keys.locator('order#sap-s4#sales-orders#SO-1'), sk: keys.locatorSort }),
    );
    expect(locator).toMatchObject({ deleted: true });
    expect(
      [...backend.items.values()].some(
        (i) => i.kind === 'record' && i.recordKey === 'order#sap-s4#sales-orders#SO-1',
      ),
    ).toBe(false);
  });

  it('retries a lost race after pausing with the attempt number', async () => {
    const { backend, deps, pauses, prepared } = setUp();
    backend.failing = 2;

    const outcome = await ingestUnsettledRecord(
      prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1')])),
      deps,
    );

    expect(pauses).toEqual([1, 2]);
    expect(outcome).toMatchObject({ outcome: 'written' });
  });

  it('gives up after the last attempt, naming the record and the attempts', async () => {
    const { backend, deps, pauses, prepared } = setUp();
    backend.failing = 3;

    await expect(
      ingestUnsettledRecord(prepared(exampleCustomer({ key: '1', version: '1' }, [erp('1')])), deps),
    ).rejects.toThrow(
      'record customer#sap-s4#business-partners#1: identity resolution kept racing with concurrent writes after 3 attempts',
    );
    expect(pauses).toEqual([1, 2]);
  });
});
