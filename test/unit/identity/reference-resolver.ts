import type { CanonicalIdentifier } from '../../../schemas/entities/identifier.ts';
import { identifierKey, identifierScope } from '../../../schemas/entities/identifier.ts';

/**
 * An independent reference model of identity resolution, the oracle of the identity property tests.
 * It is written from the rules in DESIGN.md, not from `resolveIdentities`, and on purpose in another shape
 * (a union-find over record keys; cluster facts recomputed from the members instead of maintained):
 *
 * - records are taken in record-key order;
 * - an identifier belongs to the customer of the first record that carried it;
 * - a record joins the customers owning its identifiers, the one with the smallest first record first,
 *   unless that customer would then hold two values of a unique scope or two records an unmerge separated;
 * - every other owning customer is merged in under the same condition, else it stays apart.
 *
 * A bug in the production resolver is therefore not also in the expectation.
 */
export interface ReferenceRecord {
  readonly recordKey: string;
  readonly linkIds: readonly CanonicalIdentifier[];
}

export interface ReferenceState {
  /** Each customer as its sorted record keys, joined by commas; customers sorted. */
  readonly customers: string[];
  /** identifier key → the owning customer (as its record keys). */
  readonly owners: Record<string, string>;
}

export const referenceResolve = (
  records: readonly ReferenceRecord[],
  separations: readonly (readonly [string, string])[],
  uniqueTypes: readonly string[],
): ReferenceState => {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(x, root);
    return root;
  };
  const membersOf = (root: string) => [...parent.keys()].filter((k) => find(k) === root);
  const byKey = new Map(records.map((r) => [r.recordKey, r]));
  const apart = new Set(separations.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));

  /** May these two groups of records form one customer? */
  const compatible = (left: readonly string[], right: readonly string[]): boolean => {
    for (const a of left) for (const b of right) if (apart.has(`${a}|${b}`)) return false;
    const values = new Map<string, Set<string>>();
    for (const key of [...left, ...right]) {
      for (const id of byKey.get(key)?.linkIds ?? []) {
        if (!uniqueTypes.includes(id.type)) continue;
        const scope = identifierScope(id);
        values.set(scope, (values.get(scope) ?? new Set()).add(id.value));
      }
    }
    return [...values.values()].every((v) => v.size <= 1);
  };

  const firstCarrier = new Map<string, string>();
  const ordered = [...records].sort((a, b) => (a.recordKey < b.recordKey ? -1 : 1));
  for (const record of ordered) {
    parent.set(record.recordKey, record.recordKey);
    const candidates = [
      ...new Set(
        record.linkIds
          .map((id) => firstCarrier.get(identifierKey(id)))
          .filter((k): k is string => k !== undefined)
          .map(find),
      ),
    ].sort((a, b) => {
      const ma = membersOf(a).sort()[0] as string;
      const mb = membersOf(b).sort()[0] as string;
      return ma < mb ? -1 : 1;
    });
    const join = candidates.find((c) => compatible(membersOf(c), [record.recordKey]));
    if (join !== undefined) {
      parent.set(record.recordKey, join);
      for (const other of candidates) {
        if (find(other) === find(join)) continue;
        if (compatible(membersOf(find(join)), membersOf(other))) parent.set(other, find(join));
      }
    }
    for (const id of record.linkIds) {
      if (!firstCarrier.has(identifierKey(id))) firstCarrier.set(identifierKey(id), record.recordKey);
    }
  }

  const label = (root: string) => membersOf(root).sort().join(',');
  const roots = new Set([...parent.keys()].map(find));
  const owners: Record<string, string> = {};
  for (const [idKey, carrier] of firstCarrier) owners[idKey] = label(find(carrier));
  return { customers: [...roots].map(label).sort(), owners };
};

/** Unique scopes in which a customer holds two values, and separated pairs sharing a customer (model-free checks). */
export const invariantBreaches = (
  customers: readonly string[],
  records: readonly ReferenceRecord[],
  separations: readonly (readonly [string, string])[],
  uniqueTypes: readonly string[],
): string[] => {
  const byKey = new Map(records.map((r) => [r.recordKey, r]));
  const breaches: string[] = [];
  for (const customer of customers) {
    const members = customer.split(',');
    const values = new Map<string, Set<string>>();
    for (const key of members) {
      for (const id of byKey.get(key)?.linkIds ?? []) {
        if (!uniqueTypes.includes(id.type)) continue;
        const scope = identifierScope(id);
        values.set(scope, (values.get(scope) ?? new Set()).add(id.value));
      }
    }
    for (const [scope, v] of values)
      if (v.size > 1) breaches.push(`customer ${customer} holds ${scope} values ${[...v].join(' and ')}`);
    for (const [a, b] of separations)
      if (members.includes(a) && members.includes(b))
        breaches.push(`customer ${customer} holds ${a} and ${b}, which an unmerge separated`);
  }
  return breaches;
};
