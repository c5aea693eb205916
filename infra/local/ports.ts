import { createServer } from 'node:net';

/** A port that is already taken; the message names the port and the setting that moves it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly setting: string,
  ) {
    super(
      `Port ${port} is already in use. Free it, or choose another port with ${setting} (0 picks a free one).`,
    );
  }
}

const listenOnce = (port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });

/**
 * Resolves a configured port: 0 asks the OS for a free one, any other value is checked to be free so
 * the user gets a clear {@link PortInUseError} instead of a child process dying later.
 */
export const reservePort = async (port: number, setting: string, host = '127.0.0.1'): Promise<number> => {
  try {
    return await listenOnce(port, host);
  } catch (err: unknown) {
    if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE')
      throw new PortInUseError(port, setting);
    throw err;
  }
};
