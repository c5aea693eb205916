import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { decideReactions } from '../../../app/reactions/decide-reactions.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { type CommitResult, keyString, type WriteOp } from '../../../core/items/write-ops.ts';
import { eraseCustomer } from '../../../core/privacy/erase-customer.ts';
import { anonymisedPartIssue } from '../../../core/reactions/part-issue-index.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { erp } from '../../../schemas/entities/examples.ts';
import type { InteractionData } from '../../../schemas/entities/interaction.ts';
import { recordItems, storedRecord } from '../items/stored-items.ts';

// A service-desk case corrected or deleted at the source after it was filed in its part's issue index: the index
// follows the record, so the old time, part or category no longer counts towards a threshold, whatever order and
// however often the stream delivers the changes. On the in-memory backend, with the store's items as the ingest
// leaves them (record item and locator), since the index checks and reads them.

const NOW = new Date('2026-03-10T10:00:00Z');
const config = ReactionsConfigSchema.parse({ complaintThreshold: 2, complaintWindowDays: 30 });

type Case = ReturnType<typeof storedRecord>;

/** Version `version` of case `key` of customer ERP number 500; a complaint about P-9 two days ago unless told. */
const caseVersion = (
  key: string,
  version: string,
  data: Partial<InteractionData> = {},
  customer = '500',
): Case =>
  storedRecord({
    entity: 'interaction',
    source: { system: 'servicedesk', stream: 'tickets', key, version },
    identifiers: [erp(customer)],
    data: {
      interactionId: key,
      kind: 'serviceCase',
      channel: 'phone',
      occurredAt: '2026-03-08T09:00:00Z',
      category: 'complaint',
      partNumber: 'P-9',
      subject: `Pump leaks (${key})`,
      serialNumber: `SN-${key}`,
      ...data,
    },
  } as CanonicalRecordInput);

const mainItem = (record: Case, customerId: string, cause = 'ingest'): Item => {
  const [main] = recordItems(record, customerId);
  if (!main) throw new Error('no record item');
  return { ...main, cause };
};

let sequence = 0;
/** The change the stream delivers when the record item of `customerId` goes from `before` to `after`. */
const changeOf = (
  customerId: string,
  before: Case | undefined,
  after: Case | undefined,
  extra: { cause?: string; backfill?: string } = {},
): ChangeRecord => {
  const oldImage = before && mainItem(before, customerId);
  const newImage = after && {
    ...mainItem(after, customerId, extra.cause),
    ...(extra.backfill ? { backfill: extra.backfill } : {}),
  };
  const image = newImage ?? oldImage;
  if (!image) throw new Error('a change needs an image');
  sequence += 1;
  return {
    eventName: !oldImage ? 'INSERT' : !newImage ? 'REMOVE' : 'MODIFY',
    sequenceNumber: String(sequence),
    approximateCreationDateTime: NOW.getTime() / 1000,
    keys: { pk: image.pk, sk: image.sk },
    ...(newImage ? { newImage } : {}),
    ...(oldImage ? { oldImage } : {}),
  };
};

/** Stores a version as an ingest into `customerId` leaves it: its record item and its locator. */
const store = (backend: MemoryBackend, record: Case, customerId: string) => {
  for (const item of recordItems(record, customerId))
    backend.items.set(keyString(item), structuredClone(item));
};
/** A record deleted at the source: its item gone, its locator a tombstone at the deletion's version. */
const tombstone = (backend: MemoryBackend, record: Case, customerId: string, versionOrd: string) => {
  const [main, locator] = recordItems(record, customerId);
  if (!main || !locator) throw new Error('no record items');
  backend.items.delete(keyString(main));
  backend.items.set(keyString(locator), { ...locator, deleted: true, partition: undefined, versionOrd });
};

const decide = async (backend: MemoryBackend, changes: readonly ChangeRecord[]) => {
  const result = await decideReactions(changes, { backend, now: () => NOW, config });
  expect(result.failedSequenceNumbers).toEqual([]);
  return result.decided;
};

const index = (backend: MemoryBackend, part = 'P-9') =>
  [...backend.items.values()]
    .filter((item) => item.pk === `PARTISSUE#${part}` && item.sk !== '~RAISED')
    .map((item) => item.sk);
const changeRequests = (backend: MemoryBackend) =>
  [...backend.items.values()]
    .filter((item) => item.kind === 'reaction' && item.detailType === 'ProductIssueThresholdReached')
    .map((item) => (item.payload as { reactionKey: string }).reactionKey);

const FIRST = '2026-03-08T09:00:00Z#CASE-1';

describe('a corrected case leaves its old place in the part issue index', () => {
  it('raises no change request for a part the case was moved away from', async () => {
    const backend = new MemoryBackend();
    const v1 = caseVersion('CASE-1', '1');
    const v2 = caseVersion('CASE-1', '2', { partNumber: 'P-10' });
    const other = caseVersion('CASE-2', '1', {}, '501');
    store(backend, v1, 'C1');
    await decide(backend, [changeOf('C1', undefined, v1)]);
    store(backend, v2, 'C1');
    await decide(backend, [changeOf('C1', v1, v2)]);

    store(backend, other, 'C2');
    expect(await decide(backend, [changeOf('C2', undefined, other)])).toBe(0);

    expect(index(backend, 'P-9')).toEqual(['2026-03-08T09:00:00Z#CASE-2']);
    expect(index(backend, 'P-10')).toEqual([FIRST]);
    expect(changeRequests(backend)).toEqual([]);
  });

  it('counts a case whose time was corrected out of the window no more, and once when it stays in', async () => {
    const backend = new MemoryBackend();
    const v1 = caseVersion('CASE-1', '1');
    const longAgo = caseVersion('CASE-1', '2', { occurredAt: '2026-01-20T09:00:00Z' });
    const other = caseVersion('CASE-2', '1', {}, '501');
    store(backend, v1, 'C1');
    await decide(backend, [changeOf('C1', undefined, v1)]);
    store(backend, longAgo, 'C1');
    await decide(backend, [changeOf('C1', v1, longAgo)]);
    store(backend, other, 'C2');
    await decide(backend, [changeOf('C2', undefined, other)]);

    expect(index(backend)).toEqual(['2026-01-20T09:00:00Z#CASE-1', '2026-03-08T09:00:00Z#CASE-2']);
    expect(changeRequests(backend)).toEqual([]);
  });

  it('withdraws a case that is no complaint any more, even from a change too old to react to', async () => {
    const backend = new MemoryBackend();
    const v1 = caseVersion('CASE-1', '1');
    const question = caseVersion('CASE-1', '2', { category: 'question' });
    store(backend, v1, 'C1');
    await decide(backend, [changeOf('C1', undefined, v1)]);
    store(backend, question, 'C1');

    await decide(backend, [changeOf('C1', v1, question, { backfill: 'fullResync' })]);

    expect(index(backend)).toEqual([]);
  });

  it('moves a filed case to where a correction only a resync brought puts it, and raises nothing from the move', async () => {
    const backend = new MemoryBackend();
    const v1 = caseVersion('CASE-1', '1');
    const moved = caseVersion('CASE-1', '2', { occurredAt: '2026-03-07T09:00:00Z' });
    const other = caseVersion('CASE-2', '1', {}, '501');
    store(backend, v1, 'C1');
    await decide(backend, [changeOf('C1', undefined, v1)]);
    // Filed while the threshold was 5: the part is past 2 once the case moves, but a move evaluates nothing.
    store(backend, other, 'C2');
    await decideReactions([changeOf('C2', undefined, other)], {
      backend,
      now: () => NOW,
      config: ReactionsConfigSchema.parse({ complaintThreshold: 5 }),
    });
    store(backend, moved, 'C1');

    expect(await decide(backend, [changeOf('C1', v1, moved, { backfill: 'fullResync' })])).toBe(0);

    expect(index(backend).sort()).toEqual(['2026-03-07T09:00:00Z#CASE-1', '2026-03-08T09:00:00Z#CASE-2']);
    expect(changeRequests(backend)).toEqual([]);
  });

  it('withdraws a case deleted at the source, and raises nothing from the withdrawal', async () => {
    const backend = new MemoryBackend();
    const cases = ['CASE-1', 'CASE-2', 'CASE-3'].map((key, i) => caseVersion(key, '1', {}, String(500 + i)));
    // Filed while the threshold was 5; it has been lowered to 2 since, so the part is past it, unevaluated.
    for (const [i, record] of cases.entries()) {
      store(backend, record, `C${i + 1}`);
      await decideReactions([changeOf(`C${i + 1}`, undefined, record)], {
        backend,
        now: () => NOW,
        config: ReactionsConfigSchema.parse({ complaintThreshold: 5 }),
      });
    }
    const [deleted] = cases as [Case];
    tombstone(backend, deleted, 'C1', `N${'2'.padStart(30, '0')}`);

    expect(await decide(backend, [changeOf('C1', deleted, undefined)])).toBe(0);

    expect(index(backend)).toEqual(['2026-03-08T09:00:00Z#CASE-2', '2026-03-08T09:00:00Z#CASE-3']);
    expect(changeRequests(backend)).toEqual([]);
  });
});

describe('the index follows the record, whatever order and however often the changes come', () => {
  it('keeps the case of a record a merge moved, whether the move or the removal comes first', async () => {
    for (const removalFirst of [true, false]) {
      const backend = new MemoryBackend();
      const v1 = caseVersion('CASE-1', '1');
      store(backend, v1, 'C1');
      await decide(backend, [changeOf('C1', undefined, v1)]);
      store(backend, v1, 'C-SURVIVOR');
      backend.items.delete(keyString(mainItem(v1, 'C1')));
      const moved = changeOf('C-SURVIVOR', undefined, v1, { cause: 'move' });
      const removed = changeOf('C1', v1, undefined);

      await decide(backend, removalFirst ? [removed, moved] : [moved, removed]);

      expect(index(backend)).toEqual([FIRST]);
      expect(backend.items.get(keyString({ pk: 'PARTISSUE#P-9', sk: FIRST }))?.customerId).toBe('C1');
    }
  });

  it('withdraws the old filing of a record a merge moved and corrected in one write', async () => {
    for (const removalFirst of [true, false]) {
      const backend = new MemoryBackend();
      const v1 = caseVersion('CASE-1', '1');
      const v2 = caseVersion('CASE-1', '2', { occurredAt: '2026-03-07T09:00:00Z' });
      store(backend, v1, 'C1');
      await decide(backend, [changeOf('C1', undefined, v1)]);
      store(backend, v2, 'C-SURVIVOR');
      backend.items.delete(keyString(mainItem(v1, 'C1')));
      const arrived = changeOf('C-SURVIVOR', undefined, v2);
      const removed = changeOf('C1', v1, undefined);

      await decide(backend, removalFirst ? [removed, arrived] : [arrived, removed]);

      expect(index(backend)).toEqual(['2026-03-07T09:00:00Z#CASE-1']);
    }
  });

  it('lets a redelivered change neither delete the current filing nor bring an old one back', async () => {
    const backend = new MemoryBackend();
    const v1 = caseVersion('CASE-1', '1');
    const v2 = caseVersion('CASE-1', '2', { partNumber: 'P-10' });
    const v3 = caseVersion('CASE-1', '3');
    const changes = [changeOf('C1', undefined, v1), changeOf('C1', v1, v2), changeOf('C1', v2, v3)];
    for (const [i, record] of [v1, v2, v3].entries()) {
      store(backend, record, 'C1');
      await decide(backend, [changes[i] as ChangeRecord]);
    }
    expect([index(backend, 'P-9'), index(backend, 'P-10')]).toEqual([[FIRST], []]);

    // The stream hands the older changes again, alone (a batch retried from an earlier failure).
    await decide(backend, [changes[1] as ChangeRecord]);
    await decide(backend, [changes[0] as ChangeRecord]);

    expect([index(backend, 'P-9'), index(backend, 'P-10')]).toEqual([[FIRST], []]);
    expect(backend.items.get(keyString({ pk: 'PARTISSUE#P-9', sk: FIRST }))?.versionOrd).toBe(
      `N${'3'.padStart(30, '0')}`,
    );
  });

  it('files the record as it stands for a change read only after its record was corrected again', async () => {
    const backend = new MemoryBackend();
    const v1 = caseVersion('CASE-1', '1');
    const v2 = caseVersion('CASE-1', '2', { partNumber: 'P-10' });
    store(backend, v1, 'C1');
    await decide(backend, [changeOf('C1', undefined, v1)]);
    store(backend, v2, 'C1');
    const late = changeOf('C1', v1, v2);
    const v3 = caseVersion('CASE-1', '3', { partNumber: 'P-11' });
    store(backend, v3, 'C1');

    await decide(backend, [late]);
    expect([index(backend, 'P-9'), index(backend, 'P-10'), index(backend, 'P-11')]).toEqual([
      [],
      [],
      [FIRST],
    ]);
    await decide(backend, [changeOf('C1', v2, v3)]);

    expect([index(backend, 'P-9'), index(backend, 'P-10'), index(backend, 'P-11')]).toEqual([
      [],
      [],
      [FIRST],
    ]);
  });

  it('files a live case whose correction a resync stored before the live change was read', async () => {
    for (const correction of [{ partNumber: 'P-10' }, { subject: 'Pump leaks at the seal' }]) {
      const backend = new MemoryBackend();
      const v1 = caseVersion('CASE-1', '1');
      const v2 = caseVersion('CASE-1', '2', correction);
      store(backend, v1, 'C1');
      store(backend, v2, 'C1');

      await decide(backend, [changeOf('C1', undefined, v1)]);
      await decide(backend, [changeOf('C1', v1, v2, { backfill: 'fullResync' })]);

      const part = correction.partNumber ?? 'P-9';
      expect(index(backend, part)).toEqual([FIRST]);
      expect(backend.items.get(keyString({ pk: `PARTISSUE#${part}`, sk: FIRST }))).toMatchObject({
        versionOrd: `N${'2'.padStart(30, '0')}`,
        interaction: { partNumber: part, subject: correction.subject ?? 'Pump leaks (CASE-1)' },
      });
      expect(index(backend, 'P-9')).toEqual(part === 'P-9' ? [FIRST] : []);
    }
  });

  it('indexes a case corrected by a resync alike, whether its live change was read before or after', async () => {
    const outcomes: string[][][] = [];
    for (const liveReadFirst of [true, false]) {
      const backend = new MemoryBackend();
      const v1 = caseVersion('CASE-1', '1');
      const v2 = caseVersion('CASE-1', '2', { partNumber: 'P-10' });
      store(backend, v1, 'C1');
      const live = changeOf('C1', undefined, v1);
      if (liveReadFirst) await decide(backend, [live]);
      store(backend, v2, 'C1');
      if (!liveReadFirst) await decide(backend, [live]);
      await decide(backend, [changeOf('C1', v1, v2, { backfill: 'fullResync' })]);
      // Delivered again, the live change brings back nothing the correction moved.
      await decide(backend, [live]);
      outcomes.push([index(backend, 'P-9'), index(backend, 'P-10')]);
    }

    expect(outcomes).toEqual([
      [[], [FIRST]],
      [[], [FIRST]],
    ]);
  });

  it('files a case again when its version is written again after its announced copy was taken back', async () => {
    const backend = new MemoryBackend();
    const v1 = caseVersion('CASE-1', '1');
    store(backend, v1, 'C1');
    const copy = changeOf('C1', undefined, v1);
    await decide(backend, [copy]);
    // The plain write lost its commit: the copy is taken back before its locator was written.
    for (const item of recordItems(v1, 'C1')) backend.items.delete(keyString(item));
    await decide(backend, [changeOf('C1', v1, undefined)]);
    expect(index(backend)).toEqual([]);
    store(backend, v1, 'C1');

    expect(await decide(backend, [changeOf('C1', undefined, v1, { cause: 'repeat' })])).toBe(0);

    expect(index(backend)).toEqual([FIRST]);
  });
});

/** An in-memory table that hands its `n`th commit's turn to someone else first (commits of that someone aside). */
class InterleavedBackend extends MemoryBackend {
  private seen = 0;
  private running = false;
  constructor(
    private readonly n: number,
    private readonly first: (backend: InterleavedBackend) => Promise<void>,
  ) {
    super();
  }
  /** Counting starts here. */
  armed = false;
  ran = false;
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    if (this.armed && !this.running && !this.ran && this.seen++ === this.n) {
      this.running = true;
      await this.first(this);
      this.running = false;
      this.ran = true;
    }
    return super.commit(ops);
  }
}

const activeProfile = (customerId: string): Item => ({
  pk: keys.customer(customerId),
  sk: keys.profile,
  kind: 'profile',
  customerId,
  status: 'active',
  rev: 1,
  seedRecord: 'customer#sap-s4#business-partners#500',
  createdAt: '2026-03-01T00:00:00Z',
});

describe('the index after an erasure', () => {
  it('never holds personal data of an erased customer, whenever a change of theirs is read during the erasure', async () => {
    const erasureCommits = 6;
    const readWithPersonalData: number[] = [];
    for (let n = 0; n <= erasureCommits; n++) {
      const v1 = caseVersion('CASE-1', '1');
      const v2 = caseVersion('CASE-2', '1');
      // The second case's change is read before the erasure's `n`th commit, or after the erasure (no `n`th).
      const late = changeOf('C1', undefined, v2);
      const backend = new InterleavedBackend(n, async (b) => {
        await decide(b, [late]);
      });
      backend.items.set(keyString(activeProfile('C1')), activeProfile('C1'));
      store(backend, v1, 'C1');
      await decide(backend, [changeOf('C1', undefined, v1)]);
      store(backend, v2, 'C1');
      backend.armed = true;

      await eraseCustomer({ backend, hashOf: (id) => `h(${id})`, now: NOW.toISOString() }, 'C1', {
        requestedBy: 'dpo@example.com',
        reason: 'GDPR art. 17',
      });
      if (!backend.ran) await decide(backend, [late]);

      // What the index holds once the erasure returned (its own removals not read yet: they may be late, or lost).

      const cases = [...backend.items.values()].filter(
        (item) => item.pk === 'PARTISSUE#P-9' && item.sk !== '~RAISED',
      );
      expect(cases.length).toBeGreaterThan(0);
      const personal = cases.filter((item) => {
        const interaction = item.interaction as InteractionData;
        return (
          'customerId' in item || interaction.subject !== undefined || interaction.serialNumber !== undefined
        );
      });
      if (personal.length > 0) readWithPersonalData.push(n);
    }
    // Before which of the erasure's commits a change read left the customer's data in the index: none.
    expect(readWithPersonalData).toEqual([]);
  });

  it('files nothing from a change of a merged-away copy read after the survivor was erased', async () => {
    const v1 = caseVersion('CASE-1', '1');
    const backend = new MemoryBackend();
    // The case's record moved from C1 to the survivor C2 by a merge, and C2 was erased since.
    backend.items.set(keyString(activeProfile('C2')), activeProfile('C2'));
    store(backend, v1, 'C2');
    await eraseCustomer({ backend, hashOf: (id) => `h(${id})`, now: NOW.toISOString() }, 'C2', {
      requestedBy: 'dpo@example.com',
      reason: 'GDPR art. 17',
    });

    // The stream hands the change that first wrote the case into C1 only now (a backlog, or a redelivery).
    await decide(backend, [changeOf('C1', undefined, v1)]);

    expect(index(backend)).toEqual([]);
  });

  it("keeps an erased customer's anonymised case counting when the erasure's removal arrives", async () => {
    const backend = new MemoryBackend();
    const v1 = caseVersion('CASE-1', '1');
    store(backend, v1, 'C1');
    await decide(backend, [changeOf('C1', undefined, v1)]);
    const filed = backend.items.get(keyString({ pk: 'PARTISSUE#P-9', sk: FIRST })) as Item;
    const anonymised = anonymisedPartIssue(filed);
    if (anonymised.op !== 'put') throw new Error('no put');
    backend.items.set(keyString(anonymised.item), anonymised.item);
    for (const item of recordItems(v1, 'C1')) backend.items.delete(keyString(item));

    await decide(backend, [changeOf('C1', v1, undefined)]);

    expect(index(backend)).toEqual([FIRST]);
    expect(backend.items.get(keyString({ pk: 'PARTISSUE#P-9', sk: FIRST }))).not.toHaveProperty('customerId');
  });

  it("withdraws an erased customer's old filing from a correction still on its way, and files nothing", async () => {
    const backend = new MemoryBackend();
    const v1 = caseVersion('CASE-1', '1');
    const v2 = caseVersion('CASE-1', '2', { partNumber: 'P-10' });
    store(backend, v1, 'C1');
    await decide(backend, [changeOf('C1', undefined, v1)]);
    backend.items.set(keyString({ pk: keys.customer('C1'), sk: keys.erasure }), {
      pk: keys.customer('C1'),
      sk: keys.erasure,
      kind: 'erasure',
    });

    await decide(backend, [changeOf('C1', v1, v2)]);

    expect([index(backend, 'P-9'), index(backend, 'P-10')]).toEqual([[], []]);
  });
});
