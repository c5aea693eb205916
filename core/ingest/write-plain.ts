import { keys } from '../items/keys.ts';
import type { Item } from '../items/record-items.ts';
import { type ItemKey, opKey, type WriteOp, type WriteOutcome } from '../items/write-ops.ts';
import type { StoreBackend } from '../ports/store-backend.ts';
import { type FastWrite, type PlainWrite, settledWriteGuard } from './plan-settled-writes.ts';

/** What became of a page's plain writes. */
export interface PlainWriteResult {
  /** Committed: the locator names the new version. */
  readonly written: FastWrite[];
  /** The customer or the locator changed since the snapshot: read again and plan again. */
  readonly replan: FastWrite[];
  /** Something the plan did not read holds the place (another writer's copy, another version): plan again, atomically. */
  readonly atomic: FastWrite[];
}

type Planned = FastWrite & { readonly plain: PlainWrite };

const outcomesOf = async <T>(
  backend: StoreBackend,
  entries: readonly T[],
  opsOf: (entry: T) => readonly WriteOp[],
): Promise<Map<T, boolean>> => {
  const spans = entries.map((entry) => opsOf(entry));
  const outcomes: WriteOutcome[] = await backend.writeEach(spans.flat());
  const ok = new Map<T, boolean>();
  let at = 0;
  entries.forEach((entry, i) => {
    const n = (spans[i] as readonly WriteOp[]).length;
    ok.set(
      entry,
      outcomes.slice(at, at + n).every((o) => o === 'written'),
    );
    at += n;
  });
  return ok;
};

/**
 * Writes settled records of known customers with plain conditional single-item writes (1 WCU per KB instead
 * of a transaction's 2), in an order that keeps every prefix safe:
 *
 * 1. **Copies**: the order lines, then the record item, each tagged with this writer and conditional on
 *    holding exactly what the plan read there (the stored version, or nothing), or this writer's own copy
 *    (`copyReplaces`). A copy therefore only ever replaces the version the locator names, with the same
 *    identifiers (the plan sends a record whose identifiers changed to the identity path).
 * 2. **Drops**: order lines the new version no longer has, conditional on being older.
 * 3. **Guards**: one settled-write guard per customer (active at the revision the plan read, `writes` + 1).
 *    A restructuring conditions on `writes`, so one that read the partition before the copies fails and reads
 *    again; one that read after them sees the copies.
 * 4. **Locators**: conditional on the locator the plan read. This is the commit point.
 *
 * A crash before 4 leaves copies ahead of their locator: the replay of the page (a connector checkpoints only
 * after `ingest` resolves) writes them again and commits; a restructuring that meets such a copy takes it as
 * the record (docs/table-design.md, "Plain writes"). A lost guard or locator takes this writer's copies back,
 * unless the locator meanwhile places the record in that very partition, and sends the record to be planned
 * again. A copy that another writer holds is never taken back by this one; the record goes atomically instead.
 */
export const writePlain = async (
  writes: readonly FastWrite[],
  backend: StoreBackend,
  writer: string,
): Promise<PlainWriteResult> => {
  const planned = writes.filter((w): w is Planned => w.plain !== undefined);
  const result: PlainWriteResult = { written: [], replan: [], atomic: [] };

  const copy = (plain: PlainWrite, items: readonly Item[]) =>
    items.map((item): WriteOp => {
      const stored = item.kind === 'record' || plain.replaces.lines.includes(item.sk);
      return {
        op: 'put',
        item: { ...item, writer },
        condition: {
          kind: 'copyReplaces',
          replaces: stored ? plain.replaces.versionOrd : null,
          versionOrd: plain.versionOrd,
          writer,
        },
      };
    });
  // Lines before their order: whoever reads the order item (a restructuring) finds its lines beside it.
  const linesCopied = await outcomesOf(backend, planned, ({ plain }) => copy(plain, plain.items.slice(1)));
  const withLines = planned.filter((w) => linesCopied.get(w));
  const copied = await outcomesOf(backend, withLines, ({ plain }) => copy(plain, plain.items.slice(0, 1)));
  const ahead = withLines.filter((w) => copied.get(w));
  const blocked = planned.filter((w) => !copied.get(w));
  result.atomic.push(...blocked);
  // This writer's lines of a record that goes atomically instead: that commit writes its own, and if it finds the
  // record newer than this version, these would be left under keys the newer version may not have.
  await backend.writeEach(
    blocked.flatMap(({ plain }) =>
      plain.items.slice(1).map(
        (line): WriteOp => ({
          op: 'delete',
          key: { pk: line.pk, sk: line.sk },
          condition: { kind: 'matches', attributes: { versionOrd: plain.versionOrd, writer } },
        }),
      ),
    ),
  );

  await backend.writeEach(
    ahead.flatMap(({ plain }) =>
      plain.drops.map(
        (key): WriteOp => ({
          op: 'delete',
          key,
          condition: { kind: 'unversionedOrOlder', versionOrd: plain.versionOrd },
        }),
      ),
    ),
  );

  const customers = [...new Map(ahead.map((w) => [w.plain.customerId, w.plain.rev])).entries()];
  const guarded = await outcomesOf(backend, customers, ([customerId, rev]) => [
    settledWriteGuard(customerId, rev),
  ]);
  const lostCustomers = new Set(customers.filter((c) => !guarded.get(c)).map(([customerId]) => customerId));
  const committing = ahead.filter((w) => !lostCustomers.has(w.plain.customerId));
  const committed = await outcomesOf(backend, committing, (w) => [w.plain.locator]);

  const lost: Planned[] = [];
  for (const w of ahead) {
    if (committed.get(w)) result.written.push(w);
    else lost.push(w);
  }
  await Promise.all(lost.map((w) => takeBack(w.plain, backend, writer)));
  result.replan.push(...lost);
  return result;
};

/**
 * Deletes this writer's copies of a record whose commit was lost. The record item goes only together with a
 * check that the locator does not place the record in that partition: once it does (a restructuring took the
 * copy as the record, or the locator already named this partition for an older version), the copy is the
 * record and stays. Its order lines follow only when the record item went.
 */
const takeBack = async (plain: PlainWrite, backend: StoreBackend, writer: string): Promise<void> => {
  const [main, ...lines] = plain.items;
  // Stryker disable next-line ConditionalExpression: a plain write always has its record item first
  if (!main) return;
  const attributes = { versionOrd: plain.versionOrd, writer };
  const mine = { kind: 'matches', attributes } as const;
  const locatorKey: ItemKey = { pk: keys.locator(String(main.recordKey)), sk: keys.locatorSort };
  // A record item already gone (a restructuring moved it before its lines landed) still lets the lines go.
  const removed = await backend.commit([
    {
      op: 'delete',
      key: opKey({ op: 'put', item: main }),
      condition: { kind: 'absentOrMatches', attributes },
    },
    { op: 'check', key: locatorKey, condition: { kind: 'notLocatedIn', partition: main.pk } },
  ]);
  if (!removed.ok) return;
  await backend.writeEach(
    lines.map((item): WriteOp => ({ op: 'delete', key: { pk: item.pk, sk: item.sk }, condition: mine })),
  );
};
