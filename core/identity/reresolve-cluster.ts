import { type CanonicalIdentifier, parseIdentifierKey } from '../../schemas/entities/identifier.ts';
import { commitPlan } from '../ingest/commit-plan.ts';
import { keys } from '../items/keys.ts';
import type { StoredRecord } from '../items/stored-record.ts';
import type { StoreBackend } from '../ports/store-backend.ts';
import type { GatheredCluster } from './cluster.ts';
import type { IdentityConfig } from './identity-config.ts';
import { planRestructure, type RestructureInput, type RestructurePlan } from './plan-restructure.ts';
import { type IdentityRecord, resolveIdentities, type Separation } from './resolve-identities.ts';

/** What the identity code needs to know about a record. */
export const toIdentityRecord = (record: StoredRecord): IdentityRecord => ({
  recordKey: record.recordKey,
  linkIds: record.linkIds.map(parseIdentifierKey).filter((id): id is CanonicalIdentifier => id !== undefined),
  evidence: {
    entity: record.entity,
    system: record.source.system,
    stream: record.source.stream,
    key: record.source.key,
    version: record.source.version,
  },
});

/** Separations recorded on the gathered records' locators (each pair once). */
export const separationsOf = (gathered: GatheredCluster, extra: readonly Separation[] = []): Separation[] => {
  const pairs = new Map<string, Separation>();
  const add = ([a, b]: Separation) => {
    // Stryker disable next-line EqualityOperator: a record is never separated from itself
    const pair: Separation = a < b ? [a, b] : [b, a];
    pairs.set(`${pair[0]}\u0000${pair[1]}`, pair);
  };
  for (const locator of gathered.locators.values())
    for (const other of locator.separateFrom) add([locator.recordKey, other]);
  for (const pair of extra) add(pair);
  return [...pairs.values()];
};

export interface RestructureDeps {
  readonly backend: StoreBackend;
  readonly config: IdentityConfig;
  readonly hashOf: (idKey: string) => string;
  readonly newCustomerId: () => string;
  readonly now: string;
}

const erasureUnderWay = (gathered: GatheredCluster): boolean =>
  [...gathered.partitions.values()].some((items) => items.some((item) => item.sk === keys.erasureUnderWay));

/**
 * Re-resolves a gathered cluster with its records as they are after a change and commits the
 * difference. Returns the plan when committed, undefined when a concurrent change got there first or an erasure of
 * one of its customers is under way (the caller reads again after a pause, as after any race).
 */
export const reresolveCluster = async (
  deps: RestructureDeps,
  gathered: GatheredCluster,
  records: Map<string, StoredRecord>,
  extra: Pick<RestructureInput, 'incoming' | 'unmergeEntry'> & { separations?: readonly Separation[] },
): Promise<RestructurePlan | undefined> => {
  // A customer being erased keeps its records until the erasure has deleted them: a restructuring would move them
  // where the erasure does not look. It waits, as for any concurrent change; the erasure moved the customer's
  // revision when it began, so a plan that read the customer before that is refused at its commit.
  if (erasureUnderWay(gathered)) return undefined;
  const resolution = resolveIdentities(
    [...records.values()].map(toIdentityRecord),
    separationsOf(gathered, extra.separations),
    deps.config.uniqueTypes,
  );
  const plan = planRestructure({
    gathered,
    records,
    resolution,
    ...(extra.incoming ? { incoming: extra.incoming } : {}),
    ...(extra.unmergeEntry ? { unmergeEntry: extra.unmergeEntry } : {}),
    newCustomerId: deps.newCustomerId,
    hashOf: deps.hashOf,
    now: deps.now,
  });
  const committed = await commitPlan(deps.backend, plan.guards, plan.ops, deps.now);
  return committed ? plan : undefined;
};
