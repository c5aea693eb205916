import * as z from 'zod';
import { CanonicalIdentifierSchema } from './identifier.ts';
import { IsoDateTimeSchema } from './source.ts';

/** A source record named as evidence: which record, in which version, carried the identifier. */
export const EvidenceRecordSchema = z.strictObject({
  entity: z.string(),
  system: z.string(),
  stream: z.string(),
  key: z.string(),
  version: z.string(),
});
export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;

/** One entry of the append-only merge ledger: why two customers became one, or were split again. */
export const LedgerEntrySchema = z.strictObject({
  entryId: z.string(),
  kind: z.enum(['merge', 'unmerge']),
  at: IsoDateTimeSchema,
  /** The customer that remains (merge) or that was split (unmerge). */
  survivorId: z.string(),
  /** The customer absorbed (merge) or split off again (unmerge). */
  mergedId: z.string(),
  /** The shared identifier and the record that carried it into the other customer. */
  evidence: z.strictObject({ identifier: CanonicalIdentifierSchema, record: EvidenceRecordSchema }),
  /** For an unmerge: the merge entry it undoes, who asked and why. */
  undoes: z.string().optional(),
  requestedBy: z.string().optional(),
  reason: z.string().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/**
 * A link identity resolution refused: it would have given one customer two values of an identifier
 * type configured unique (two SAP numbers sharing an e-mail), or it crosses an unmerge decision.
 */
export const IdentityConflictSchema = z.strictObject({
  conflictId: z.string(),
  detectedAt: IsoDateTimeSchema,
  kind: z.enum(['uniqueIdentifierClash', 'separatedByUnmerge']),
  /** The identifier both sides carry. */
  identifier: CanonicalIdentifierSchema,
  /** The customers that were NOT merged. */
  customerIds: z.array(z.string()).min(2),
  /** For a clash: the unique scope and the values that clash (e.g. `erp:sap-s4`, two numbers). */
  scope: z.string().optional(),
  clashingValues: z.array(z.string()).default([]),
  evidence: EvidenceRecordSchema,
});
export type IdentityConflict = z.infer<typeof IdentityConflictSchema>;
