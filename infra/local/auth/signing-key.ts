import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK } from 'jose';
import * as z from 'zod';
import { parseConfig } from '../../../schemas/config/parse-config.ts';

/** The algorithm of the development issuer; one the HTTP API JWT authorizer also accepts. */
export const DEV_SIGNING_ALGORITHM = 'ES256';

const StoredKeySchema = z.object({
  kid: z.string().min(1),
  alg: z.literal(DEV_SIGNING_ALGORITHM),
  privateJwk: z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), d: z.string().min(1) }),
  publicJwk: z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256') }),
});

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

const isAlreadyExists = (err: unknown): boolean =>
  err instanceof Error && 'code' in err && err.code === 'EEXIST';

const importStored = async (text: string, file: string): Promise<SigningKey> => {
  const stored = parseConfig(StoredKeySchema, JSON.parse(text), `development signing key (${file})`);
  const privateKey = await importJWK(stored.privateJwk, DEV_SIGNING_ALGORITHM);
  const publicKey = await importJWK(stored.publicJwk, DEV_SIGNING_ALGORITHM);
  // importJWK only returns raw bytes for symmetric keys, which the schema above already rules out.
  if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) {
    throw new Error(`${file} does not hold an EC key pair`);
  }
  return { kid: stored.kid, privateKey, publicKey };
};

/**
 * Loads the development issuer's key pair from `<dir>/signing-key.json`, generating it on first use.
 * The file is created exclusively, so a CLI minting a token while the runtime starts cannot end up
 * with a different key than the runtime verifies with.
 */
export const loadOrCreateSigningKey = async (dir: string): Promise<SigningKey> => {
  const file = join(dir, 'signing-key.json');
  await mkdir(dir, { recursive: true });
  const { privateKey, publicKey } = await generateKeyPair(DEV_SIGNING_ALGORITHM, { extractable: true });
  const kid = randomUUID();
  const stored = {
    kid,
    alg: DEV_SIGNING_ALGORITHM,
    privateJwk: await exportJWK(privateKey),
    publicJwk: await exportJWK(publicKey),
  };
  try {
    await writeFile(file, `${JSON.stringify(stored, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return { kid, privateKey, publicKey };
  } catch (err: unknown) {
    if (!isAlreadyExists(err)) throw err;
  }
  return importStored(await readFile(file, 'utf8'), file);
};
