import {
  parseSecretValue,
  type SecretResolver,
  SecretUnavailableError,
} from '../../core/ports/secret-resolver.ts';

/** The environment variable that holds a secret locally: `hub360/sap-s4` → `HUB_SECRET_HUB360_SAP_S4`. */
export const secretEnvironmentVariable = (reference: string): string =>
  `HUB_SECRET_${reference
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase()}`;

/** Resolves secrets from environment variables holding JSON, as the local runtime and `.env` provide them. */
export const createEnvironmentSecrets = (env: NodeJS.ProcessEnv = process.env): SecretResolver => ({
  resolve: async (reference) => {
    const variable = secretEnvironmentVariable(reference);
    const text = env[variable];
    if (text === undefined) {
      throw new SecretUnavailableError(
        `Secret "${reference}" is not set: define ${variable} as a JSON object`,
      );
    }
    return parseSecretValue(reference, text);
  },
});
