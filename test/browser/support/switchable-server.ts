import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A downstream system that refuses (HTTP 400, which the bus does not retry) until told to accept: it turns
 * a reaction into a dead letter, and then lets its redrive succeed.
 */
export const startSwitchableServer = async () => {
  const received: string[] = [];
  const refused: string[] = [];
  let status = 400;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      (status < 300 ? received : refused).push(body);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Bodies accepted, and bodies refused while refusing. */
    received,
    refused,
    accept: () => {
      status = 202;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
