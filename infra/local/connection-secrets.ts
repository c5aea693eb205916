import * as z from 'zod';
import { secretEnvironmentVariable } from '../../adapters/secrets/environment-secrets.ts';
import type { RuleSpec } from '../topology/schema.ts';
import type { ConnectionHeader } from './eventbus/delivery/http-target.ts';

/** The same fields an EventBridge connection's secret holds on AWS (API key auth). */
const ConnectionSecretSchema = z.object({
  apiKeyValue: z.string().min(1),
  headerName: z.string().min(1).default('Authorization'),
});

/**
 * Locally, an http target's connection secret comes from the environment, like every other secret:
 * `HUB_SECRET_<NAME>` holding `{"apiKeyValue": "Bearer ...", "headerName": "Authorization"}`.
 */
export const resolveConnectionFromEnvironment =
  (env: NodeJS.ProcessEnv) =>
  (secretName: string): ConnectionHeader => {
    const variable = secretEnvironmentVariable(secretName);
    const text = env[variable];
    if (!text) return { problem: `connection secret "${secretName}" is not set: define ${variable}` };
    try {
      const secret = ConnectionSecretSchema.parse(JSON.parse(text));
      return { name: secret.headerName, value: secret.apiKeyValue };
    } catch {
      return {
        problem: `${variable} must be JSON like {"apiKeyValue": "Bearer ...", "headerName": "Authorization"}`,
      };
    }
  };

/** Every connection secret an HTTP target of these rules names (an API destination's connection on AWS). */
export const connectionSecretsOf = (rules: readonly RuleSpec[]): string[] => [
  ...new Set(
    rules
      .flatMap((rule) => rule.targets)
      .flatMap((target) =>
        target.kind === 'http' && target.connectionSecret ? [target.connectionSecret] : [],
      ),
  ),
];
