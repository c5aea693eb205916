import type { LifecyclePhase, LifecycleStage } from '../../schemas/entities/lifecycle.ts';

/**
 * The phase each stage belongs to: attract (win the prospect), satisfy (make the first purchases a
 * good experience), care (turn a repeat buyer into a regular one), maintain (keep the loyal customer)
 * and retain (win back one who went quiet or left).
 */
export const PHASE_OF_STAGE: Readonly<Record<LifecycleStage, LifecyclePhase>> = {
  prospect: 'attract',
  interested: 'attract',
  firstTime: 'satisfy',
  doubtful: 'satisfy',
  shortTerm: 'care',
  longTerm: 'maintain',
  dormant: 'retain',
  churned: 'retain',
};

/** Stages in which the customer buys (has placed at least one order and is not lost or asleep). */
export const BUYING_STAGES: ReadonlySet<LifecycleStage> = new Set([
  'firstTime',
  'doubtful',
  'shortTerm',
  'longTerm',
]);
