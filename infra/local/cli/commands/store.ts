import { parseArgs } from 'node:util';
import {
  AdminPaths,
  StoreCheckMessageSchema,
  type StoreCheckProgressUpdate,
  type StoreCheckSummary,
} from '../../admin/protocol.ts';
import { adminRequest } from '../admin-client.ts';
import type { CliContext } from '../context.ts';
import { ndjsonLines } from '../ndjson-lines.ts';

/** Runs the check (and repairs when asked) somewhere that can read the store: the running hub, or a test's table. */
export type StoreChecker = (
  repair: boolean,
  onProgress?: (progress: StoreCheckProgressUpdate) => void,
) => Promise<StoreCheckSummary>;

const BAR_WIDTH = 24;
const rateOf = (p: StoreCheckProgressUpdate) =>
  p.elapsedMs > 0 ? Math.round((p.items * 1000) / p.elapsedMs) : 0;

/** `store check  [#######.................]  12000/50000 items  24 pages  4100 items/s` (no bar without a total). */
export const formatStoreCheckProgress = (p: StoreCheckProgressUpdate): string => {
  // The table's count is approximate (DynamoDB updates it every few hours): never let the bar overflow.
  const total = p.total !== undefined && p.total > 0 ? Math.max(p.total, p.items) : undefined;
  const filled = total === undefined ? 0 : Math.round((p.items / total) * BAR_WIDTH);
  const bar = total === undefined ? '' : `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]  `;
  const items = total === undefined ? `${p.items} items` : `${p.items}/~${total} items`;
  return `store check  ${bar}${items}  ${p.pages} page${p.pages === 1 ? '' : 's'}  ${rateOf(p)} items/s`;
};

/**
 * `hub360 store check [--repair]` with a given checker; returns the exit code (1 while problems remain).
 * `progress`, when given, receives one line per page read (a terminal rewrites it in place).
 */
export const checkLocalStore = async (
  args: string[],
  check: StoreChecker,
  out: (line: string) => void,
  progress?: (line: string) => void,
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { repair: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals[0] !== 'check' || positionals.length > 1) {
    out('Usage: npx hub360 store check [--repair]');
    out('  Reads the whole store and reports records under merged or erased customers, locators that');
    out('  point elsewhere, identifiers owned by inactive customers; --repair re-homes what it can.');
    out('  On a terminal a progress line shows items read, pages and the rate.');
    return values.help ? 0 : 1;
  }
  let last: StoreCheckProgressUpdate | undefined;
  const report = await check(values.repair === true, (p) => {
    last = p;
    progress?.(formatStoreCheckProgress(p));
  });
  const { customers, records, identifiers } = report.counts;
  if (last)
    out(`Read ${last.items} item(s) in ${(last.elapsedMs / 1000).toFixed(1)} s (${rateOf(last)} items/s).`);
  out(`Checked ${customers} active customer(s), ${records} record(s), ${identifiers} identifier(s).`);
  for (const violation of report.violations) {
    out(`  ${(violation.repaired ? 'repaired' : 'found').padEnd(9)}${violation.description}`);
  }
  const repaired = report.violations.filter((v) => v.repaired).length;
  const remaining = report.violations.length - repaired;
  out(
    report.violations.length === 0
      ? 'No problems found.'
      : `${report.violations.length} problem(s) found, ${repaired} repaired, ${remaining} left${values.repair ? '' : ' (run with --repair to fix what can be fixed)'}.`,
  );
  return remaining === 0 ? 0 : 1;
};

/** Asks the running hub to check its store, following the streamed progress until the report arrives. */
const checkThroughHub =
  (ctx: CliContext): StoreChecker =>
  async (repair, onProgress) => {
    const response = await adminRequest(ctx, 'POST', AdminPaths.storeCheck, { repair });
    if (!response.body) throw new Error('the hub sent no answer');
    for await (const message of ndjsonLines(response.body, StoreCheckMessageSchema)) {
      if (message.type === 'progress') onProgress?.(message);
      else if (message.type === 'error') throw new Error(`store check failed in the hub: ${message.message}`);
      else return { counts: message.counts, violations: message.violations };
    }
    throw new Error('the hub ended the store check without a report');
  };

/**
 * `hub360 store check [--repair]`: the running hub reads and checks its own store (and repairs what it can),
 * so the CLI loads no AWS SDK; it shows the progress on a terminal and prints the report.
 */
export const run = async (args: string[], ctx: CliContext): Promise<number> => {
  const live = process.stdout.isTTY === true;
  let shown = false;
  const code = await checkLocalStore(
    args,
    checkThroughHub(ctx),
    (line) => {
      if (shown) process.stdout.write('\n');
      shown = false;
      ctx.out(line);
    },
    live
      ? (line) => {
          shown = true;
          process.stdout.write(`\r${line}\u001b[K`);
        }
      : undefined,
  );
  return code;
};
