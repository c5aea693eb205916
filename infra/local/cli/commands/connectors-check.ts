import { AdminPaths, ConnectorCheckSchema } from '../../admin/protocol.ts';
import { adminRequest } from '../admin-client.ts';
import type { CliContext } from '../context.ts';

/**
 * `hub360 connectors check <connector>`: reachability and auth, then each stream's first page read and mapped by
 * the running hub with its own configuration and secrets, writing nothing. Exit code 1 when anything failed.
 */
export const run = async (args: string[], ctx: CliContext): Promise<number> => {
  const [, connector] = args[0] === 'check' ? args : ['check', ...args];
  if (!connector) throw new Error('name one connector: hub360 connectors check <connector>');
  const response = await adminRequest(ctx, 'POST', AdminPaths.check, { connector });
  const check = ConnectorCheckSchema.parse(await response.json());
  ctx.out(
    check.connection.ok
      ? `${connector}: connection ok (reachable, credentials accepted)`
      : `${connector}: connection FAILED: ${check.connection.reason}`,
  );
  for (const s of check.streams) {
    if (s.error) {
      ctx.out(`  ${s.stream}: FAILED: ${s.error}`);
      continue;
    }
    const verdict = s.ok ? 'ok' : 'would quarantine';
    ctx.out(
      `  ${s.stream}: ${verdict}, first page ${s.read} record(s) read, ${s.mapped} mapped, ${s.quarantined} refused`,
    );
    if (s.warning) ctx.out(`    warning: ${s.warning}`);
    for (const reason of s.reasons) ctx.out(`    reason: ${reason}`);
  }
  ctx.out(check.ok ? 'check passed; nothing was written' : 'check failed; nothing was written');
  return check.ok ? 0 : 1;
};
