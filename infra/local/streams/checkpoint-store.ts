import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as z from 'zod';

const CheckpointFileSchema = z.record(z.string(), z.string());

/** Where a stream subscription remembers the last sequence number it delivered successfully, per shard. */
export interface CheckpointStore {
  get(key: string): string | undefined;
  set(key: string, sequenceNumber: string): void;
}

export const createMemoryCheckpointStore = (): CheckpointStore => {
  const values = new Map<string, string>();
  return { get: (key) => values.get(key), set: (key, seq) => void values.set(key, seq) };
};

/**
 * Checkpoints kept in a JSON file so that restarting `npm start` neither redelivers nor skips stream records.
 * Each write goes to a temporary file first and is renamed into place, so a crash never leaves half a file.
 */
export const createFileCheckpointStore = (file: string): CheckpointStore => {
  const values = new Map<string, string>(
    existsSync(file)
      ? Object.entries(CheckpointFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))))
      : [],
  );
  return {
    get: (key) => values.get(key),
    set: (key, seq) => {
      values.set(key, seq);
      const temporary = `${file}.tmp`;
      writeFileSync(temporary, JSON.stringify(Object.fromEntries(values), null, 2));
      renameSync(temporary, file);
    },
  };
};
