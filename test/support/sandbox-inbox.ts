import { FaultController } from '../../sandbox/faults/fault-controller.ts';
import { staticBearerAuthenticator } from '../../sandbox/http/auth.ts';
import { RequestLog } from '../../sandbox/http/request-log.ts';
import { startInboxServer } from '../../sandbox/systems/inbox/inbox-server.ts';

const TOKEN = 'e2e-inbox-token';

/**
 * The sandbox's enterprise inbox on its own (the systems receiving reactions, ERP planned orders included),
 * bearer-protected like in `npm start`: a delivery without the rule's connection is refused with 401.
 */
export const startSandboxInbox = async () => {
  const { server, store } = await startInboxServer({
    host: '127.0.0.1',
    port: 0,
    authenticate: staticBearerAuthenticator(TOKEN),
    faults: new FaultController(() => {
      throw new Error('the inbox has no source data to fault');
    }),
    log: new RequestLog(),
    now: () => new Date(),
  });
  return { url: server.origin, authorization: `Bearer ${TOKEN}`, store, stop: () => server.close() };
};
