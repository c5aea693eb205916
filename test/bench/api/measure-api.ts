import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { buildCustomer360Query } from '../../../adapters/dynamodb/queries.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { syntheticSourceRecords } from '../ingestion/source-records.ts';
import { ingestPages } from '../ingestion/throughput.ts';
import type { ApiLevel, ApiResult } from '../report/results.ts';
import { summarizeLatencies } from '../stats/latency.ts';

export interface ApiBenchOptions {
  readonly apiUrl: string;
  readonly storeEndpoint: string;
  readonly tableName: string;
  /** A bearer token with the `customers:read` scope. */
  readonly token: string;
  /** Customers loaded before measuring (with their orders, invoices, web events...). */
  readonly customers: number;
  /** Requests per path and concurrency level. */
  readonly requestsPerLevel: number;
  readonly clients: readonly number[];
  readonly pageSize: number;
  /** Lets the hub's change feed finish with the load before latencies are taken. */
  readonly settle: () => Promise<void>;
  /** Gives up when the views have not caught up with the load after this long. @default 300000 */
  readonly viewTimeoutMs?: number;
}

/**
 * Reads every customer until the API serves each from its projected view (`servedFrom.source === 'view'`),
 * re-reading only those still behind; throws, naming how many and how they were served, after `timeoutMs`.
 */
const waitForViews = async (
  customers: readonly string[],
  servedFrom: (id: string) => Promise<string>,
  timeoutMs = 300_000,
) => {
  const deadline = performance.now() + timeoutMs;
  let behind = [...customers];
  for (;;) {
    const answers = await Promise.all(behind.map(async (id) => [id, await servedFrom(id)] as const));
    behind = answers.flatMap(([id, source]) => (source === 'view' ? [] : [id]));
    if (behind.length === 0) return;
    if (performance.now() > deadline) {
      const how = [...new Set(answers.map(([, source]) => source))].join(', ');
      throw new Error(
        `${behind.length} of ${customers.length} customers still not served from their view after ${timeoutMs} ms (${how})`,
      );
    }
    await sleep(250);
  }
};

/** Where the API says a 360 read came from: the projected view, or a fold of the partition (and why). */
const ServedFromSchema = z.object({
  servedFrom: z.object({ source: z.string(), reason: z.string().optional() }),
});
const servedFromOf = (body: ArrayBuffer): string => {
  const parsed = ServedFromSchema.safeParse(JSON.parse(new TextDecoder().decode(body)));
  if (!parsed.success) return 'unknown';
  const { source, reason } = parsed.data.servedFrom;
  return reason === undefined ? source : `${source} (${reason})`;
};

/** `clients` workers sending `total` requests between them; per-request latencies and the rate. */
const underLoad = async (clients: number, total: number, request: (i: number) => Promise<void>) => {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      await request(i);
      samples.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return { samples, perSecond: total / ((performance.now() - started) / 1000) };
};

/**
 * `GET /customers/{id}` through the local gateway (real HTTP, a real token, the API function with Lambda
 * semantics) at 1, 8 and 32 concurrent clients, next to a raw Query of the same partitions at the same
 * concurrency on the same DynamoDB Local. Each level runs raw, gateway, raw, gateway (half the requests
 * each), so drift on a shared machine hits both paths alike.
 */
export const measureApi = async (options: ApiBenchOptions): Promise<ApiResult> => {
  const client = new DynamoDBClient({ endpoint: options.storeEndpoint, ...localAwsIdentity });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  try {
    const store = createCustomerStore({ tableName: options.tableName, documentClient });
    // The synthetic mix has a tenth customers.
    const load = await ingestPages(store, syntheticSourceRecords(options.customers * 10), options.pageSize);
    const customerIds = new Set<string>();
    for (const outcome of load.all)
      if (outcome.outcome === 'written' && outcome.customerId) customerIds.add(outcome.customerId);
    const customers = [...customerIds];
    if (customers.length === 0) throw new Error('the load wrote no customer; nothing to read');
    await options.settle();
    const get = async (id: string) => {
      const response = await fetch(`${options.apiUrl}/customers/${encodeURIComponent(id)}`, {
        headers: { authorization: `Bearer ${options.token}` },
      });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET /customers/${id} answered ${response.status}`);
      return body;
    };
    // A running hub serves the 360 read from each customer's view once its projector (a stream subscriber,
    // polling the table's stream) has folded the load in; until then a read is the view's Query plus a fold.
    // Timing starts once the API answers from the view for every customer, as it does on a hub in use.
    const catchUpStarted = performance.now();
    await waitForViews(customers, async (id) => servedFromOf(await get(id)), options.viewTimeoutMs);
    const viewCatchUpSeconds = (performance.now() - catchUpStarted) / 1000;

    // The request count of a read served from the view. Writes that land after the catch-up (the hub's
    // insights and demand functions react to the load too) put a view behind its profile head again for a
    // moment, and such a read is the view's Query plus a fold: those are counted apart, and the read is
    // repeated until the view has caught up again.
    let queryCallsPerRead = 0;
    let foldedReads = 0;
    let items = 0;
    const readDeadline = performance.now() + (options.viewTimeoutMs ?? 300_000);
    for (const id of customers) {
      for (;;) {
        const read = await store.getCustomer360(id);
        if (read.kind !== 'found') throw new Error(`customer ${id} reads as ${read.kind}, expected found`);
        if (read.view.servedFrom?.source === 'view') {
          queryCallsPerRead = Math.max(queryCallsPerRead, read.requests);
          break;
        }
        foldedReads++;
        if (performance.now() > readDeadline)
          throw new Error(`customer ${id} still not served from its view when its request count was taken`);
        await sleep(250);
      }
      const raw = await documentClient.send(new QueryCommand(buildCustomer360Query(options.tableName, id)));
      items += raw.Count ?? 0;
    }

    // Bodies are kept and read after the timing, so parsing them is not part of a sample.
    let timedBodies: ArrayBuffer[] = [];
    const viaGateway = async (i: number) => {
      timedBodies.push(await get(customers[i % customers.length] as string));
    };
    const raw = async (i: number) => {
      const id = customers[i % customers.length] as string;
      await documentClient.send(new QueryCommand(buildCustomer360Query(options.tableName, id)));
    };

    // Warm-up: the API function's cold start and the JIT are not what is measured.
    await underLoad(4, Math.min(100, options.requestsPerLevel), viaGateway);
    await underLoad(4, Math.min(100, options.requestsPerLevel), raw);
    timedBodies = [];

    const levels: ApiLevel[] = [];
    const half = Math.max(1, Math.floor(options.requestsPerLevel / 2));
    for (const clients of options.clients) {
      const raw1 = await underLoad(clients, half, raw);
      const gateway1 = await underLoad(clients, half, viaGateway);
      const raw2 = await underLoad(clients, half, raw);
      const gateway2 = await underLoad(clients, half, viaGateway);
      const gateway = summarizeLatencies([...gateway1.samples, ...gateway2.samples]);
      const rawSummary = summarizeLatencies([...raw1.samples, ...raw2.samples]);
      levels.push({
        clients,
        gateway,
        gatewayPerSecond: (gateway1.perSecond + gateway2.perSecond) / 2,
        raw: rawSummary,
        rawPerSecond: (raw1.perSecond + raw2.perSecond) / 2,
        p99Ratio: gateway.p99Ms / rawSummary.p99Ms,
      });
    }
    const top = levels.at(-1);
    const servedFrom: Record<string, number> = {};
    for (const body of timedBodies) {
      const source = servedFromOf(body);
      servedFrom[source] = (servedFrom[source] ?? 0) + 1;
    }
    return {
      customers: customers.length,
      itemsPerCustomer: items / customers.length,
      queryCallsPerRead,
      viewCatchUpSeconds,
      servedFrom,
      levels,
      checks: [
        {
          budget: 'one DynamoDB Query per customer-360 read (unmerged customer)',
          measured: `${queryCallsPerRead} request(s) at most per read from the view, over ${customers.length} customers${foldedReads > 0 ? ` (${foldedReads} read(s) taken while a view was behind a later write cost a fold too, and were repeated)` : ''}`,
          pass: queryCallsPerRead === 1,
        },
        {
          budget: `API p99 ≤ 2 × raw Query p99 at ${top?.clients ?? 0} clients`,
          measured: top
            ? `${top.p99Ratio.toFixed(2)} × (${top.gateway.p99Ms.toFixed(1)} vs ${top.raw.p99Ms.toFixed(1)} ms)`
            : 'no level measured',
          pass: top !== undefined && top.p99Ratio <= 2,
        },
      ],
    };
  } finally {
    client.destroy();
  }
};
