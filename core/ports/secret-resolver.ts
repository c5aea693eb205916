import * as z from 'zod';

/**
 * Looks up a secret by reference (a Secrets Manager name or ARN on AWS, an environment variable locally).
 * Connector config only ever holds the reference; the values live in the secret store.
 */
export interface SecretResolver {
  /** The secret's fields (`username`/`password`, `clientId`/`clientSecret`, `token`). */
  resolve(reference: string): Promise<Readonly<Record<string, string>>>;
}

/** A secret that is missing or not a JSON object of strings; the message names the reference, never the value. */
export class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError';
}

const SecretValueSchema = z.record(z.string(), z.string());

/** Parses a secret's JSON text into its fields, failing with the reference (not the content) named. */
export const parseSecretValue = (reference: string, text: string): Record<string, string> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SecretUnavailableError(`Secret "${reference}" is not valid JSON`);
  }
  const parsed = SecretValueSchema.safeParse(json);
  if (!parsed.success) {
    throw new SecretUnavailableError(`Secret "${reference}" must be a JSON object of string fields`);
  }
  return parsed.data;
};
