import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../../core/ports/clock.ts';
import { systemClock } from '../../core/ports/clock.ts';
import {
  parseSecretValue,
  type SecretResolver,
  SecretUnavailableError,
} from '../../core/ports/secret-resolver.ts';
import { secretArnVariable } from './secret-arn-variable.ts';

export interface SecretsManagerSecretsOptions {
  readonly client?: SecretsManagerClient;
  /** How long a value is reused within one Lambda sandbox; rotation is picked up after this. @default 300000 */
  readonly cacheMs?: number;
  readonly clock?: Clock;
  /** Where the stack passes each granted secret's ARN (`HUB_SECRET_ARN_<NAME>`). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Resolves secrets from AWS Secrets Manager (SecretString holding JSON), cached per sandbox. */
export const createSecretsManagerSecrets = (options: SecretsManagerSecretsOptions = {}): SecretResolver => {
  const client = options.client ?? new SecretsManagerClient({});
  const clock = options.clock ?? systemClock;
  const cacheMs = options.cacheMs ?? 300_000;
  const cache = new Map<string, { value: Record<string, string>; at: number }>();
  const env = options.env ?? process.env;
  return {
    resolve: async (reference) => {
      const cached = cache.get(reference);
      if (cached && clock.now() - cached.at < cacheMs) return cached.value;
      let text: string | undefined;
      try {
        // The stack passes the ARN of every secret it grants: a secret referenced by ARN in the stage
        // config (whose name need not match the reference) is found only this way.
        const secretId = env[secretArnVariable(reference)] ?? reference;
        text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
      } catch (err: unknown) {
        if (err instanceof ResourceNotFoundException) {
          throw new SecretUnavailableError(`Secret "${reference}" does not exist in Secrets Manager`, {
            cause: err,
          });
        }
        throw err;
      }
      if (text === undefined) {
        throw new SecretUnavailableError(
          `Secret "${reference}" has no SecretString (binary secrets are not used)`,
        );
      }
      const value = parseSecretValue(reference, text);
      cache.set(reference, { value, at: clock.now() });
      return value;
    },
  };
};
