import * as z from 'zod';
import { InventoryDataSchema } from '../entities/inventory.ts';
import { ProductDataSchema, ProductLifecycleStateSchema } from '../entities/product.ts';
import { SourceRefSchema } from '../entities/source.ts';
import { defineEvent } from './event-envelope.ts';

export const ProductChanged = defineEvent({
  source: 'hub360.catalogue',
  detailType: 'ProductChanged',
  schemaVersion: 1,
  description: 'A PDM part was created or changed (revision, lifecycle state, successor, accessories).',
  payload: {
    source: SourceRefSchema,
    changedFields: z.array(z.string()),
    previousLifecycleState: ProductLifecycleStateSchema.optional(),
    product: ProductDataSchema,
  },
});
export type ProductChangedDetail = z.infer<typeof ProductChanged.detail>;

export const InventoryChanged = defineEvent({
  source: 'hub360.catalogue',
  detailType: 'InventoryChanged',
  schemaVersion: 1,
  description: 'Stock of a part at a site changed (on hand, inbound, allocated or lead time).',
  payload: {
    source: SourceRefSchema,
    previous: InventoryDataSchema.pick({
      onHand: true,
      inbound: true,
      allocated: true,
      leadTimeDays: true,
    }).optional(),
    inventory: InventoryDataSchema,
    /** On hand plus inbound minus allocated. */
    available: z.number(),
  },
});
export type InventoryChangedDetail = z.infer<typeof InventoryChanged.detail>;
