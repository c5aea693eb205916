import { AdminPaths, ConnectorsReportSchema } from '../../admin/protocol.ts';
import { adminJson } from '../admin-client.ts';
import { formatLease } from '../connector-leases.ts';
import type { CliContext } from '../context.ts';
import { formatStatusTable } from '../format.ts';

/**
 * `hub360 connectors`: each configured stream's last run, lag and error, and who holds each connector's
 * sync lease until when, as the running hub reads them from its store (the CLI loads no AWS SDK). Runs from
 * before this hub started (an earlier `npm start` on the same data folder) are listed apart, so they are
 * never read as current.
 */
export const run = async (_args: string[], ctx: CliContext): Promise<number> => {
  const runtime = ctx.runtime;
  const { names, statuses, leases } = await adminJson(
    ctx,
    ConnectorsReportSchema,
    'GET',
    AdminPaths.connectors,
  );
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
  if (leases.length > 0) {
    ctx.out('');
    for (const lease of leases) ctx.out(formatLease(lease, Date.now()));
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
