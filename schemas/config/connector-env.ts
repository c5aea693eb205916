import * as z from 'zod';
import { parseConfig } from './parse-config.ts';

/** Environment of the connector functions beyond the common hub environment. */
export const ConnectorEnvSchema = z.object({
  /** Where secret references resolve: Secrets Manager on AWS, environment variables locally. */
  HUB_SECRETS_SOURCE: z.enum(['secrets-manager', 'environment']).default('secrets-manager'),
  /** Time kept back before the Lambda timeout to checkpoint and report. @default 20000 */
  HUB_CONNECTOR_RESERVE_MS: z.coerce.number().int().min(0).default(20_000),
  /**
   * How long a connector's run lease lasts without renewal (its holder renews it every third of this).
   * A killed sync blocks its connector at most this long. @default 60
   */
  HUB_CONNECTOR_LEASE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(60),
});
export type ConnectorEnv = z.infer<typeof ConnectorEnvSchema>;

/** Reads the connector environment, failing fast with the variable named. */
export const connectorEnv = (env: NodeJS.ProcessEnv = process.env): ConnectorEnv =>
  parseConfig(ConnectorEnvSchema, env, 'connector environment');
