import { loadConnectorsConfig } from '../../../../connectors/config/load-connectors-config.ts';
import type { CliContext } from '../context.ts';
import { formatStatusTable } from '../format.ts';
import { openLocalConnectorState } from '../local-access.ts';

export const summary = 'list connectors and streams with status, lag and last error';

/** `hub360 connectors`: each stream's last run, lag and error; configured connectors that never ran are named. */
export const run = async (_args: string[], ctx: CliContext): Promise<number> => {
  const runtime = ctx.runtime;
  const statuses = await openLocalConnectorState(runtime).listRunStatuses();
  const configured = Object.keys(loadConnectorsConfig({ ...runtime.functionEnvironment }));
  const ran = new Set(statuses.map((s) => s.connector));
  for (const line of formatStatusTable(statuses, Date.now())) ctx.out(line);
  const never = configured.filter((name) => !ran.has(name));
  if (never.length > 0) ctx.out(`not run yet: ${never.join(', ')}`);
  return statuses.some((s) => s.status === 'failed') ? 1 : 0;
};
