import { parseArgs } from 'node:util';
import { AdminPaths, StoreCheckReportSchema, type StoreCheckSummary } from '../../admin/protocol.ts';
import { adminJson } from '../admin-client.ts';
import type { CliContext } from '../context.ts';

/** Runs the check (and repairs when asked) somewhere that can read the store: the running hub, or a test's table. */
export type StoreChecker = (repair: boolean) => Promise<StoreCheckSummary>;

/** `hub360 store check [--repair]` with a given checker; returns the exit code (1 while problems remain). */
export const checkLocalStore = async (
  args: string[],
  check: StoreChecker,
  out: (line: string) => void,
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
    return values.help ? 0 : 1;
  }
  const report = await check(values.repair === true);
  const { customers, records, identifiers } = report.counts;
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

/**
 * `hub360 store check [--repair]`: the running hub reads and checks its own store (and repairs what it can),
 * so the CLI loads no AWS SDK; it prints the report.
 */
export const run = (args: string[], ctx: CliContext): Promise<number> =>
  checkLocalStore(
    args,
    (repair) => adminJson(ctx, StoreCheckReportSchema, 'POST', AdminPaths.storeCheck, { repair }),
    ctx.out,
  );
