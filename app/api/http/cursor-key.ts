import { type CursorCodec, createCursorCodec, MIN_CURSOR_KEY_BYTES } from './cursor.ts';

/** Reads a secret's JSON fields by reference (Secrets Manager on AWS, an environment variable locally). */
export type SecretFields = (reference: string) => Promise<Readonly<Record<string, string>>>;

/** The field of the cursor secret that holds the key. */
export const CURSOR_KEY_FIELD = 'key';

/**
 * Loads the key that signs page cursors from the secret named by `reference`; fails fast, naming the
 * secret (never its value), when the key is missing or too short to be safe.
 */
export const loadCursorKey = async (reference: string, readSecret: SecretFields): Promise<Uint8Array> => {
  const fields = await readSecret(reference);
  const key = fields[CURSOR_KEY_FIELD];
  if (key === undefined) throw new Error(`Secret "${reference}" has no "${CURSOR_KEY_FIELD}" field`);
  const bytes = Buffer.from(key, 'utf8');
  if (bytes.byteLength < MIN_CURSOR_KEY_BYTES) {
    throw new Error(
      `Secret "${reference}": "${CURSOR_KEY_FIELD}" must be at least ${MIN_CURSOR_KEY_BYTES} bytes`,
    );
  }
  return bytes;
};

/**
 * The cursor codec, built on first use and then kept for the sandbox's life; a failed load is retried
 * on the next request instead of being cached.
 */
export const lazyCursorCodec = (
  reference: string,
  readSecret: SecretFields,
): (() => Promise<CursorCodec>) => {
  let codec: Promise<CursorCodec> | undefined;
  return () => {
    codec ??= loadCursorKey(reference, readSecret).then(createCursorCodec);
    codec.catch(() => {
      codec = undefined;
    });
    return codec;
  };
};
