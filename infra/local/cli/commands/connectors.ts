import { hubNames } from '../admin-client.ts';
import { leaseLines } from '../connector-leases.ts';
import type { CliContext } from '../context.ts';
import { formatStatusTable } from '../format.ts';
import { openLocalConnectorState } from '../local-access.ts';

/**
 * `hub360 connectors`: each configured stream's last run, lag and error, and who holds each connector's
 * sync lease until when. Runs from before this hub started
 * (an earlier `npm start` on the same data folder) are listed apart, so they are never read as current.
 */
export const run = async (_args: string[], ctx: CliContext): Promise<number> => {
  const runtime = ctx.runtime;
  const state = openLocalConnectorState(runtime);
  const [statuses, names] = await Promise.all([state.listRunStatuses(), hubNames(ctx)]);
  const startedAt = Date.parse(runtime.startedAt);
  const configured = new Set(Object.keys(names.connectors));
  const isCurrent = (s: (typeof statuses)[number]) =>
    configured.has(s.connector) && (s.finishedAt === undefined || Date.parse(s.finishedAt) >= startedAt);
  const current = statuses.filter(isCurrent);
  const earlier = statuses.filter((s) => !isCurrent(s));
  if (current.length > 0) for (const line of formatStatusTable(current, Date.now())) ctx.out(line);
  else ctx.out('No connector has finished a run since this hub started.');
  const ran = new Set(current.map((s) => s.connector));
  const waiting = [...configured].filter((name) => !ran.has(name));
  if (waiting.length > 0) ctx.out(`not run since start: ${waiting.join(', ')}`);
  const leases = await leaseLines(state, [...configured], Date.now());
  if (leases.length > 0) {
    ctx.out('');
    for (const line of leases) ctx.out(line);
  }
  if (earlier.length > 0) {
    ctx.out('');
    ctx.out(
      `Earlier runs (before this hub started at ${runtime.startedAt}, or of connectors no longer configured):`,
    );
    for (const line of formatStatusTable(earlier, Date.now())) ctx.out(line);
  }
  return current.some((s) => s.status === 'failed') ? 1 : 0;
};
