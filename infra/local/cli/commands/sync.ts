import { parseArgs } from 'node:util';
import { ConnectorSyncRequestSchema } from '../../../../app/connector-sync/sync-request.ts';
import { unlimitedTimeBudget } from '../../../../connectors/kit/time-budget.ts';
import { parseConfig } from '../../../../schemas/config/parse-config.ts';
import type { CliContext } from '../context.ts';
import { formatProgress } from '../format.ts';
import { openLocalSyncService } from '../local-access.ts';

export const summary = 'run a connector sync now: sync <connector> [--full] [--stream <name>]...';

/** `hub360 sync <connector> [--full] [--stream s]`: syncs like the schedule does, printing progress per page. */
export const run = async (args: string[], ctx: CliContext): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { full: { type: 'boolean', default: false }, stream: { type: 'string', multiple: true } },
  });
  const { service } = openLocalSyncService(ctx.runtime);
  if (positionals.length !== 1) {
    ctx.out(
      `Usage: hub360 sync <connector> [--full] [--stream <name>]; connectors: ${service.configured().join(', ')}`,
    );
    return 1;
  }
  const request = parseConfig(
    ConnectorSyncRequestSchema,
    { connector: positionals[0], full: values.full, ...(values.stream ? { streams: values.stream } : {}) },
    'sync request',
  );
  const started = Date.now();
  const result = await service.sync(request, {
    timeBudget: unlimitedTimeBudget,
    onPage: (progress) => ctx.out(formatProgress(progress)),
  });
  if (result.skipped) {
    ctx.out(`${request.connector}: another sync is running right now (lease held); try again shortly.`);
    return 2;
  }
  for (const s of result.streams) {
    const error = s.error ? `  error: ${s.error}` : '';
    ctx.out(
      `${s.connector}/${s.stream}: ${s.status}, ${s.recordsRead} read, ${s.recordsWritten} written, ` +
        `${s.recordsQuarantined} quarantined, ${s.pages} pages, ${s.retries} retries${error}`,
    );
  }
  ctx.out(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.failed.length === 0 ? 0 : 1;
};
