import * as z from 'zod';

/** The envelope EventBridge wraps around every event it routes. */
export const EventEnvelopeSchema = z.object({
  version: z.string(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.record(z.string(), z.unknown()),
  /** Set on events re-delivered by a replay, naming the replay (as EventBridge does). */
  'replay-name': z.string().optional(),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;

export interface EnvelopeFields {
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  readonly resources: readonly string[];
  readonly time: Date;
  readonly region: string;
  readonly account: string;
}

/** EventBridge's `time`: ISO 8601 to the second, as in `2015-11-11T21:29:54Z`. */
export const formatEventTime = (time: Date): string => time.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Builds the event as rules and targets see it. */
export const buildEventEnvelope = (fields: EnvelopeFields): EventEnvelope => ({
  version: '0',
  id: fields.id,
  'detail-type': fields.detailType,
  source: fields.source,
  account: fields.account,
  time: formatEventTime(fields.time),
  region: fields.region,
  resources: [...fields.resources],
  detail: fields.detail,
});
