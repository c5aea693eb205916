import { DEFAULT_REACTIONS_CONFIG, type ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import type { InstalledProductData } from '../../schemas/entities/installed-product.ts';
import type { WarrantyExpiringDetail } from '../../schemas/events/reaction-events.ts';
import { daysBetween, isoDay } from '../calendar/calendar-day.ts';

export type CoverageExpiry = Omit<WarrantyExpiringDetail, 'schemaVersion' | 'metadata'>;

/**
 * Warranties and service contracts ending within the notice period (today included), one notice per
 * customer, part, serial number, coverage and end date: an extended contract gets a new notice.
 */
export const findExpiringCoverage = (input: {
  readonly customerId: string;
  readonly installedProducts: readonly InstalledProductData[];
  readonly now: Date;
  readonly alreadyNotified: (reactionKey: string) => boolean;
  readonly config?: ReactionsConfig;
}): CoverageExpiry[] => {
  const config = input.config ?? DEFAULT_REACTIONS_CONFIG;
  const today = isoDay(input.now);
  const notices: CoverageExpiry[] = [];
  for (const product of input.installedProducts) {
    const coverages: [CoverageExpiry['coverage'], string | undefined][] = [
      ['warranty', product.warrantyEnd],
      ['contract', product.contractEnd],
    ];
    for (const [coverage, endsOn] of coverages) {
      if (endsOn === undefined) continue;
      const daysLeft = daysBetween(today, endsOn);
      if (daysLeft < 0 || daysLeft > config.expiryNoticeDays) continue;
      const reactionKey = [
        'coverage',
        input.customerId,
        product.partNumber,
        product.serialNumber ?? '-',
        coverage,
        endsOn,
      ].join(':');
      if (input.alreadyNotified(reactionKey)) continue;
      notices.push({
        reactionKey,
        customerId: input.customerId,
        partNumber: product.partNumber,
        ...(product.serialNumber === undefined ? {} : { serialNumber: product.serialNumber }),
        coverage,
        ...(coverage === 'contract' && product.contractNumber !== undefined
          ? { contractNumber: product.contractNumber }
          : {}),
        endsOn,
        daysLeft,
      });
    }
  }
  return notices;
};
