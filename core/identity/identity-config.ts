import * as z from 'zod';
import { IdentifierTypeSchema } from '../../schemas/entities/identifier.ts';

/**
 * How identity resolution behaves. `uniqueTypes`: identifier types of which one customer may hold at
 * most one value per scope (ERP numbers are scoped by ERP system); a link that would break that is a
 * conflict, never a merge. `sourcePriority`: survivorship rank per source system (higher wins; equal
 * ranks fall back to recency).
 */
export const IdentityConfigSchema = z.strictObject({
  uniqueTypes: z.array(IdentifierTypeSchema).default(['erp', 'webUser']),
  sourcePriority: z.record(z.string(), z.number()).default({}),
});
export type IdentityConfigInput = z.input<typeof IdentityConfigSchema>;
export type IdentityConfig = z.output<typeof IdentityConfigSchema>;

export const defaultIdentityConfig: IdentityConfig = IdentityConfigSchema.parse({});
