import { parseArgs } from 'node:util';
import { AdminPaths, SyncMessageSchema } from '../../admin/protocol.ts';
import { adminRequest } from '../admin-client.ts';
import type { CliContext } from '../context.ts';
import { ndjsonLines } from '../ndjson-lines.ts';
import { formatProgressBar } from '../progress.ts';

/**
 * `hub360 sync <connector> [--full] [--stream s]...`: asks the running hub to sync now, so the run uses the
 * hub's own connector configuration and secrets; progress streams back per committed page.
 */
export const run = async (args: string[], ctx: CliContext): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: { full: { type: 'boolean', default: false }, stream: { type: 'string', multiple: true } },
  });
  const [connector] = positionals;
  if (!connector || positionals.length !== 1) throw new Error('name one connector: hub360 sync <connector>');
  const response = await adminRequest(ctx, 'POST', AdminPaths.sync, {
    connector,
    full: values.full,
    ...(values.stream ? { streams: values.stream } : {}),
  });
  if (!response.body) throw new Error('the hub sent no answer');
  const started = Date.now();
  // On a terminal the progress line is rewritten in place; piped output gets one line per page.
  const live = process.stdout.isTTY === true;
  let code = 1;
  for await (const message of ndjsonLines(response.body, SyncMessageSchema)) {
    if (message.type === 'page') {
      const line = formatProgressBar(connector, message);
      if (live) process.stdout.write(`\r${line}\u001b[K`);
      else ctx.out(line);
    } else if (message.type === 'error') {
      throw new Error(message.message);
    } else {
      if (live) process.stdout.write('\n');
      if (message.skipped) {
        ctx.out(`${connector}: another sync is running right now (lease held); try again shortly.`);
        return 2;
      }
      for (const s of message.streams) {
        const error = s.error ? `  error: ${s.error}` : '';
        const released = s.recordsReleased ? ` (${s.recordsReleased} released from quarantine)` : '';
        ctx.out(
          `${connector}/${s.stream}: ${s.status}, ${s.recordsRead} read, ${s.recordsWritten} written, ` +
            `${s.recordsQuarantined} quarantined${released}, ${s.pages} pages, ${s.retries} retries${error}`,
        );
      }
      ctx.out(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      code = message.streams.some((s) => s.status === 'failed') ? 1 : 0;
    }
  }
  return code;
};
