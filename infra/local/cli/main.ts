import { exitQuietlyOnClosedOutput } from './closed-output.ts';
import { main } from './program.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
exitQuietlyOnClosedOutput(process.stdout, (code) => process.exit(code));
exitQuietlyOnClosedOutput(process.stderr, (code) => process.exit(code));
process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
