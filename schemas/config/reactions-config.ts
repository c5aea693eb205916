import * as z from 'zod';

/** Thresholds of the reactions besides demand signals; each default is what a business starts with. */
export const ReactionsConfigSchema = z.strictObject({
  /** Complaints and returns about one part within `complaintWindowDays` that raise a PDM change request. Default 3. */
  complaintThreshold: z.number().int().min(1).default(3),
  /** The window complaints are counted in. Default 30 days. */
  complaintWindowDays: z.number().int().min(1).max(365).default(30),
  /** Warranties and service contracts ending within this many days notify the service team. Default 30. */
  expiryNoticeDays: z.number().int().min(1).max(365).default(30),
  /** Days an invoice may be past due before the call center follows up. Default 0 (the day after the due date). */
  paymentGraceDays: z.number().int().min(0).max(90).default(0),
  /**
   * A change is history, not news, when the state it reports was reached more than this many days
   * before the hub saw it (an order shipped long ago). Default 7.
   */
  staleAfterDays: z.number().int().min(1).max(3650).default(7),
  /** Revenue over `retentionRevenueWindowDays` from which a customer is high-value for retention tasks. Default 10,000. */
  retentionHighValueRevenue: z.number().nonnegative().default(10_000),
  /** The window revenue is counted in for retention. Default 365 days. */
  retentionRevenueWindowDays: z.number().int().min(1).max(3650).default(365),
  /** Days after a task, lead or change request in which a movement counts as its outcome. Default 30. */
  outcomeWindowDays: z.number().int().min(1).max(365).default(30),
});
export type ReactionsConfigInput = z.input<typeof ReactionsConfigSchema>;
export type ReactionsConfig = z.output<typeof ReactionsConfigSchema>;

export const DEFAULT_REACTIONS_CONFIG: ReactionsConfig = ReactionsConfigSchema.parse({});
