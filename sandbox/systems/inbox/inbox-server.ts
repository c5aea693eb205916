import type { FaultController } from '../../faults/fault-controller.ts';
import type { Authenticator } from '../../http/auth.ts';
import type { RequestLog } from '../../http/request-log.ts';
import {
  type RunningServer,
  type SystemRequest,
  type SystemResponse,
  startSystemServer,
} from '../../http/system-server.ts';
import type { Json } from '../../odata/v2-format.ts';
import { PLANNED_ORDERS_PATH, PlannedOrderBook } from './planned-orders.ts';

/** The enterprise systems that receive hub360's reactions, by inbox route. */
export const inboxRoutes = {
  '/erp/demand-signals': 'erpDemandSignals',
  '/callcenter/tasks': 'callCenterTasks',
  '/sales/leads': 'salesLeads',
  '/pdm/change-requests': 'pdmChangeRequests',
  '/service/notices': 'serviceNotices',
  '/service/tasks': 'serviceTasks',
} as const;

/** Which receiving system an inbox message went to. */
export type InboxTarget = (typeof inboxRoutes)[keyof typeof inboxRoutes];

/** One delivery the inbox accepted. */
export interface InboxMessage {
  readonly id: string;
  readonly target: InboxTarget;
  readonly path: string;
  readonly receivedAt: string;
  /** The `Idempotency-Key` header, if the sender set one (so duplicate deliveries can be counted). */
  readonly idempotencyKey?: string;
  readonly body: Json;
}

/** Options for the inbox server. */
export interface InboxServerOptions {
  readonly host: string;
  readonly port: number;
  readonly authenticate: Authenticator;
  readonly faults: FaultController;
  readonly log: RequestLog;
  readonly now: () => Date;
}

const isInboxPath = (path: string): path is keyof typeof inboxRoutes => path in inboxRoutes;

/**
 * Records every accepted delivery. Each delivery is kept (duplicates too, so tests can see a retry
 * landed twice); `GET /inbox?target=…` lists them.
 */
export class InboxStore {
  private readonly messages: InboxMessage[] = [];
  /** ERP production planning's planned orders (`PUT`/`DELETE /erp/planned-orders/<key>`). */
  readonly plannedOrders = new PlannedOrderBook();

  add(message: InboxMessage): void {
    this.messages.push(message);
  }

  list(target?: InboxTarget): readonly InboxMessage[] {
    return target === undefined
      ? [...this.messages]
      : this.messages.filter((message) => message.target === target);
  }

  clear(): void {
    this.messages.length = 0;
  }
}

const handleInboxRequest = (
  options: InboxServerOptions,
  store: InboxStore,
  request: SystemRequest,
): SystemResponse => {
  const path = request.url.pathname;
  if (path === PLANNED_ORDERS_PATH || path.startsWith(`${PLANNED_ORDERS_PATH}/`)) {
    return handlePlannedOrderRequest(options, store, request);
  }
  if (path === '/inbox' && request.method === 'GET') {
    const target = request.url.searchParams.get('target');
    const known = Object.values(inboxRoutes).find((candidate) => candidate === target);
    if (target !== null && known === undefined) {
      return { status: 400, json: { error: `unknown target ${target}` } };
    }
    const messages = store.list(known).map((message) => ({ ...message }));
    return { status: 200, json: { count: messages.length, messages } };
  }
  if (!isInboxPath(path)) return { status: 404, json: { error: `no inbox route ${request.method} ${path}` } };
  if (request.method !== 'POST') return { status: 405, json: { error: 'deliveries are POSTed' } };
  let body: Json;
  try {
    body = JSON.parse(request.body);
  } catch {
    return { status: 400, json: { error: 'body must be JSON' } };
  }
  const idempotencyKey = request.headers['idempotency-key'];
  const message: InboxMessage = {
    id: `msg-${String(store.list().length + 1).padStart(6, '0')}`,
    target: inboxRoutes[path],
    path,
    receivedAt: options.now().toISOString(),
    ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}),
    body,
  };
  store.add(message);
  return { status: 202, json: { id: message.id, status: 'accepted' } };
};

const handlePlannedOrderRequest = (
  options: InboxServerOptions,
  store: InboxStore,
  request: SystemRequest,
): SystemResponse => {
  const book = store.plannedOrders;
  const key = decodeURIComponent(request.url.pathname.slice(PLANNED_ORDERS_PATH.length + 1));
  const idempotencyHeader = request.headers['idempotency-key'];
  const idempotencyKey = typeof idempotencyHeader === 'string' ? idempotencyHeader : undefined;
  const at = options.now().toISOString();
  if (key === '') {
    if (request.method !== 'GET')
      return { status: 405, json: { error: 'list with GET; write under /<key>' } };
    const orders = book.list();
    return {
      status: 200,
      json: {
        count: orders.length,
        plannedOrders: orders.map((o) => ({ ...o })),
        calls: book.calls().map((c) => ({ ...c })),
      },
    };
  }
  if (request.method === 'GET') {
    const order = book.get(key);
    return order
      ? { status: 200, json: { ...order } }
      : { status: 404, json: { error: `no planned order ${key}` } };
  }
  if (request.method === 'DELETE') {
    const effect = book.withdraw(key, at, idempotencyKey);
    // Deleting what is already gone succeeds: a redelivered withdrawal must not look like a failure.
    return { status: 200, json: { key, effect } };
  }
  if (request.method !== 'PUT')
    return { status: 405, json: { error: 'planned orders are PUT or DELETEd by key' } };
  let body: Json;
  try {
    body = JSON.parse(request.body);
  } catch {
    return { status: 400, json: { error: 'body must be JSON' } };
  }
  const effect = book.upsert(key, body, at, idempotencyKey);
  return { status: effect === 'created' ? 201 : 200, json: { key, effect } };
};

/**
 * The enterprise inbox: stands in for ERP/MRP (demand signals), the call center (tasks), sales (leads),
 * PDM (change requests) and service (notices). Bearer-authenticated, fault-injectable like the sources.
 */
export const startInboxServer = async (
  options: InboxServerOptions,
): Promise<{ server: RunningServer; store: InboxStore }> => {
  const store = new InboxStore();
  const server = await startSystemServer({
    system: 'inbox',
    host: options.host,
    port: options.port,
    log: options.log,
    faults: options.faults,
    authenticate: options.authenticate,
    challenge: 'Bearer realm="inbox"',
    errorBody: (status, code, message) => ({ error: code, message, status }),
    handle: (request) => handleInboxRequest(options, store, request),
  });
  return { server, store };
};
