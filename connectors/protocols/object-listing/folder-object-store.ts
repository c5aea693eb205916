import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ObjectStore, ObjectSummary } from './object-store.ts';

const walk = async (dir: string): Promise<string[]> => {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err: unknown) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return [];
    throw err;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    // Writers that land files atomically write `*.tmp` first and rename; never read a half-written file.
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) files.push(path);
  }
  return files;
};

/** A folder as an object store: keys are `/`-separated paths relative to the root, as S3 keys would be. */
export const createFolderObjectStore = (root: string): ObjectStore => ({
  async *list(prefix, startAfter) {
    // Walk only the prefix's deepest folder, then filter by the full prefix like S3 does.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
    const keys = (await walk(join(root, folder)))
      .map((file) => relative(root, file).split(sep).join('/'))
      .filter((key) => key.startsWith(prefix) && (startAfter === undefined || key > startAfter))
      .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const key of keys) {
      const info = await stat(join(root, key));
      const summary: ObjectSummary = { key, lastModified: info.mtimeMs };
      yield summary;
    }
  },
  get: async (key) => new Uint8Array(await readFile(join(root, key))),
});
