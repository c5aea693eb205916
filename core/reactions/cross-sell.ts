import type { ProductData } from '../../schemas/entities/product.ts';
import type { CrossSellOpportunityFoundDetail } from '../../schemas/events/reaction-events.ts';

export type CrossSellOpportunity = Omit<CrossSellOpportunityFoundDetail, 'schemaVersion' | 'metadata'>;

/** One lead per customer and offered part, however many purchases point at it. */
export const crossSellKey = (customerId: string, offeredPartNumber: string): string =>
  `cross-sell:${customerId}:${offeredPartNumber}`;

/** Parts sales can offer: not obsolete, not still being designed. */
const OFFERABLE = new Set<ProductData['lifecycleState']>(['released']);

/**
 * Cross-sell leads for a purchase: each PDM successor or accessory of a purchased part that the customer
 * does not own (nor bought in this purchase), that can be sold, and that was not offered to them before.
 */
export const findCrossSellOpportunities = (input: {
  readonly customerId: string;
  readonly purchasedPartNumbers: readonly string[];
  readonly orderNumber?: string;
  /** Parts the customer owns or has bought before (installed base and past orders). */
  readonly ownedPartNumbers: ReadonlySet<string>;
  readonly catalogue: ReadonlyMap<string, ProductData>;
  readonly alreadyOffered: (reactionKey: string) => boolean;
}): CrossSellOpportunity[] => {
  const purchased = new Set(input.purchasedPartNumbers);
  const found = new Map<string, CrossSellOpportunity>();
  for (const partNumber of purchased) {
    const product = input.catalogue.get(partNumber);
    if (!product) continue;
    const offers: [string, CrossSellOpportunity['relation']][] = [
      ...(product.successorPartNumber
        ? [[product.successorPartNumber, 'successor'] as [string, 'successor']]
        : []),
      ...product.accessoryPartNumbers.map((accessory): [string, 'accessory'] => [accessory, 'accessory']),
    ];
    for (const [offered, relation] of offers) {
      if (input.ownedPartNumbers.has(offered) || purchased.has(offered) || found.has(offered)) continue;
      const offeredProduct = input.catalogue.get(offered);
      if (offeredProduct && !OFFERABLE.has(offeredProduct.lifecycleState)) continue;
      const reactionKey = crossSellKey(input.customerId, offered);
      if (input.alreadyOffered(reactionKey)) continue;
      found.set(offered, {
        reactionKey,
        customerId: input.customerId,
        purchasedPartNumber: partNumber,
        offeredPartNumber: offered,
        relation,
        ...(input.orderNumber === undefined ? {} : { orderNumber: input.orderNumber }),
      });
    }
  }
  return [...found.values()];
};
