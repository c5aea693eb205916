import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { parseConfig } from '../../../schemas/config/parse-config.ts';

/** The AWS access key the local hub's functions and CLI sign with, and the local bus verifies. */
export const LocalCredentialsSchema = z.strictObject({
  accessKeyId: z
    .string()
    .regex(/^[A-Z0-9]{20}$/, 'must be 20 upper-case letters and digits, like an AWS key id'),
  secretAccessKey: z.string().min(40),
});
export type LocalCredentials = z.infer<typeof LocalCredentialsSchema>;

export const localCredentialsFile = (dataDir: string): string => join(dataDir, 'local-credentials.json');

const isAlreadyExists = (err: unknown): boolean =>
  err instanceof Error && 'code' in err && err.code === 'EEXIST';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `HUBL` + 16 random characters: recognisably local, never a real AWS key. */
const generateAccessKeyId = (): string =>
  `HUBL${Array.from(randomBytes(16), (byte) => KEY_ALPHABET[byte % KEY_ALPHABET.length]).join('')}`;

/**
 * Loads the local hub's own AWS credentials from `<dataDir>/local-credentials.json` (owner-only), generating
 * them at first start. They are random per data folder, so another user or process on the machine cannot
 * sign bus calls by guessing a well-known key; a concurrent first start keeps whichever file was written first.
 */
export const loadOrCreateLocalCredentials = async (dataDir: string): Promise<LocalCredentials> => {
  const file = localCredentialsFile(dataDir);
  await mkdir(dataDir, { recursive: true });
  const generated: LocalCredentials = {
    accessKeyId: generateAccessKeyId(),
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  try {
    await writeFile(file, `${JSON.stringify(generated, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return generated;
  } catch (err: unknown) {
    if (!isAlreadyExists(err)) throw err;
  }
  return parseConfig(
    LocalCredentialsSchema,
    JSON.parse(await readFile(file, 'utf8')),
    `local credentials (${file})`,
  );
};
