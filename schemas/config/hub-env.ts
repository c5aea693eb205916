import * as z from 'zod';
import { parseConfig } from './parse-config.ts';

/**
 * The environment every hub360 function receives, on AWS from the CDK stack and locally from the
 * embedded runtime. AWS endpoints are not in here: locally the runtime sets the SDK's own
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so the unmodified SDK clients reach the local services.
 */
export const HubEnvSchema = z.object({
  HUB_STAGE: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case stage name such as local, dev or prod'),
  HUB_TABLE_NAME: z.string().min(3, 'must name the customer-360 DynamoDB table'),
  HUB_EVENT_BUS_NAME: z.string().min(1, 'must name the hub360 EventBridge bus'),
  HUB_LANDING_BUCKET: z.string().min(1).optional(),
  /** Locally the clickstream landing zone is a folder instead of an S3 bucket. */
  HUB_LANDING_DIR: z.string().min(1).optional(),
});
export type HubEnv = z.infer<typeof HubEnvSchema>;

let cached: HubEnv | undefined;

/** Reads the hub environment once per process (per Lambda sandbox) and fails fast naming the variable. */
export const hubEnv = (env: NodeJS.ProcessEnv = process.env): HubEnv => {
  if (env !== process.env) return parseConfig(HubEnvSchema, env, 'hub360 environment');
  cached ??= parseConfig(HubEnvSchema, env, 'hub360 environment');
  return cached;
};

/** Forgets the cached environment; the local runtime calls it after changing process.env. */
export const resetHubEnv = (): void => {
  cached = undefined;
};
