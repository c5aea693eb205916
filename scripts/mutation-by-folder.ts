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
  'core/concurrency',
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
 * slow for one run, or for files re-measured after a whole-folder run) has one file per part.
 */
const partFiles = (folder: string): string[] => {
  const prefix = `${folder.replaceAll('/', '-')}--`;
  return readdirSync(INCREMENTAL_DIR)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.json'))
    .sort()
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
  /** The parts counted, for a folder measured (partly) in parts; empty when it was measured as a whole only. */
  readonly parts: readonly string[];
  /** Whether a whole-folder file was counted. */
  readonly whole: boolean;
}

/**
 * The folder's mutants per source file: the whole-folder run's files, then each part's, a part's result for a
 * source file replacing the whole run's (parts mutate disjoint files and are measured after the whole run).
 */
const mutantsByFile = (folder: string): Map<string, readonly { status: string }[]> | undefined => {
  const whole = incrementalFile(folder);
  const files = [...(existsSync(whole) ? [whole] : []), ...partFiles(folder)];
  if (files.length === 0) return undefined;
  const byFile = new Map<string, readonly { status: string }[]>();
  for (const file of files) {
    const report = ReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    for (const [source, { mutants }] of Object.entries(report.files)) byFile.set(source, mutants);
  }
  return byFile;
};

const scoreOf = (folder: string): FolderScore | undefined => {
  const byFile = mutantsByFile(folder);
  if (!byFile) return undefined;
  const counts: Record<string, number> = {};
  for (const mutants of byFile.values())
    for (const { status } of mutants) counts[status] = (counts[status] ?? 0) + 1;
  const n = (status: string) => counts[status] ?? 0;
  const detected = n('Killed') + n('Timeout');
  const valid = detected + n('Survived') + n('NoCoverage');
  // A part is named by everything after the folder's prefix: `core-identity--helpers--fast.json` is the
  // part `helpers--fast`.
  const prefix = `${INCREMENTAL_DIR}/${folder.replaceAll('/', '-')}--`;
  const parts = partFiles(folder).map((f) => f.slice(prefix.length, -'.json'.length));
  return {
    folder,
    counts,
    score: valid === 0 ? 100 : (100 * detected) / valid,
    parts,
    whole: existsSync(incrementalFile(folder)),
  };
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
