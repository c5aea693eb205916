import { parseArgs } from 'node:util';
import { AdminPaths, QuarantineReportSchema } from '../../admin/protocol.ts';
import { adminJson, hubNames } from '../admin-client.ts';
import type { CliContext } from '../context.ts';
import { formatQuarantineEntry } from '../format.ts';
import { requireConnector } from '../known-names.ts';

/**
 * `hub360 quarantine [--connector c] [--limit n]`: records that could not be taken in, newest first, as the
 * running hub reads them from its store.
 */
export const run = async (args: string[], ctx: CliContext): Promise<number> => {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { connector: { type: 'string' }, limit: { type: 'string', default: '50' } },
  });
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    ctx.out('--limit must be a positive whole number');
    return 1;
  }
  if (values.connector) requireConnector(await hubNames(ctx), values.connector);
  const query = new URLSearchParams({
    limit: String(limit),
    ...(values.connector ? { connector: values.connector } : {}),
  });
  const { entries } = await adminJson(
    ctx,
    QuarantineReportSchema,
    'GET',
    `${AdminPaths.quarantine}?${query}`,
  );
  if (entries.length === 0) {
    ctx.out('No quarantined records.');
    return 0;
  }
  for (const entry of entries) for (const line of formatQuarantineEntry(entry)) ctx.out(line);
  ctx.out(
    `${entries.length} record(s)${entries.length === limit ? ` (first ${limit}; use --limit for more)` : ''}`,
  );
  return 0;
};
