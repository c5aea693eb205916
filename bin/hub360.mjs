#!/usr/bin/env node
// Entry point of `npx hub360`: runs the CLI's prebuilt bundle (built at first use and whenever a source it
// came from changes), so a call does not transpile the TypeScript tree. Without esbuild (or with
// HUB360_CLI_FROM_SOURCE=1) it runs the sources through tsx, as before.
import { runCliBundle } from './cli-bundle.mjs';

if (process.env.HUB360_CLI_FROM_SOURCE === '1' || !(await runCliBundle())) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../infra/local/cli/main.ts');
}
