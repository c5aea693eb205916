import * as z from 'zod';

const FaultTargetingSchema = z.object({
  /** How many matching requests the fault fires on before it disarms. */
  times: z.number().int().positive().default(1),
  /** How many matching requests pass untouched before the fault starts firing (e.g. fail page 3). */
  afterRequests: z.number().int().nonnegative().default(0),
  /** Only requests whose path+query contains this text match (e.g. `A_SalesOrder`, `shipments`). */
  pathIncludes: z.string().min(1).optional(),
});

export const RateLimitFaultSchema = FaultTargetingSchema.extend({
  kind: z.literal('rateLimit'),
  retryAfterSeconds: z.number().int().nonnegative().default(1),
});
export const ServerErrorFaultSchema = FaultTargetingSchema.extend({
  kind: z.literal('serverError'),
  status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(503),
});
export const SlowFaultSchema = FaultTargetingSchema.extend({
  kind: z.literal('slow'),
  delayMs: z.number().int().nonnegative().max(120_000),
});
export const ConnectionResetFaultSchema = FaultTargetingSchema.extend({ kind: z.literal('connectionReset') });
export const MalformedJsonFaultSchema = FaultTargetingSchema.extend({ kind: z.literal('malformedJson') });
export const InvalidRecordFaultSchema = FaultTargetingSchema.extend({
  kind: z.literal('invalidRecord'),
  /** `missingKey` drops the key field of one record on the page; `badDate` garbles its last-changed date. */
  problem: z.enum(['missingKey', 'badDate']).default('missingKey'),
});

/** Faults that change how the next matching response(s) look. */
export const ResponseFaultSchema = z.discriminatedUnion('kind', [
  RateLimitFaultSchema,
  ServerErrorFaultSchema,
  SlowFaultSchema,
  ConnectionResetFaultSchema,
  MalformedJsonFaultSchema,
  InvalidRecordFaultSchema,
]);
export type ResponseFault = z.infer<typeof ResponseFaultSchema>;

export const TieTimestampsFaultSchema = z.object({
  kind: z.literal('tieTimestamps'),
  /** The stream (entity set / resource) to change, e.g. `A_SalesOrder`, `customers`, `Parts`, `shipments`. */
  stream: z.string().min(1),
  /** How many rows get the same last-changed timestamp; make it larger than a page to straddle a boundary. */
  count: z.number().int().positive(),
  /** The shared timestamp (ISO); defaults to the sandbox clock's now. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export const LateRowsFaultSchema = z.object({
  kind: z.literal('lateRows'),
  stream: z.string().min(1),
  count: z.number().int().positive().default(1),
  /** How far in the past the late rows' last-changed timestamp lies. */
  ageMinutes: z.number().positive().default(120),
});
export const DeleteRowsFaultSchema = z.object({
  kind: z.literal('deleteRows'),
  stream: z.string().min(1),
  count: z.number().int().positive().default(1),
  /** Specific keys to delete instead of the first `count` rows. */
  keys: z.array(z.string().min(1)).optional(),
});

/**
 * E-mails written `name(at)domain`, the way people hide addresses from spam harvesters and then type them into
 * an ERP; the rows are stamped now, so incremental readers see the change. Only streams that carry an e-mail
 * of their own support it (Business Central `customers`).
 */
export const InvalidEmailFaultSchema = z.object({
  kind: z.literal('invalidEmail'),
  stream: z.string().min(1),
  count: z.number().int().positive().default(1),
  /** Specific keys to garble instead of the first `count` rows. */
  keys: z.array(z.string().min(1)).optional(),
});

/** Faults that change the source data itself, applied at once. */
export const DataFaultSchema = z.discriminatedUnion('kind', [
  TieTimestampsFaultSchema,
  LateRowsFaultSchema,
  DeleteRowsFaultSchema,
  InvalidEmailFaultSchema,
]);
export type DataFault = z.infer<typeof DataFaultSchema>;

/** Anything `POST /_sandbox/faults` or `faults.<system>.inject()` accepts. */
export const FaultSpecSchema = z.discriminatedUnion('kind', [
  ...ResponseFaultSchema.options,
  ...DataFaultSchema.options,
]);
export type FaultSpec = z.infer<typeof FaultSpecSchema>;
export type FaultSpecInput = z.input<typeof FaultSpecSchema>;
