import * as z from 'zod';
import { parseConfig } from './parse-config.ts';

/** Settings of the paginating API functions, from their topology environment. */
export const ApiEnvSchema = z.object({
  HUB_API_CURSOR_SECRET: z.string().min(1, 'must name the secret holding the page-cursor signing key'),
});
export type ApiEnv = z.infer<typeof ApiEnvSchema>;

/** Parses the API settings once, at start, naming the variable that is wrong. */
export const apiEnv = (env: NodeJS.ProcessEnv = process.env): ApiEnv =>
  parseConfig(ApiEnvSchema, env, 'hub360 API environment');
