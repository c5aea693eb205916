import { parseArgs } from 'node:util';
import { DynamoDbBackend } from '../../../../adapters/dynamodb/dynamodb-backend.ts';
import { createStoreItemsReader } from '../../../../adapters/dynamodb/scan-store-items.ts';
import { describeViolation, runStoreCheck } from '../../../../app/store-check/run-store-check.ts';
import type { CliContext } from '../context.ts';
import { documentClientFor, type LocalHub } from '../local-access.ts';

/** `hub360 store check [--repair]` against a given hub; returns the exit code (1 while problems remain). */
export const checkLocalStore = async (
  args: string[],
  hub: LocalHub,
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
  const client = documentClientFor(hub);
  const report = await runStoreCheck(
    {
      reader: createStoreItemsReader(client, hub.tableName),
      backend: new DynamoDbBackend(client, hub.tableName),
    },
    { repair: values.repair === true },
  );
  const { customers, records, identifiers } = report.counts;
  out(`Checked ${customers} active customer(s), ${records} record(s), ${identifiers} identifier(s).`);
  for (const violation of report.violations) {
    const mark = report.repaired.includes(violation) ? 'repaired' : 'found';
    out(`  ${mark.padEnd(9)}${describeViolation(violation)}`);
  }
  const remaining = report.violations.length - report.repaired.length;
  out(
    report.violations.length === 0
      ? 'No problems found.'
      : `${report.violations.length} problem(s) found, ${report.repaired.length} repaired, ${remaining} left${values.repair ? '' : ' (run with --repair to fix what can be fixed)'}.`,
  );
  return remaining === 0 ? 0 : 1;
};

/** `hub360 store check [--repair]`: verifies the running local hub's store and repairs what it can. */
export const run = (args: string[], ctx: CliContext): Promise<number> =>
  checkLocalStore(args, ctx.runtime, ctx.out);
