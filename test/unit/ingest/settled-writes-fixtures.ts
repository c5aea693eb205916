import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import {
  type FastPlanContext,
  type FastPlanEntry,
  planSettledWrites,
} from '../../../core/ingest/plan-settled-writes.ts';
import { prepareRecords } from '../../../core/ingest/prepare-records.ts';
import type { IngestSnapshot } from '../../../core/ingest/snapshot.ts';
import type { LocatorItem, OwnerItem, ProfileItem } from '../../../core/items/state-items.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';

/** Fixtures of the settled-write planner's tests: a snapshot as the reads would give it, and the planner run on it. */
export const NOW = '2026-03-01T00:00:00Z';

export const emptySnapshot = (): IngestSnapshot => ({
  owners: new Map(),
  locators: new Map(),
  profiles: new Map(),
  moved: new Set(),
});

/** Plans a page against a snapshot; new customers are numbered c1, c2, … per call unless `context` says otherwise. */
export const plan = (
  records: CanonicalRecordInput[],
  snapshot = emptySnapshot(),
  context: Partial<Pick<FastPlanContext, 'atomic' | 'plainWrites' | 'newCustomerId'>> = {},
) => {
  let n = 0;
  return planSettledWrites(prepareRecords(records, defaultIdentityConfig).prepared, {
    snapshot,
    config: defaultIdentityConfig,
    hashOf: (k) => `h(${k})`,
    newCustomerId: () => `c${++n}`,
    now: NOW,
    ...context,
  });
};

/** The write of a record the planner settled, or a failure naming what it planned instead. */
export const fast = (entry: FastPlanEntry | undefined) => {
  if (entry?.kind !== 'fast') throw new Error(`expected a fast write, got ${entry?.kind}`);
  return entry.write;
};

export const owner = (idKey: string, customerId: string, contestedBy: string[] = []): OwnerItem => ({
  kind: 'identifier',
  idKey,
  customerId,
  contestedBy,
});

export const profile = (customerId: string, overrides: Partial<ProfileItem> = {}): ProfileItem => ({
  kind: 'profile',
  customerId,
  status: 'active',
  rev: 4,
  entangled: false,
  seedRecord: 's',
  createdAt: NOW,
  ...overrides,
});

export const locator = (recordKey: string, overrides: Partial<LocatorItem> = {}): LocatorItem => ({
  kind: 'locator',
  recordKey,
  versionOrd: 'N0',
  deleted: false,
  linkIds: [],
  auxKeys: [],
  separateFrom: [],
  ...overrides,
});
