import { GetParameterError, ParameterNotFoundError } from '@aws-lambda-powertools/parameters/errors';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  parseSecretValue,
  type SecretResolver,
  SecretUnavailableError,
} from '../../core/ports/secret-resolver.ts';
import { secretArnVariable } from './secret-arn-variable.ts';

export interface SecretsManagerSecretsOptions {
  /** @default a SecretsManagerClient for the function's region */
  readonly client?: SecretsManagerClient;
  /** How long a value is reused within one Lambda sandbox; rotation is picked up after this. @default 300 */
  readonly maxAgeSeconds?: number;
  /** Where the stack passes each granted secret's ARN (`HUB_SECRET_ARN_<NAME>`). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The SDK's own error when Powertools wrapped it, so callers see `AccessDeniedException` and the like. */
const unwrap = (err: unknown): unknown =>
  err instanceof GetParameterError && err.cause !== undefined ? err.cause : err;

/**
 * Resolves secrets from AWS Secrets Manager (SecretString holding JSON) through Powertools' SecretsProvider,
 * whose cache keeps each value for `maxAgeSeconds` per sandbox.
 */
export const createSecretsManagerSecrets = (options: SecretsManagerSecretsOptions = {}): SecretResolver => {
  const provider = new SecretsProvider(options.client ? { awsSdkV3Client: options.client } : {});
  const maxAge = options.maxAgeSeconds ?? 300;
  const env = options.env ?? process.env;
  return {
    resolve: async (reference) => {
      // The stack passes the ARN of every secret it grants: a secret referenced by ARN in the stage
      // config (whose name need not match the reference) is found only this way.
      const secretId = env[secretArnVariable(reference)] ?? reference;
      let value: string | Uint8Array | undefined;
      try {
        value = await provider.get(secretId, { maxAge, throwOnMissing: true });
      } catch (err: unknown) {
        if (err instanceof ParameterNotFoundError) {
          throw new SecretUnavailableError(`Secret "${reference}" does not exist in Secrets Manager`, {
            cause: err,
          });
        }
        throw unwrap(err);
      }
      if (typeof value !== 'string') {
        throw new SecretUnavailableError(
          `Secret "${reference}" has no SecretString (binary secrets are not used)`,
        );
      }
      return parseSecretValue(reference, value);
    },
  };
};
