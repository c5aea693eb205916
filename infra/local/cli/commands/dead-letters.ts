import * as z from 'zod';
import { busAdminRequest, hubNames } from '../admin-client.ts';
import type { CliContext } from '../context.ts';
import { requireOrigin } from '../known-names.ts';

const ResponseSchema = z.object({
  deadLetters: z.array(
    z.object({
      id: z.string(),
      time: z.string(),
      origin: z.string(),
      reason: z.string(),
      attempts: z.number(),
    }),
  ),
});

/** `hub360 dead-letters [--origin <prefix*>]` */
export const run = async (args: string[], ctx: CliContext): Promise<number> => {
  const originIndex = args.indexOf('--origin');
  const origin = originIndex >= 0 ? args[originIndex + 1] : undefined;
  if (origin) requireOrigin(await hubNames(ctx), origin);
  const query = origin ? `?${new URLSearchParams({ origin })}` : '';
  const response = await busAdminRequest(ctx, 'GET', `/_hub360/dead-letters${query}`);
  const { deadLetters } = ResponseSchema.parse(await response.json());
  if (deadLetters.length === 0) {
    ctx.out('No dead letters.');
    return 0;
  }
  for (const letter of deadLetters) {
    ctx.out(
      `${letter.time}  ${letter.origin}  after ${letter.attempts} attempt(s): ${letter.reason}  [${letter.id}]`,
    );
  }
  return 0;
};
