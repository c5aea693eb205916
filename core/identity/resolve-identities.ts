import {
  type CanonicalIdentifier,
  identifierKey,
  identifierScope,
} from '../../schemas/entities/identifier.ts';
import type { EvidenceRecord } from '../../schemas/entities/identity.ts';

/** What identity resolution needs to know about one source record (its latest version). */
export interface IdentityRecord {
  readonly recordKey: string;
  /** Identifiers that link this record to a customer (see `linkingIdentifiers`). */
  readonly linkIds: readonly CanonicalIdentifier[];
  readonly evidence: EvidenceRecord;
}

/** Two records an unmerge decided must never be in one customer. */
export type Separation = readonly [string, string];

export interface ResolvedLink {
  /** Seed record of the cluster that was absorbed. */
  readonly absorbedSeed: string;
  readonly absorbedRecords: readonly string[];
  readonly identifier: CanonicalIdentifier;
  readonly evidence: EvidenceRecord;
}

export interface ResolvedCluster {
  /** The first record (in canonical order) of the cluster; stable for a given set of records. */
  readonly seed: string;
  readonly recordKeys: readonly string[];
  /** Identifier keys this cluster owns. */
  readonly identifiers: readonly string[];
  /** How other clusters were joined into this one, in resolution order. */
  readonly links: readonly ResolvedLink[];
}

export interface ResolvedConflict {
  readonly kind: 'uniqueIdentifierClash' | 'separatedByUnmerge';
  readonly identifier: CanonicalIdentifier;
  /** Seeds of the clusters that were kept apart. */
  readonly seeds: readonly [string, string];
  readonly scope?: string;
  readonly clashingValues: readonly string[];
  readonly evidence: EvidenceRecord;
}

export interface Resolution {
  readonly clusters: readonly ResolvedCluster[];
  readonly conflicts: readonly ResolvedConflict[];
  /** identifier key → seed of the owning cluster. */
  readonly owners: ReadonlyMap<string, string>;
  /** identifier key → seeds of other clusters whose records carry it without owning it. */
  readonly contested: ReadonlyMap<string, readonly string[]>;
  /** record key → seed of its cluster. */
  readonly clusterOf: ReadonlyMap<string, string>;
  /** identifier key → the smallest record key carrying it (see {@link joinsAsResolved}). */
  readonly firstCarriers: ReadonlyMap<string, string>;
}

interface WorkingCluster {
  seed: string;
  records: string[];
  ids: Set<string>;
  anchors: Map<string, string>;
  links: ResolvedLink[];
}

const anchorsOf = (ids: readonly CanonicalIdentifier[], uniqueTypes: ReadonlySet<string>) => {
  const anchors = new Map<string, string>();
  for (const id of ids) if (uniqueTypes.has(id.type)) anchors.set(identifierScope(id), id.value);
  return anchors;
};

const clashes = (a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>) => {
  const found: { scope: string; values: [string, string] }[] = [];
  for (const [scope, value] of b) {
    const mine = a.get(scope);
    if (mine !== undefined && mine !== value) found.push({ scope, values: [mine, value] });
  }
  return found;
};

/**
 * Deterministic identity resolution over a set of records. Records are taken in canonical order (by
 * record key), so the result depends only on the set of records and separations, never on the order
 * they arrived in: that is what makes any interleaving of ingests equal a clean replay.
 *
 * A record joins the customers owning its identifiers. Two customers are merged when the record links
 * them, unless that would give one customer two values of a unique identifier scope, or an unmerge
 * separated them; then the link is a conflict and the first owner keeps the identifier.
 */
export const resolveIdentities = (
  records: readonly IdentityRecord[],
  separations: readonly Separation[],
  uniqueTypes: readonly string[],
): Resolution => {
  const unique = new Set(uniqueTypes);
  const sorted = [...records].sort((a, b) =>
    // Stryker disable next-line EqualityOperator,ConditionalExpression: record keys are distinct (callers pass one record per key), and V8's sort only asks whether the answer is negative, so 0 or 1 for a later key orders alike
    a.recordKey < b.recordKey ? -1 : a.recordKey > b.recordKey ? 1 : 0,
  );
  const apart = new Map<string, Set<string>>();
  for (const [a, b] of separations) {
    if (!apart.has(a)) apart.set(a, new Set());
    if (!apart.has(b)) apart.set(b, new Set());
    // Stryker disable next-line OptionalChaining: the set was created just above
    apart.get(a)?.add(b);
    // Stryker disable next-line OptionalChaining: the set was created just above
    apart.get(b)?.add(a);
  }
  const clusters = new Map<string, WorkingCluster>();
  const owner = new Map<string, string>();
  const clusterOf = new Map<string, string>();
  const carriers = new Map<string, Set<string>>();
  const firstCarriers = new Map<string, string>();
  const conflicts: ResolvedConflict[] = [];

  const separated = (x: WorkingCluster, y: WorkingCluster) =>
    x.records.some((r) => y.records.some((s) => apart.get(r)?.has(s) === true));

  for (const record of sorted) {
    const ids = record.linkIds;
    const own: WorkingCluster = {
      seed: record.recordKey,
      records: [record.recordKey],
      ids: new Set(),
      anchors: anchorsOf(ids, unique),
      links: [],
    };
    const owners: WorkingCluster[] = [];
    for (const id of ids) {
      const seed = owner.get(identifierKey(id));
      // Stryker disable next-line ConditionalExpression: clusters.get(undefined) is undefined as well
      const cluster = seed === undefined ? undefined : clusters.get(seed);
      if (cluster && !owners.includes(cluster)) owners.push(cluster);
    }
    // Stryker disable next-line EqualityOperator: distinct clusters have distinct seeds
    owners.sort((a, b) => (a.seed < b.seed ? -1 : 1));
    const base =
      owners.find((c) => clashes(c.anchors, own.anchors).length === 0 && !separated(c, own)) ?? own;
    if (base !== own) {
      base.records.push(record.recordKey);
      for (const [scope, value] of own.anchors) base.anchors.set(scope, value);
    } else {
      clusters.set(own.seed, own);
    }
    clusterOf.set(record.recordKey, base.seed);

    for (const other of owners) {
      if (other === base) continue;
      const shared = ids.find((id) => owner.get(identifierKey(id)) === other.seed);
      // Stryker disable next-line ConditionalExpression: always found, as `other` is in `owners` because one of these identifiers is its own, and only the absorbed clusters' identifiers change owner (the guard is for the type)
      if (!shared) continue;
      const clash = clashes(base.anchors, other.anchors);
      const isApart = separated(base, other);
      if (clash.length === 0 && !isApart) {
        base.links.push({
          absorbedSeed: other.seed,
          absorbedRecords: [...other.records],
          identifier: shared,
          evidence: record.evidence,
        });
        for (const r of other.records) {
          base.records.push(r);
          clusterOf.set(r, base.seed);
        }
        for (const id of other.ids) {
          base.ids.add(id);
          owner.set(id, base.seed);
        }
        for (const [scope, value] of other.anchors) base.anchors.set(scope, value);
        base.links.push(...other.links);
        clusters.delete(other.seed);
      } else {
        const first = clash[0];
        conflicts.push({
          kind: clash.length > 0 ? 'uniqueIdentifierClash' : 'separatedByUnmerge',
          identifier: shared,
          seeds: [base.seed, other.seed],
          ...(first ? { scope: first.scope, clashingValues: first.values } : { clashingValues: [] }),
          evidence: record.evidence,
        });
      }
    }
    for (const id of ids) {
      const key = identifierKey(id);
      if (!carriers.has(key)) {
        carriers.set(key, new Set());
        firstCarriers.set(key, record.recordKey);
      }
      // Stryker disable next-line OptionalChaining: the set was created just above
      carriers.get(key)?.add(record.recordKey);
      if (!owner.has(key)) {
        owner.set(key, base.seed);
        base.ids.add(key);
      }
    }
  }

  // Conflict seeds may since have been absorbed; name the surviving clusters, once per pair and identifier.
  const survivingConflicts = new Map<string, ResolvedConflict>();
  for (const c of conflicts) {
    const a = clusterOf.get(c.seeds[0]) ?? c.seeds[0];
    const b = clusterOf.get(c.seeds[1]) ?? c.seeds[1];
    // The two sides of a conflict never end up in one cluster (anchors never change value, separations
    // stay), so these two lines only guard against a resolver change that breaks that.
    // Stryker disable next-line ConditionalExpression: unreachable, see above
    if (a === b) continue;
    // Stryker disable next-line EqualityOperator: a !== b here
    const seeds: [string, string] = a < b ? [a, b] : [b, a];
    const key = `${seeds[0]}|${seeds[1]}|${identifierKey(c.identifier)}`;
    if (!survivingConflicts.has(key)) survivingConflicts.set(key, { ...c, seeds });
  }

  const contested = new Map<string, string[]>();
  for (const [key, holders] of carriers) {
    const ownerSeed = owner.get(key);
    const others = [...new Set([...holders].map((r) => clusterOf.get(r) ?? r))]
      .filter((s) => s !== ownerSeed)
      .sort();
    if (others.length > 0) contested.set(key, others);
  }

  const resolved = [...clusters.values()].map((c) => ({
    seed: c.seed,
    recordKeys: [...c.records].sort(),
    identifiers: [...c.ids].sort(),
    links: c.links,
  }));
  // Clusters enter the map in record-key order, each under the record that created it, so the map already
  // holds them by seed; the sort states the order rather than relies on that.
  // Stryker disable next-line MethodExpression,ArrowFunction,ConditionalExpression,EqualityOperator,UnaryOperator: already in seed order, see above
  resolved.sort((a, b) => (a.seed < b.seed ? -1 : 1));
  return {
    clusters: resolved,
    conflicts: [...survivingConflicts.values()],
    owners: owner,
    contested,
    clusterOf,
    firstCarriers,
  };
};

/**
 * Whether a record new to the store can join the customer that owns all its link ids, undisputed, without
 * re-resolving that customer's cluster: when one record carries all those identifiers (each identifier's
 * first carrier is the same record) and sorts before this one. Resolution then meets that record first, so
 * by the time it reaches this record one cluster owns all its identifiers with their unique values; the
 * record joins it and adds no identifier, no unique value and no seed, and everything after goes as before.
 *
 * Without that, a record of a customer in a conflict can change the outcome: sorting before its identifier's
 * first carrier, it founds a cluster early, whose smaller seed changes which side a later linking record
 * takes; carrying identifiers first carried by different records, it joins early what a later record joined,
 * and a record in between then meets other anchors. `first-carrier.test.ts` shows both, and checks the rule
 * against the resolver. A customer outside every conflict (and holding no separated record) needs none of
 * this: every link it takes part in merges, and merges in any order give the same customer.
 */
export const joinsAsResolved = (
  recordKey: string,
  firstCarriers: readonly (string | undefined)[],
): boolean => {
  const [first] = firstCarriers;
  // Stryker disable next-line ConditionalExpression: undefined < recordKey is false (undefined compares as NaN), so the comparison below refuses an unknown first carrier too; the check narrows the type.
  if (first === undefined) return false;
  return first < recordKey && firstCarriers.every((f) => f === first);
};
