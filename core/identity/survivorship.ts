import {
  CUSTOMER_ATTRIBUTES,
  type CustomerData,
  type GoldenProfile,
} from '../../schemas/entities/customer.ts';
import type { SourceRef } from '../../schemas/entities/source.ts';
import { versionOrder } from './version-order.ts';

/** One customer source record as survivorship sees it. */
export interface CustomerSource {
  readonly recordKey: string;
  readonly source: SourceRef;
  readonly data: CustomerData;
}

/**
 * Builds the golden profile: per attribute the value of the source with the highest priority; among
 * equal priorities the most recent source version; the record key breaks exact ties so the result
 * never depends on read order. A newer record version only ever replaces its own older value.
 */
export const buildGoldenProfile = (
  sources: readonly CustomerSource[],
  sourcePriority: Readonly<Record<string, number>>,
): GoldenProfile => {
  const rank = (s: CustomerSource) =>
    [sourcePriority[s.source.system] ?? 0, versionOrder(s.source.version), s.recordKey] as const;
  const better = (a: CustomerSource, b: CustomerSource) => {
    const [pa, va, ka] = rank(a);
    const [pb, vb, kb] = rank(b);
    // Each comparison below runs only when its two values differ (the record keys of two sources always do),
    // so `>=` for `>` and `<=` for `<` answer the same.
    if (pa !== pb) {
      // Stryker disable next-line EqualityOperator: see above
      return pa > pb;
    }
    if (va !== vb) {
      // Stryker disable next-line EqualityOperator: see above
      return va > vb;
    }
    // Stryker disable next-line EqualityOperator: see above
    return ka < kb;
  };
  const profile: Record<string, unknown> = {};
  for (const attribute of CUSTOMER_ATTRIBUTES) {
    let winner: CustomerSource | undefined;
    for (const s of sources) {
      if (s.data[attribute] === undefined) continue;
      if (!winner || better(s, winner)) winner = s;
    }
    if (winner) {
      profile[attribute] = {
        value: winner.data[attribute],
        provenance: {
          system: winner.source.system,
          stream: winner.source.stream,
          key: winner.source.key,
          version: winner.source.version,
        },
      };
    }
  }
  return profile as GoldenProfile;
};
