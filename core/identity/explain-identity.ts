import { CanonicalIdentifierSchema, identifierKey } from '../../schemas/entities/identifier.ts';
import {
  IdentityConflictSchema,
  type LedgerEntry,
  LedgerEntrySchema,
} from '../../schemas/entities/identity.ts';
import type { Item } from '../items/record-items.ts';
import type { IdentityExplanation } from '../ports/customer-store.ts';

/** Explains a customer from its partition: its identifiers, the records carrying each, its ledger and conflicts. */
export const explainFromItems = (customerId: string, items: readonly Item[]): IdentityExplanation => {
  const records = items.filter((i) => i.kind === 'record');
  const identifiers = items
    .filter((i) => i.kind === 'identifierMirror')
    .flatMap((i) => {
      const parsed = CanonicalIdentifierSchema.safeParse(i.identifier);
      if (!parsed.success) return [];
      const key = identifierKey(parsed.data);
      return [
        {
          identifier: parsed.data,
          records: records
            .filter((r) => (r.linkIds as string[] | undefined)?.includes(key))
            .map((r) => String(r.recordKey)),
        },
      ];
    });
  const ledger: LedgerEntry[] = items.flatMap((i) => {
    if (i.kind !== 'ledger') return [];
    const parsed = LedgerEntrySchema.safeParse(i.entry);
    return parsed.success ? [parsed.data] : [];
  });
  ledger.sort((a, b) => {
    if (a.at < b.at) return -1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether the answer is negative, so 1 and 0 (a later or an equal instant) order alike
    return a.at > b.at ? 1 : 0;
  });
  const conflicts = items.flatMap((i) => {
    if (i.kind !== 'conflict') return [];
    const parsed = IdentityConflictSchema.safeParse({ ...(i.conflict as object), detectedAt: i.detectedAt });
    return parsed.success ? [parsed.data] : [];
  });
  return { customerId, identifiers, ledger, conflicts };
};
