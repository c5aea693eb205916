import * as z from 'zod';
import { CanonicalIdentifierSchema } from '../entities/identifier.ts';
import { IdentityConflictSchema, LedgerEntrySchema } from '../entities/identity.ts';

/** Why this customer is one customer: each identifier with the records carrying it, every merge with evidence. */
export const IdentityGraphSchema = z
  .object({
    customerId: z.string(),
    identifiers: z.array(
      z.object({
        identifier: CanonicalIdentifierSchema,
        records: z
          .array(z.string())
          .meta({ description: 'Source records carrying it (`entity#system#stream#key`).' }),
      }),
    ),
    ledger: z.array(LedgerEntrySchema.meta({ id: 'LedgerEntry' })).meta({
      description: 'Every merge and unmerge this customer took part in, oldest first, with evidence.',
    }),
    conflicts: z.array(IdentityConflictSchema.meta({ id: 'IdentityConflict' })),
  })
  .meta({ id: 'IdentityGraph' });
export type IdentityGraph = z.infer<typeof IdentityGraphSchema>;

export const UnmergeRequestSchema = z
  .strictObject({
    entryId: z.string().min(1, 'must name the merge to undo').max(200).meta({
      description: 'The `entryId` of the merge in the ledger (GET /customers/{id}/identity).',
    }),
    reason: z.string().trim().min(3, 'must say why the merge is wrong').max(1000),
  })
  .meta({ id: 'UnmergeRequest' });
export type UnmergeRequest = z.infer<typeof UnmergeRequestSchema>;

export const UnmergeResponseSchema = z
  .object({
    entryId: z.string().meta({ description: 'The ledger entry recording this unmerge.' }),
    customerIds: z.array(z.string()).meta({ description: 'The customers after the split.' }),
  })
  .meta({ id: 'UnmergeResult' });
