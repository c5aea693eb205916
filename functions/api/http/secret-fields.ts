import {
  createEnvironmentSecrets,
  secretEnvironmentVariable,
} from '../../../adapters/secrets/environment-secrets.ts';
import { createSecretsManagerSecrets } from '../../../adapters/secrets/secrets-manager-secrets.ts';
import type { SecretFields } from '../../../app/api/http/cursor-key.ts';

/**
 * Reads a secret the way both runtimes provide it: locally as a `HUB_SECRET_<NAME>` variable holding
 * JSON, on AWS from Secrets Manager (the secret's physical name is its topology name).
 */
export const readSecretFields = (env: NodeJS.ProcessEnv = process.env): SecretFields => {
  const local = createEnvironmentSecrets(env);
  let remote: ReturnType<typeof createSecretsManagerSecrets> | undefined;
  return (reference) => {
    if (env[secretEnvironmentVariable(reference)] !== undefined) return local.resolve(reference);
    remote ??= createSecretsManagerSecrets();
    return remote.resolve(reference);
  };
};
