import fc from 'fast-check';
import type { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { toIdentityRecord } from '../../../core/identity/reresolve-cluster.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import {
  anonymous,
  email,
  erp,
  exampleCustomer,
  exampleOrder,
  exampleWebActivity,
  webUser,
} from '../../../schemas/entities/examples.ts';
import { identifierKey } from '../../../schemas/entities/identifier.ts';
import { invariantBreaches, referenceResolve } from './reference-resolver.ts';

/**
 * Generators and a canonical view of store state for the identity property tests. Pools are tiny on
 * purpose: with three ERP numbers and three e-mails, random records collide, merge and clash often.
 */
export const recordSpecArbitrary = fc.record({
  kind: fc.constantFrom('customer', 'customer', 'order', 'identify', 'track'),
  key: fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6'),
  version: fc.integer({ min: 1, max: 4 }),
  erp: fc.option(fc.constantFrom('1', '2', '3'), { nil: undefined }),
  email: fc.option(fc.constantFrom('a@x.de', 'b@x.de', 'c@x.de'), { nil: undefined }),
  webUser: fc.option(fc.constantFrom('u1', 'u2'), { nil: undefined }),
  anonymous: fc.option(fc.constantFrom('x1', 'x2'), { nil: undefined }),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
});
export type RecordSpec = typeof recordSpecArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** Turns a generated spec into a canonical record (always valid). */
export const toRecord = (spec: RecordSpec): CanonicalRecordInput => {
  const source = { key: spec.key, version: String(spec.version), ...(spec.deleted ? { deleted: true } : {}) };
  if (spec.kind === 'identify' || spec.kind === 'track') {
    const ids = [
      anonymous(spec.anonymous ?? 'x1'),
      ...(spec.kind === 'identify' ? [webUser(spec.webUser ?? 'u1')] : []),
    ];
    if (spec.kind === 'identify' && spec.email) ids.push(email(spec.email));
    return exampleWebActivity({ ...source, stream: spec.kind }, ids, { type: spec.kind });
  }
  const ids = [
    ...(spec.erp ? [erp(spec.erp)] : []),
    ...(spec.email ? [email(spec.email)] : []),
    ...(spec.webUser ? [webUser(spec.webUser)] : []),
  ];
  if (ids.length === 0) ids.push(email('a@x.de'));
  return spec.kind === 'customer' ? exampleCustomer(source, ids) : exampleOrder(source, ids);
};

export type Operation =
  | { readonly kind: 'page'; readonly records: readonly RecordSpec[] }
  | { readonly kind: 'unmerge'; readonly pick: number };

export const operationsArbitrary = (maxOps: number, unmerges: boolean) =>
  fc.array(
    unmerges
      ? fc.oneof(
          {
            weight: 5,
            arbitrary: fc
              .array(recordSpecArbitrary, { minLength: 1, maxLength: 4 })
              .map((records): Operation => ({ kind: 'page', records })),
          },
          { weight: 1, arbitrary: fc.nat(20).map((pick): Operation => ({ kind: 'unmerge', pick })) },
        )
      : fc
          .array(recordSpecArbitrary, { minLength: 1, maxLength: 4 })
          .map((records): Operation => ({ kind: 'page', records })),
    { minLength: 1, maxLength: maxOps },
  );

/** The latest version of each record (what a clean replay ingests), tombstones dropped. */
export const latestRecords = (specs: readonly RecordSpec[]): StoredRecord[] => {
  const { prepared } = prepareRecords(specs.map(toRecord), defaultIdentityConfig);
  return prepared.filter((p) => !p.record.source.deleted).map((p) => p.record);
};

export interface CanonicalState {
  /** Each customer as its sorted record keys, customers sorted. */
  readonly customers: string[];
  /** identifier key → the owning customer (as its record keys). */
  readonly owners: Record<string, string>;
  /** record key → stored source version. */
  readonly versions: Record<string, string>;
}

/** Reads the canonical state out of an in-memory table, checking the structural invariants on the way. */
export const stateOf = (backend: MemoryBackend): { state: CanonicalState; violations: string[] } => {
  const items = [...backend.items.values()];
  const violations: string[] = [];
  const active = new Set(
    items.filter((i) => i.sk === 'PROFILE' && i.status === 'active').map((i) => String(i.customerId)),
  );
  const recordsOf = new Map<string, string[]>();
  const versions: Record<string, string> = {};
  for (const item of items) {
    if (item.kind !== 'record' || !item.pk.startsWith('CUST#')) continue;
    const cid = String(item.customerId);
    if (!active.has(cid)) violations.push(`record ${item.recordKey} sits in inactive customer ${cid}`);
    if (versions[String(item.recordKey)] !== undefined)
      violations.push(`record ${item.recordKey} stored twice`);
    versions[String(item.recordKey)] = String((item.source as { version: string }).version);
    recordsOf.set(cid, [...(recordsOf.get(cid) ?? []), String(item.recordKey)]);
  }
  const label = (cid: string) => (recordsOf.get(cid) ?? []).sort().join(',');
  const owners: Record<string, string> = {};
  for (const item of items) {
    if (item.kind !== 'identifier') continue;
    const cid = String(item.customerId);
    if (!active.has(cid)) violations.push(`identifier ${item.idKey} owned by inactive customer ${cid}`);
    if (owners[String(item.idKey)] !== undefined) violations.push(`identifier ${item.idKey} has two owners`);
    owners[String(item.idKey)] = label(cid);
    const mirror = backend.items.get(`CUST#${cid}\u0000ID#${item.idKey}`);
    if (!mirror) violations.push(`identifier ${item.idKey} missing from its owner's 360 partition`);
  }
  for (const item of items) {
    if (
      item.kind === 'identifierMirror' &&
      owners[String(item.sk).slice(3)] !== label(String(item.customerId))
    ) {
      violations.push(`stray identifier mirror ${item.pk}/${item.sk}`);
    }
  }
  for (const cid of active) if (!recordsOf.has(cid)) violations.push(`active customer ${cid} has no records`);
  const customers = [...recordsOf.values()].map((r) => r.sort().join(',')).sort();
  return { state: { customers, owners, versions }, violations };
};

/** Separations recorded on locators (the input an unmerge adds). */
export const separationsIn = (backend: MemoryBackend): [string, string][] =>
  [...backend.items.values()]
    .filter((i) => i.kind === 'locator' && Array.isArray(i.separateFrom))
    .flatMap((i) => (i.separateFrom as string[]).map((o): [string, string] => [String(i.recordKey), o]));

/**
 * The state a clean replay of these records must reach, by the independent reference model
 * (reference-resolver.ts), never by the production resolver: a resolver bug must not also be in the expectation.
 */
export const expectedState = (
  records: readonly StoredRecord[],
  separations: readonly [string, string][],
): CanonicalState => {
  const reference = referenceResolve(
    records.map(toIdentityRecord),
    separations,
    defaultIdentityConfig.uniqueTypes,
  );
  const versions: Record<string, string> = {};
  for (const r of records) versions[r.recordKey] = r.source.version;
  return { customers: reference.customers, owners: reference.owners, versions };
};

/** Model-free breaches in a state: two values of a unique scope in one customer, or separated records together. */
export const breachesOf = (
  state: CanonicalState,
  records: readonly StoredRecord[],
  separations: readonly [string, string][],
): string[] =>
  invariantBreaches(
    state.customers,
    records.map(toIdentityRecord),
    separations,
    defaultIdentityConfig.uniqueTypes,
  );

export { identifierKey };
