import * as z from 'zod';

/** Where a dead letter came from: `rule:<rule>/target:<id>`, `function:<name>` or `stream:<function>`. */
export const DeadLetterOriginSchema = z
  .string()
  .regex(/^(rule:[^/\s]+\/target:[^\s]+|function:[^\s]+|stream:[^\s]+)$/, {
    message: 'must be rule:<rule>/target:<id>, function:<name> or stream:<function>',
  })
  .meta({
    description: 'Where the work was given up: a rule target, an async invocation or a stream batch.',
  });

/** Work the hub gave up on after its retries: an event a target never accepted, an invocation that kept failing. */
export const DeadLetterSchema = z
  .object({
    id: z.string().min(1),
    time: z.iso.datetime().meta({ description: 'When the work was given up.' }),
    origin: DeadLetterOriginSchema,
    reason: z.string().meta({ description: 'Why, usually the last error.' }),
    attempts: z.number().int().min(0),
    payload: z
      .unknown()
      .meta({ description: 'The event or invocation payload as it would have been delivered.' }),
  })
  .meta({ id: 'DeadLetter' });
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export const DeadLetterListSchema = z
  .object({ items: z.array(DeadLetterSchema).meta({ description: 'Newest first.' }) })
  .meta({ id: 'DeadLetterList' });
export type DeadLetterList = z.infer<typeof DeadLetterListSchema>;

export const DeadLetterQuerySchema = z.strictObject({
  origin: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[^\s]+$/, 'must not contain spaces')
    .optional()
    .meta({ description: 'An exact origin, or a prefix ending in `*` (`rule:churn-warning/*`).' }),
});
export type DeadLetterQuery = z.infer<typeof DeadLetterQuerySchema>;

export const DeadLetterPathSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,100}$/, 'must be a dead-letter id as listed by GET /dead-letters')
    .meta({ description: 'The dead letter, as listed.' }),
});

export const RedriveResultSchema = z
  .object({
    id: z.string(),
    origin: DeadLetterOriginSchema,
    redrivenAt: z.iso.datetime(),
    detail: z.string().meta({
      description: 'What was resubmitted; if it fails again it comes back as a new dead letter.',
    }),
  })
  .meta({ id: 'RedriveResult' });
export type RedriveResult = z.infer<typeof RedriveResultSchema>;
