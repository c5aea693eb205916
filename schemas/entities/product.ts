import * as z from 'zod';
import { PartNumberSchema } from './source.ts';

/** PDM lifecycle states, normalised (Windchill INWORK / UNDERREVIEW / RELEASED / ... map onto these). */
export const ProductLifecycleStateSchema = z.enum([
  'inWork',
  'underReview',
  'released',
  'phaseOut',
  'obsolete',
]);
export type ProductLifecycleState = z.infer<typeof ProductLifecycleStateSchema>;

/** A part from PDM: number, revision, lifecycle state, successor and accessories. */
export const ProductDataSchema = z.strictObject({
  partNumber: PartNumberSchema,
  revision: z.string().min(1),
  name: z.string().min(1),
  description: z.string().optional(),
  lifecycleState: ProductLifecycleStateSchema,
  /** The part that replaces this one (cross-sell / upgrade leads). */
  successorPartNumber: PartNumberSchema.optional(),
  accessoryPartNumbers: z.array(PartNumberSchema).max(200).default([]),
  category: z.string().optional(),
  unit: z.string().optional(),
});
export type ProductData = z.infer<typeof ProductDataSchema>;
