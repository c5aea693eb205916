import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as z from 'zod';

/**
 * `npm run test:mutation [-- <folder>...]`: StrykerJS over the domain, the connector kit and the pattern
 * matcher, one folder per run (stryker.config.mjs reads the folder from HUB360_MUTATE), then the score per
 * folder from each folder's incremental file. Folders run one after the other so the shared machine keeps
 * its cores; a rerun only tests mutants whose code or covering tests changed.
 *
 *   npm run test:mutation                      every folder
 *   npm run test:mutation -- core/demand       one folder
 *   npm run test:mutation -- --scores          only print the table from the stored results
 */
export const MUTATION_FOLDERS = [
  'connectors/kit',
  'core/calendar',
  'core/customer-360',
  'core/demand',
  'core/events',
  'core/identity',
  'core/ingest',
  'core/insights',
  'core/items',
  'core/ports',
  'core/privacy',
  'core/reactions',
  'core/retry',
  'core/store-check',
  'infra/local/eventbus/pattern',
] as const;

const INCREMENTAL_DIR = 'reports/stryker-incremental';
const incrementalFile = (folder: string) => `${INCREMENTAL_DIR}/${folder.replaceAll('/', '-')}.json`;

/**
 * A folder measured in parts (`--mutate <files> --incrementalFile <folder>--<part>.json`, for folders too
 * slow for one run) has one file per part; the parts mutate disjoint files, so their counts add up. A part
 * may also hold files added after the whole folder was measured (e.g. `core-reactions--outcomes.json`): a
 * source file counts once, from the whole-folder file when that has it, else from the part.
 */
const partFiles = (folder: string): string[] => {
  const prefix = `${folder.replaceAll('/', '-')}--`;
  return readdirSync(INCREMENTAL_DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .map((f) => `${INCREMENTAL_DIR}/${f}`);
};

// The part of the mutation-testing report schema the scores need.
const ReportSchema = z.object({
  files: z.record(z.string(), z.object({ mutants: z.array(z.object({ status: z.string() })) })),
});

interface FolderScore {
  readonly folder: string;
  readonly counts: Readonly<Record<string, number>>;
  /** Stryker's mutation score: detected (killed + timed out) over valid mutants (detected + survived + no coverage). */
  readonly score: number;
  /** The part files counted (beside the whole-folder file, only those adding files it does not hold). */
  readonly parts: readonly string[];
  /** Whether a whole-folder file was counted. */
  readonly whole: boolean;
}

const scoreOf = (folder: string): FolderScore | undefined => {
  const file = incrementalFile(folder);
  const whole = existsSync(file);
  const files = [...(whole ? [file] : []), ...partFiles(folder)];
  if (files.length === 0) return undefined;
  const counts: Record<string, number> = {};
  const counted = new Set<string>();
  const parts: string[] = [];
  for (const part of files) {
    const report = ReportSchema.parse(JSON.parse(readFileSync(part, 'utf8')));
    const fresh = Object.entries(report.files).filter(([source]) => !counted.has(source));
    // A part is named by everything after the folder's prefix: `core-identity--helpers--fast.json` is
    // the part `helpers--fast`.
    if (part !== file && fresh.length > 0)
      parts.push(part.slice(`${INCREMENTAL_DIR}/${folder.replaceAll('/', '-')}--`.length, -'.json'.length));
    for (const [source, { mutants }] of fresh) {
      counted.add(source);
      for (const { status } of mutants) counts[status] = (counts[status] ?? 0) + 1;
    }
  }
  const n = (status: string) => counts[status] ?? 0;
  const detected = n('Killed') + n('Timeout');
  const valid = detected + n('Survived') + n('NoCoverage');
  return { folder, counts, score: valid === 0 ? 100 : (100 * detected) / valid, parts, whole };
};

const printScores = (folders: readonly string[]) => {
  console.log('| folder | mutants | killed | timeout | survived | no coverage | ignored | score |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const folder of folders) {
    const s = scoreOf(folder);
    if (!s) {
      console.log(`| \`${folder}/\` | not measured | | | | | | |`);
      continue;
    }
    const n = (status: string) => s.counts[status] ?? 0;
    const total = Object.values(s.counts).reduce((a, b) => a + b, 0);
    const parts = s.parts.join(', ');
    const label =
      s.parts.length === 0
        ? `\`${folder}/\``
        : `\`${folder}/\` (${s.whole ? `with the parts ${parts}` : `parts: ${parts}`})`;
    console.log(
      `| ${label} | ${total} | ${n('Killed')} | ${n('Timeout')} | ${n('Survived')} | ${n('NoCoverage')} | ${n('Ignored')} | ${s.score.toFixed(1)}% |`,
    );
  }
};

const args = process.argv.slice(2);
const scoresOnly = args.includes('--scores');
const named = args.filter((a) => !a.startsWith('--')).map((a) => a.replace(/\/+$/, ''));
const unknown = named.filter((a) => !(MUTATION_FOLDERS as readonly string[]).includes(a));
if (unknown.length > 0) {
  console.error(
    `not a mutation folder: ${unknown.join(', ')}; the folders are ${MUTATION_FOLDERS.join(', ')}`,
  );
  process.exit(2);
}
const folders = named.length > 0 ? named : [...MUTATION_FOLDERS];
if (!scoresOnly) {
  for (const folder of folders) {
    const run = spawnSync('npx', ['stryker', 'run'], {
      stdio: 'inherit',
      env: { ...process.env, HUB360_MUTATE: folder },
    });
    if (run.status !== 0) {
      console.error(`Stryker failed on ${folder} (exit ${run.status})`);
      process.exit(run.status ?? 1);
    }
  }
}
printScores(folders);
