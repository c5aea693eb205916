import * as z from 'zod';
import { IsoDateTimeSchema } from './source.ts';

/** Customer lifecycle stages from the CRM literature (DESIGN.md). */
export const LifecycleStageSchema = z.enum([
  'prospect',
  'interested',
  'firstTime',
  'doubtful',
  'shortTerm',
  'dormant',
  'longTerm',
  'churned',
]);
export type LifecycleStage = z.infer<typeof LifecycleStageSchema>;

export const LifecyclePhaseSchema = z.enum(['attract', 'satisfy', 'care', 'maintain', 'retain']);
export type LifecyclePhase = z.infer<typeof LifecyclePhaseSchema>;

/**
 * One entry of a customer's status history. Written by the insights capability (derived data, not a
 * source record); `dimension` leaves room for more than lifecycle, risk and profit.
 */
export const StatusChangeSchema = z.strictObject({
  dimension: z.union([z.enum(['lifecycleStage', 'riskStatus', 'profitStatus']), z.string().min(1)]),
  value: z.string().min(1),
  previous: z.string().optional(),
  changedAt: IsoDateTimeSchema,
  reason: z.string().min(1),
  /** Facts behind the change (e.g. days since last order, overdue amount). */
  evidence: z.record(z.string(), z.unknown()).default({}),
});
export type StatusChange = z.infer<typeof StatusChangeSchema>;
