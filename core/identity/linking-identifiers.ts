import type { CanonicalRecord } from '../../schemas/entities/canonical-record.ts';
import {
  type CanonicalIdentifier,
  identifierKey,
  identifierScope,
} from '../../schemas/entities/identifier.ts';

/**
 * The identifiers of a record that join it to a customer. Everything a record carries links, except
 * that a web `track`/`page` call that already names the user links by `userId` only: an anonymous id
 * is stitched to a user by an `identify`, never by a tracked click (shared devices would merge people).
 */
export const linkingIdentifiers = (
  record: Pick<CanonicalRecord, 'entity' | 'identifiers' | 'data'>,
): CanonicalIdentifier[] => {
  const unique = dedupeIdentifiers(record.identifiers);
  if (record.entity !== 'webActivity') return unique;
  const isIdentify = record.data !== undefined && 'type' in record.data && record.data.type === 'identify';
  if (isIdentify) return unique;
  const known = unique.filter((id) => id.type !== 'anonymousId');
  return known.length > 0 ? known : unique;
};

/** Removes repeated identifiers, keeping first occurrences, in a stable order. */
export const dedupeIdentifiers = (ids: readonly CanonicalIdentifier[]): CanonicalIdentifier[] => {
  const seen = new Set<string>();
  const out: CanonicalIdentifier[] = [];
  for (const id of ids) {
    const key = identifierKey(id);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(id);
  }
  return out;
};

/** Scopes in which a record carries two different values of a unique type (such a record is rejected). */
export const clashingUniqueScopes = (
  ids: readonly CanonicalIdentifier[],
  uniqueTypes: readonly string[],
): string[] => {
  const byScope = new Map<string, string>();
  const clashes = new Set<string>();
  for (const id of ids) {
    if (!uniqueTypes.includes(id.type)) continue;
    const scope = identifierScope(id);
    const previous = byScope.get(scope);
    if (previous !== undefined && previous !== id.value) clashes.add(scope);
    byScope.set(scope, id.value);
  }
  return [...clashes];
};
