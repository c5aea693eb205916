import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { readCluster } from '../../../core/identity/read-cluster.ts';
import { type RestructureDeps, reresolveCluster } from '../../../core/identity/reresolve-cluster.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { storedRecord } from '../items/stored-items.ts';

// A restructuring reads a cluster, re-resolves it and commits the difference. Whatever another writer
// changes on an involved customer between the read and the commit must make the commit fail as a whole
// (reresolveCluster answers undefined and the caller reads again); otherwise a merge would overwrite a
// concurrent merge or leave a record that just landed on a merged-away customer (issue 17's planted bug
// "revision condition of concurrent merges dropped").

const NOW = '2026-03-01T00:00:00.000Z';
const hashOf = (idKey: string) => `h:${idKey}`;

/** c1 holds customer A (a@x.de), c2 customer B (b@x.de); order O3 carries both e-mails and merges c2 into c1. */
const linkingOrderAfterRead = async (before: (backend: MemoryBackend) => void = () => {}) => {
  const backend = new MemoryBackend();
  let n = 0;
  const deps: RestructureDeps = {
    backend,
    config: defaultIdentityConfig,
    hashOf,
    newCustomerId: () => `c${++n}`,
    now: NOW,
  };
  const pageDeps = { ...deps, now: () => new Date(NOW), maxAttempts: 1, pause: async () => {} };
  await ingestPage([exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')])], pageDeps);
  await ingestPage([exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')])], pageDeps);
  before(backend);
  const order: StoredRecord = storedRecord(
    exampleOrder({ key: 'O3', version: '1' }, [email('a@x.de'), email('b@x.de')]),
  );
  const gathered = await readCluster(backend, [], order.linkIds, hashOf);
  const records = new Map([...gathered.records].map(([rk, v]) => [rk, v.record]));
  records.set(order.recordKey, order);
  const profileKey = (id: string) => keyString({ pk: keys.customer(id), sk: keys.profile });
  /** Another writer changes a profile after the cluster was read. */
  const concurrently = (
    id: string,
    change: (profile: Record<string, unknown>) => Record<string, unknown>,
  ) => {
    const profile = backend.items.get(profileKey(id));
    if (!profile) throw new Error(`no profile ${id}`);
    backend.items.set(profileKey(id), { ...profile, ...change(profile) });
  };
  const restructure = () =>
    reresolveCluster(deps, gathered, records, {
      incoming: { record: order, versionOrd: versionOrder('1'), locator: undefined },
    });
  const profile = (id: string) => backend.items.get(profileKey(id));
  const orderLocator = () =>
    backend.items.get(keyString({ pk: keys.locator(order.recordKey), sk: keys.locatorSort }));
  /** Another writer stores a newer version of a record after the cluster was read. */
  const newerVersionOf = (recordKey: string) => {
    const key = keyString({ pk: keys.locator(recordKey), sk: keys.locatorSort });
    const locator = backend.items.get(key);
    if (!locator) throw new Error(`no locator ${recordKey}`);
    backend.items.set(key, { ...locator, versionOrd: versionOrder('2') });
  };
  const item = (pk: string, sk: string) => backend.items.get(keyString({ pk, sk }));
  return { concurrently, newerVersionOf, restructure, profile, orderLocator, item };
};

describe('a restructuring racing another writer', () => {
  it('commits the merge when nothing changed since the read: c2 merged into c1', async () => {
    const { restructure, profile, orderLocator } = await linkingOrderAfterRead();

    const plan = await restructure();

    expect(plan?.customerOf.get('order#sap-s4#sales-orders#O3')).toBe('c1');
    expect(profile('c2')).toMatchObject({ status: 'merged', mergedInto: 'c1', rev: 1 });
    expect(profile('c1')).toMatchObject({ status: 'active', rev: 1 });
    expect(orderLocator()).toMatchObject({ customerId: 'c1' });
  });

  it('plans exactly one merge entry and writes the incoming record as ingested, the moved one as moved', async () => {
    const { restructure, item } = await linkingOrderAfterRead();

    const plan = await restructure();

    expect(plan?.ledger.map((e) => [e.kind, e.survivorId, e.mergedId])).toEqual([['merge', 'c1', 'c2']]);
    expect(item('CUST#c1', keys.record('order#sap-s4#sales-orders#O3'))).toMatchObject({ cause: 'ingest' });
    expect(item('CUST#c1', keys.record('customer#sap-s4#business-partners#B'))).toMatchObject({
      cause: 'move',
    });
  });

  it('writes no owner item, mirror or record item that stays as it was', async () => {
    const { restructure } = await linkingOrderAfterRead();

    const plan = await restructure();

    // a@x.de stays c1's; only b@x.de changes hands (its owner item and c1's new mirror).
    const written = [...(plan?.ops ?? []), ...(plan?.guards ?? [])].map((op) =>
      op.op === 'put' ? `${op.item.pk} ${op.item.sk}` : `${op.key.pk} ${op.key.sk}`,
    );
    expect(written).not.toContain('ID#h:email:a@x.de OWNER');
    expect(written).not.toContain('CUST#c1 ID#email:a@x.de');
    expect(written).toContain('ID#h:email:b@x.de OWNER');
    expect(written).toContain('CUST#c1 ID#email:b@x.de');
    // A stays where it is: its record item is not written again; B moves.
    expect(written).not.toContain('CUST#c1 REC#customer#sap-s4#business-partners#A');
    expect(written).toContain('CUST#c1 REC#customer#sap-s4#business-partners#B');
  });

  it('writes nothing and answers undefined when a record it moves got a newer version after the read', async () => {
    const { newerVersionOf, restructure, profile, orderLocator } = await linkingOrderAfterRead();
    newerVersionOf('customer#sap-s4#business-partners#B');

    const plan = await restructure();

    expect(plan).toBeUndefined();
    expect(orderLocator()).toBeUndefined();
    expect(profile('c2')).toMatchObject({ status: 'active', rev: 0 });
  });

  it('commits the merge when both customers took settled writes before the read', async () => {
    const { restructure, profile } = await linkingOrderAfterRead((backend) => {
      for (const id of ['c1', 'c2']) {
        const key = keyString({ pk: keys.customer(id), sk: keys.profile });
        backend.items.set(key, { ...backend.items.get(key), writes: 3 } as never);
      }
    });

    const plan = await restructure();

    expect(plan).toBeDefined();
    expect(profile('c2')).toMatchObject({ status: 'merged', mergedInto: 'c1' });
  });

  it.each([
    [
      'the surviving customer was restructured (its revision moved on)',
      'c1',
      (p: Record<string, unknown>) => ({ rev: Number(p.rev) + 1 }),
    ],
    [
      'the merged customer was restructured (its revision moved on)',
      'c2',
      (p: Record<string, unknown>) => ({ rev: Number(p.rev) + 1 }),
    ],
    ['the surviving customer took a settled write', 'c1', () => ({ writes: 1 })],
    ['the merged customer took a settled write', 'c2', () => ({ writes: 1 })],
    ['the surviving customer was merged into another', 'c1', () => ({ status: 'merged', mergedInto: 'c9' })],
    ['the merged customer was merged into another', 'c2', () => ({ status: 'merged', mergedInto: 'c9' })],
  ])('writes nothing and answers undefined when %s after the read', async (_what, id, change) => {
    const { concurrently, restructure, profile, orderLocator } = await linkingOrderAfterRead();
    concurrently(id, change);
    const changed = profile(id);

    const plan = await restructure();

    expect(plan).toBeUndefined();
    expect(orderLocator()).toBeUndefined();
    expect(profile(id)).toEqual(changed);
    expect(profile(id === 'c1' ? 'c2' : 'c1')).toMatchObject({ status: 'active', rev: 0 });
  });
});
