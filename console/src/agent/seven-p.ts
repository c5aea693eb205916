import type { Scorecard } from '../../../schemas/entities/customer-insights.ts';

type SevenP = Exclude<keyof Scorecard, 'rfm'>;

/** The seven Ps in the schema's order with the names a manager reads (a type error if the contract changes). */
export const SEVEN_P_LABELS: ReadonlyArray<readonly [SevenP, string]> = [
  ['profiling', 'Profiling'],
  ['persistency', 'Persistency'],
  ['profitability', 'Profitability'],
  ['performance', 'Performance'],
  ['prospecting', 'Prospecting'],
  ['product', 'Product'],
  ['promotion', 'Promotion'],
] satisfies ReadonlyArray<readonly [SevenP, string]>;
