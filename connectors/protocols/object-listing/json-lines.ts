import { gunzipSync } from 'node:zlib';

/** Marks a line (or object) that could not be parsed, so it is quarantined with its text instead of dropped. */
export interface MalformedInput {
  readonly $malformed: string;
  readonly text: string;
}

/** Whether a raw record is a {@link MalformedInput} marker. */
export const isMalformedInput = (raw: unknown): raw is MalformedInput =>
  typeof raw === 'object' && raw !== null && '$malformed' in raw && typeof raw.$malformed === 'string';

/** Splits an object's bytes into parsed JSON lines; gzip is detected by its magic bytes, not the key. */
export const parseJsonLines = (key: string, bytes: Uint8Array): unknown[] => {
  let text: string;
  try {
    const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
    text = Buffer.from(gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (err: unknown) {
    const reason = err instanceof Error ? err.message : String(err);
    return [
      { $malformed: `object ${key} is not readable gzip: ${reason}`, text: '' } satisfies MalformedInput,
    ];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return {
          $malformed: `line of ${key} is not valid JSON`,
          text: line.slice(0, 2000),
        } satisfies MalformedInput;
      }
    });
};
