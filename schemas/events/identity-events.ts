import type { z } from 'zod';
import { IdentityConflictSchema, LedgerEntrySchema } from '../entities/identity.ts';
import { defineEvent } from './event-envelope.ts';

export const CustomersMerged = defineEvent({
  source: 'hub360.identity',
  detailType: 'CustomersMerged',
  schemaVersion: 1,
  description:
    'Identity resolution merged one customer into another; the merged id now points to the survivor.',
  payload: { entry: LedgerEntrySchema },
});
export type CustomersMergedDetail = z.infer<typeof CustomersMerged.detail>;

export const CustomerUnmerged = defineEvent({
  source: 'hub360.identity',
  detailType: 'CustomerUnmerged',
  schemaVersion: 1,
  description:
    'A merge was undone on request; the merged customer exists again with the records that belong to it.',
  payload: { entry: LedgerEntrySchema },
});
export type CustomerUnmergedDetail = z.infer<typeof CustomerUnmerged.detail>;

export const IdentityConflictDetected = defineEvent({
  source: 'hub360.identity',
  detailType: 'IdentityConflictDetected',
  schemaVersion: 1,
  description:
    'A link was refused (two values of a unique identifier, or an unmerge decision); a person should look.',
  payload: { conflict: IdentityConflictSchema },
});
export type IdentityConflictDetectedDetail = z.infer<typeof IdentityConflictDetected.detail>;
