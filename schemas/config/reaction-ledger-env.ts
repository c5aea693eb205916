import * as z from 'zod';
import { optionalJsonVariable } from './json-variable.ts';
import { parseConfig } from './parse-config.ts';

/** Where each reaction target's dead letters are kept for re-sending, once recorded (set by the CDK stack). */
export const PARKED_QUEUES_VARIABLE = 'HUB_REACTION_PARKED_QUEUES';

const ParkedQueuesSchema = z.array(
  z.strictObject({
    /** ARN of a reaction target's dead-letter queue, which the ledger consumes. */
    source: z.string().startsWith('arn:', 'must be the ARN of a dead-letter queue'),
    /** URL of the queue its recorded dead letters are kept in. */
    parked: z.url({ protocol: /^https$/, error: 'must be the https URL of an SQS queue' }),
  }),
);

const ReactionLedgerEnvSchema = z.object({
  [PARKED_QUEUES_VARIABLE]: optionalJsonVariable(
    ParkedQueuesSchema,
    'a JSON list of {source, parked} queue pairs',
  ),
});

/**
 * The parked queue of each consumed dead-letter queue, by the dead-letter queue's ARN; undefined where the
 * function consumes none (locally, the bus reports every delivery outcome itself).
 */
export const parkedQueuesFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
): ReadonlyMap<string, string> | undefined => {
  const pairs = parseConfig(ReactionLedgerEnvSchema, env, 'reaction ledger environment')[
    PARKED_QUEUES_VARIABLE
  ];
  return pairs && new Map(pairs.map(({ source, parked }) => [source, parked]));
};
