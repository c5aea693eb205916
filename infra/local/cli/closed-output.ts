/** The part of a process output stream this module needs (`process.stdout`, `process.stderr`). */
export interface OutputStream {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

const isClosedPipe = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && 'code' in err && err.code === 'EPIPE';

/**
 * `hub360 connectors | head -1`: once the reader has what it wants it closes the pipe, and the CLI's next
 * write fails with EPIPE. Unix tools stop there without a word (SIGPIPE ends them; Node ignores SIGPIPE and
 * raises the error instead, which would crash with a stack trace), so the CLI exits quietly with 0: the
 * reader took the output it asked for. Any other write error is still thrown.
 */
export const exitQuietlyOnClosedOutput = (stream: OutputStream, exit: (code: number) => void): void => {
  stream.on('error', (err) => {
    if (isClosedPipe(err)) {
      exit(0);
      return;
    }
    throw err;
  });
};
