import * as z from 'zod';
import { Customer360ViewSchema } from '../entities/customer-360.ts';
import { LedgerEntrySchema } from '../entities/identity.ts';

/** Query of `DELETE /customers/{id}`: erasure is irreversible, so the request says why (kept in the audit). */
export const EraseQuerySchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(3, 'must say why the customer is erased, e.g. the GDPR request number')
    .max(500)
    .meta({ description: 'Why the customer is erased (e.g. a GDPR Art. 17 request reference).' }),
});

export const ErasureResultSchema = z
  .object({
    customerId: z.string(),
    itemsDeleted: z.number().int(),
    identifiersSuppressed: z.number().int().meta({
      description: 'Identifiers kept only as salted hashes, so later syncs do not bring the customer back.',
    }),
  })
  .meta({ id: 'ErasureResult' });

/** Everything the hub holds about a customer (GDPR Art. 15 / 20). */
export const CustomerExportSchema = z
  .object({
    customerId: z.string(),
    exportedAt: z.string(),
    view: Customer360ViewSchema.meta({ description: 'Every item the hub holds, uncapped and unsummarised.' }),
    ledger: z.array(LedgerEntrySchema),
  })
  .meta({ id: 'CustomerExport' });
