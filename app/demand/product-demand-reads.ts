import { partDemandPicture } from '../../core/demand/decide-part-signal.ts';
import type { DemandStore, SignalHistoryReader } from '../../core/ports/demand-store.ts';
import { type DemandPicture, SIGNAL_HISTORY_LIMIT } from '../../schemas/api/demand.ts';
import type { DemandConfig } from '../../schemas/config/demand-config.ts';
import { PartNotFoundError } from '../api/errors.ts';

export interface ProductDemandReadsDeps {
  readonly store: Pick<DemandStore, 'readPart'> & SignalHistoryReader;
  /** The same configuration the recompute decides signals with, so the picture explains the signal. */
  readonly config: DemandConfig;
  readonly now: () => Date;
}

/** What `GET /products/{partNumber}/demand` answers. */
export interface ProductDemandReads {
  /** The part's demand picture, computed now; {@link PartNotFoundError} when the hub knows nothing of it. */
  picture(partNumber: string): Promise<DemandPicture>;
}

/**
 * Reads a part's demand picture: the same store snapshot and computation the demand recompute decides the
 * signal on, plus the signal's history, so what a planner sees is what the hub acted on.
 */
export const createProductDemandReads = (deps: ProductDemandReadsDeps): ProductDemandReads => ({
  async picture(partNumber) {
    const [snapshot, history] = await Promise.all([
      deps.store.readPart(partNumber),
      deps.store.signalHistory(partNumber, SIGNAL_HISTORY_LIMIT),
    ]);
    if (!snapshot.known) throw new PartNotFoundError(partNumber);
    return partDemandPicture(snapshot, deps.config, deps.now(), history);
  },
});
