import type { SecretResolver } from '../../core/ports/secret-resolver.ts';
import { createEnvironmentSecrets } from './environment-secrets.ts';
import { createSecretsManagerSecrets } from './secrets-manager-secrets.ts';

/** Where connector secrets come from: Secrets Manager on AWS, `HUB_SECRET_<NAME>` variables locally. */
export const createSecretResolver = (source: 'environment' | 'secrets-manager'): SecretResolver =>
  source === 'environment' ? createEnvironmentSecrets() : createSecretsManagerSecrets();
