import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { secretEnvironmentVariable } from '../../../adapters/secrets/environment-secrets.ts';
import { API_CURSOR_SECRET } from '../../topology/parts/api.ts';

const isAlreadyExists = (err: unknown): boolean =>
  err instanceof Error && 'code' in err && err.code === 'EEXIST';

/**
 * The query API's secrets for the local runtime, as the `HUB_SECRET_*` variables functions read locally.
 * The cursor-signing key is generated on first start and kept in `<dataDir>/dev-issuer/`, so page
 * cursors handed out before a restart stay valid (on AWS the key is a generated Secrets Manager secret).
 */
export const localApiSecretEnvironment = async (dataDir: string): Promise<Record<string, string>> => {
  const dir = join(dataDir, 'dev-issuer');
  const file = join(dir, 'cursor-key.json');
  await mkdir(dir, { recursive: true });
  const generated = JSON.stringify({ key: randomBytes(48).toString('base64url') });
  try {
    await writeFile(file, generated, { flag: 'wx', mode: 0o600 });
  } catch (err: unknown) {
    if (!isAlreadyExists(err)) throw err;
  }
  return { [secretEnvironmentVariable(API_CURSOR_SECRET)]: await readFile(file, 'utf8') };
};
