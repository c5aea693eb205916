import type { DemandSignalState } from '../../schemas/entities/demand-signal.ts';
import type { InventoryData } from '../../schemas/entities/inventory.ts';
import type { DemandInputs } from '../demand/demand-inputs.ts';
import type { DemandSignalDecision } from '../demand/evaluate-demand-signal.ts';

/** Everything the store knows that a part's demand signal is decided on. */
export interface PartDemandSnapshot {
  readonly partNumber: string;
  /** Whether the store holds anything about the part (PDM product, stock, order line, web interest, signal). */
  readonly known: boolean;
  readonly inputs: DemandInputs;
  readonly inventory: readonly InventoryData[];
  /** The part's signal state as stored; its revision guards the next write. */
  readonly signal?: DemandSignalState | undefined;
  /** The day the part's watch was last confirmed (`core/demand/demand-watch.ts`); absent when not watched. */
  readonly watchedOn?: string | undefined;
}

/** A decision that changes the signal (raise, supersede, withdraw). */
export type SignalChange = Exclude<DemandSignalDecision, { readonly action: 'none' }>;

/** An order record the store holds, by its key. */
export interface OrderRef {
  readonly customerId: string;
  readonly recordKey: string;
}

/** Reads a part's demand inputs and keeps its demand-signal state. */
export interface DemandStore {
  /**
   * Everything the store holds about the part now. `changedOrders` are orders just written with a line of the
   * part: they are read by key whether or not the part index lists them yet (on AWS the index trails the table).
   */
  readPart(partNumber: string, changedOrders?: readonly OrderRef[]): Promise<PartDemandSnapshot>;
  /**
   * Saves the decision's next state, conditional on the stored state still being `previous` (same
   * revision, or none), together with the revision's entry in the signal history. `conflict` when another
   * recompute got there first: read again and re-decide.
   */
  saveSignal(
    partNumber: string,
    previous: DemandSignalState | undefined,
    change: SignalChange,
  ): Promise<'saved' | 'conflict'>;
  /** Marks the part watched, seen on `day` (YYYY-MM-DD), so the daily re-evaluation re-decides it. */
  watch(partNumber: string, day: string): Promise<void>;
  /** Marks those of the parts watched that are not watched yet; answers how many it marked. */
  watchUnwatched(partNumbers: readonly string[], day: string): Promise<number>;
  /**
   * Ends the part's watch, only if it was last seen on `seenOn`: a recompute that has seen new demand since
   * moved the day on, and then the watch is `kept`.
   */
  unwatch(partNumber: string, seenOn: string): Promise<'removed' | 'kept'>;
}

/** A watched part and the day its demand was last decided and found to change with time. */
export interface WatchedPart {
  readonly partNumber: string;
  /** UTC day, YYYY-MM-DD (`DemandWatchItem.seenOn`). */
  readonly seenOn: string;
}

/** Lists the watched parts for the demand re-evaluation. */
export interface DemandWatchList {
  /** Every watched part, in part-number order. */
  watchedParts(): Promise<WatchedPart[]>;
}

/** The states a part's demand signal went through, for people looking at it over time. */
export interface SignalHistoryReader {
  /** The latest `limit` revisions of the part's signal, oldest first; empty when none was ever raised. */
  signalHistory(partNumber: string, limit: number): Promise<DemandSignalState[]>;
}
