import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { parseConfig } from '../../../../schemas/config/parse-config.ts';
import { apiPart } from '../../../topology/parts/api.ts';
import { createDevIssuer } from '../../auth/dev-issuer.ts';
import type { CliContext } from '../context.ts';

/**
 * Every scope some route of the API accepts; anything else is a typo that would only yield 403s. Read from the
 * API part, which declares every route, not from the whole topology, whose schemas a CLI call need not load.
 */
export const knownScopes = (): string[] =>
  [...new Set(apiPart.routes.flatMap((r) => r.scopes ?? []))].filter((s): s is string => !!s).sort();

const TokenArgsSchema = z.object({
  scopes: z
    .string()
    .default('customers:read')
    .transform((text) =>
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.string().refine((s) => knownScopes().includes(s), {
            error: (issue) =>
              `"${String(issue.input)}" is not a scope of any route; known: ${knownScopes().join(', ')}`,
          }),
        )
        .min(1, 'name at least one scope'),
    ),
  subject: z.string().min(1).default('local-developer'),
  'expires-in': z.coerce
    .number()
    .int('must be whole seconds')
    .min(1)
    .max(30 * 24 * 3600)
    .default(3600),
});

/**
 * `hub360 token [--scopes a,b] [--subject s] [--expires-in seconds]`: prints a bearer token signed by the
 * local development issuer with the key a hub created in the data folder (the hub need not be running now).
 */
export const run = async (args: string[], ctx: CliContext): Promise<number> => {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { scopes: { type: 'string' }, subject: { type: 'string' }, 'expires-in': { type: 'string' } },
  });
  const options = parseConfig(TokenArgsSchema, values, 'token options');
  // Minting with a fresh key would print a token every hub rejects: only a key a hub made is used.
  const keyFile = join(ctx.dataDir, 'dev-issuer', 'signing-key.json');
  if (!existsSync(keyFile)) {
    throw new Error(
      `no hub has run with the data folder ${ctx.dataDir} (no ${keyFile}), so no hub would accept a token ` +
        'minted here. Run this in the hub360 project after `npm start`, or point --data-dir (HUB360_DATA_DIR) ' +
        "at the running hub's data folder.",
    );
  }
  const issuer = await createDevIssuer({ dataDir: ctx.dataDir });
  ctx.out(
    await issuer.mintToken({
      scopes: options.scopes,
      subject: options.subject,
      expiresInSeconds: options['expires-in'],
    }),
  );
  return 0;
};
