import { describeIssues } from '../../schemas/config/parse-config.ts';
import { CanonicalRecordSchema, sourceRecordKey } from '../../schemas/entities/canonical-record.ts';
import { identifierKey } from '../../schemas/entities/identifier.ts';
import { type IngestRecord, isValidatedRecord } from '../../schemas/entities/validated-record.ts';
import type { IdentityConfig } from '../identity/identity-config.ts';
import {
  clashingUniqueScopes,
  dedupeIdentifiers,
  linkingIdentifiers,
} from '../identity/linking-identifiers.ts';
import { versionOrder } from '../identity/version-order.ts';
import type { StoredRecord } from '../items/stored-record.ts';
import type { RecordOutcome } from '../ports/customer-store.ts';

export interface PreparedRecord {
  readonly index: number;
  readonly record: StoredRecord;
  readonly versionOrd: string;
  /**
   * This ingest already wrote a plain copy of this version (the feed announced it) and took it back: the record
   * is written again as a `repeat`, which the feed does not announce a second time.
   */
  readonly repeat?: true;
}

const keyOf = (input: unknown): string | undefined => {
  // Stryker disable next-line ConditionalExpression: a text or number has no `entity` either, so the next check also gives undefined.
  if (typeof input !== 'object' || input === null) return undefined;
  const { entity, source } = input as {
    entity?: unknown;
    source?: { system?: unknown; stream?: unknown; key?: unknown };
  };
  if (typeof entity !== 'string' || typeof source !== 'object' || source === null) return undefined;
  return `${entity}#${String(source.system)}#${String(source.stream)}#${String(source.key)}`;
};

/**
 * Validates a page (what is not validated yet) and keeps one version per source record (the newest); everything else gets its
 * outcome right here: rejected with the reason, or unchanged / stale against its sibling in the page.
 */
export const prepareRecords = (
  inputs: readonly IngestRecord[] | readonly unknown[],
  config: IdentityConfig,
): { prepared: PreparedRecord[]; outcomes: RecordOutcome[] } => {
  const outcomes: RecordOutcome[] = [];
  const newest = new Map<string, PreparedRecord>();
  inputs.forEach((input, index) => {
    // A record the connector's translator validated is taken as parsed: one parse per record, not two.
    const parsed = isValidatedRecord(input)
      ? { success: true as const, data: input }
      : CanonicalRecordSchema.safeParse(input);
    const recordKey = keyOf(input);
    if (!parsed.success) {
      outcomes.push({
        index,
        outcome: 'rejected',
        ...(recordKey ? { recordKey } : {}),
        reason: describeIssues(parsed.error).join('; '),
      });
      return;
    }
    const canonical = parsed.data;
    const key = sourceRecordKey(canonical);
    const identifiers = dedupeIdentifiers(canonical.identifiers);
    const links = linkingIdentifiers({ ...canonical, identifiers });
    const clashes = clashingUniqueScopes(links, config.uniqueTypes);
    if (clashes.length > 0) {
      outcomes.push({
        index,
        outcome: 'rejected',
        recordKey: key,
        reason: `identifiers: the record carries two different ${clashes.join(', ')} identifiers, which are unique per customer`,
      });
      return;
    }
    const candidate: PreparedRecord = {
      index,
      versionOrd: versionOrder(canonical.source.version),
      record: {
        ...canonical,
        identifiers,
        recordKey: key,
        linkIds: links.map(identifierKey),
      } as StoredRecord,
    };
    const sibling = newest.get(key);
    if (!sibling || sibling.versionOrd < candidate.versionOrd) {
      newest.set(key, candidate);
      if (sibling) outcomes.push({ index: sibling.index, outcome: 'stale', recordKey: key });
    } else {
      outcomes.push({
        index,
        outcome: sibling.versionOrd === candidate.versionOrd ? 'unchanged' : 'stale',
        recordKey: key,
      });
    }
  });
  return { prepared: [...newest.values()].sort((a, b) => a.index - b.index), outcomes };
};
