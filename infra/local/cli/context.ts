import { type RuntimeInfo, readRuntimeInfo } from '../runtime-info.ts';

/** What every `hub360` CLI command receives. */
export interface CliContext {
  /** The local hub's data folder (`--data-dir` or HUB360_DATA_DIR, default `.hub360`). */
  readonly dataDir: string;
  /** The running hub's endpoints; reading it throws a message saying to run `npm start` when none is running. */
  readonly runtime: RuntimeInfo;
  readonly out: (line: string) => void;
}

/** A CLI command module: `run` returns the process exit code. */
export interface CliCommand {
  readonly summary: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

export const createCliContext = (dataDir: string, out: (line: string) => void): CliContext => ({
  dataDir,
  get runtime() {
    return readRuntimeInfo(dataDir);
  },
  out,
});
