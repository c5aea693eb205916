import { createHash } from 'node:crypto';
import { type CanonicalIdentifier, identifierKey } from '../../schemas/entities/identifier.ts';

/**
 * Key builders of the single-table design (docs/table-design.md). The prefixes `CONNECTOR#` and
 * `QUARANTINE#` are reserved for the connector kit's checkpoints, run status and quarantine.
 */
export const keys = {
  customer: (customerId: string) => `CUST#${customerId}`,
  profile: 'PROFILE',
  record: (recordKey: string) => `REC#${recordKey}`,
  orderLine: (recordKey: string, lineNumber: string) => `LINE#${recordKey}#${lineNumber}`,
  identifierMirror: (idKey: string) => `ID#${idKey}`,
  ledger: (at: string, entryId: string) => `LEDGER#${at}#${entryId}`,
  conflict: (conflictId: string) => `CONFLICT#${conflictId}`,
  status: (changedAt: string, dimension: string) => `STATUS#${changedAt}#${dimension}`,
  segmentMembership: (segment: string) => `SEGMENT#${segment}`,
  /** A customer's derived insights (docs/insights.md); not moved by a merge, recomputed instead. */
  insights: 'INSIGHTS',
  /** One insight-segment membership per segment kind, e.g. `INSIGHTS#lifecycle`. */
  insightMembership: (kind: string) => `INSIGHTS#${kind}`,
  /** Population-wide insight results (RFM boundaries, key-customer run): one item. */
  insightsPopulation: 'INSIGHTS#POPULATION',
  insightsPopulationSort: 'LATEST',
  erasure: 'ERASURE',
  /** Held while an erasure runs, from before it reads the customer until its marker is written. */
  erasureUnderWay: 'ERASURE#UNDERWAY',
  /** The identifier index and suppression list share one key: a salted hash of the identifier. */
  identifier: (hash: string) => `ID#${hash}`,
  owner: 'OWNER',
  locator: (recordKey: string) => `SRC#${recordKey}`,
  locatorSort: 'LOCATOR',
  product: (partNumber: string) => `PRODUCT#${partNumber}`,
  /** GSI keys. */
  timelinePk: (customerId: string) => `TL#${customerId}`,
  partPk: (partNumber: string) => `PART#${partNumber}`,
  segmentPk: (segment: string) => `SEGMENT#${segment}`,
} as const;

/** Reserved partition-key prefixes of other capabilities; the store never writes under them. */
export const RESERVED_PREFIXES = ['CONNECTOR#', 'QUARANTINE#'] as const;

/** Salted hash of an identifier: the identifier index key, and all that is left of it after an erasure. */
export const hashIdentifier = (salt: string, id: CanonicalIdentifier | string): string =>
  createHash('sha256')
    .update(`${salt}\u0000${typeof id === 'string' ? id : identifierKey(id)}`)
    .digest('hex')
    .slice(0, 40);

/** Short stable hash for derived ids (conflict ids, event ids). */
export const stableId = (...parts: readonly string[]): string =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
