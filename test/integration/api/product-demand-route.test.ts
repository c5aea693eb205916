import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDemandStore } from '../../../adapters/dynamodb/demand-store.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { decidePartSignal } from '../../../core/demand/decide-part-signal.ts';
import type { SignalChange } from '../../../core/ports/demand-store.ts';
import { localApiSecretEnvironment } from '../../../infra/local/auth/api-secrets.ts';
import { type LocalHub, startLocalHub } from '../../../infra/local/runtime.ts';
import { LocalSettingsSchema } from '../../../infra/local/settings.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { loadTopology } from '../../../infra/topology/index.ts';
import { apiPart } from '../../../infra/topology/parts/api.ts';
import { DemandPictureSchema } from '../../../schemas/api/demand.ts';
import { ProblemSchema } from '../../../schemas/api/problem.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import {
  erp,
  exampleCustomer,
  exampleInventory,
  exampleOrder,
  exampleProduct,
} from '../../../schemas/entities/examples.ts';

const PART = 'DP-4711';

/** Decides the part's signal from what the store holds and saves it, as the demand recompute does. */
const recompute = async (store: DynamoDemandStore): Promise<SignalChange> => {
  const snapshot = await store.readPart(PART);
  const decision = decidePartSignal(snapshot, DEFAULT_DEMAND_CONFIG, new Date());
  if (decision.action === 'none') throw new Error(`expected a signal change, got none: ${decision.reason}`);
  expect(await store.saveSignal(PART, snapshot.signal, decision)).toBe('saved');
  return decision;
};

describe('GET /products/{partNumber}/demand through the local gateway against DynamoDB Local', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub360-demand-route-'));
  let hub: LocalHub;
  let dynamo: DynamoDBClient;
  let read = '';
  let otherScope = '';
  let demand: DynamoDemandStore;
  const decisions: SignalChange[] = [];

  const get = (path: string, token: string) =>
    fetch(`${hub.info.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    hub = await startLocalHub({
      settings: LocalSettingsSchema.parse({
        dataDir,
        apiPort: 0,
        busPort: 0,
        storePort: 0,
        sandbox: false,
        logLevel: 'SILENT',
      }),
      topology: loadTopology([apiPart]),
      environment: await localApiSecretEnvironment(dataDir),
    });
    dynamo = new DynamoDBClient({ endpoint: hub.info.storeEndpoint, ...localAwsIdentity });
    const documentClient = DynamoDBDocumentClient.from(dynamo, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const customers = createCustomerStore({ tableName: hub.info.tableName, documentClient, baseDelayMs: 1 });
    demand = new DynamoDemandStore(documentClient, hub.info.tableName);
    const buyer = [erp('4711')];
    // 10 ordered + a quote of 10 (× win rate 0.3) against 4 on hand: 9 short, a signal is raised.
    await customers.ingest([
      exampleCustomer({ key: '4711', version: '1' }, buyer),
      exampleProduct({ key: PART, version: '1' }, { partNumber: PART }),
      exampleInventory({ key: `MUC/${PART}`, version: '1' }, { partNumber: PART, onHand: 4 }),
      exampleOrder({ key: 'SO-1', version: '1' }, buyer, { lines: [{ partNumber: PART, quantity: 10 }] }),
      exampleOrder({ key: 'QT-1', version: '1' }, buyer, {
        status: 'quote',
        lines: [{ partNumber: PART, quantity: 10 }],
      }),
    ]);
    decisions.push(await recompute(demand));
    // 5 more ordered: the same planned order grows (a supersession, revision 2).
    await customers.ingest([
      exampleOrder({ key: 'SO-2', version: '1' }, buyer, { lines: [{ partNumber: PART, quantity: 5 }] }),
    ]);
    decisions.push(await recompute(demand));
    read = await hub.mintToken(['customers:read']);
    otherScope = await hub.mintToken(['connectors:read']);
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    dynamo?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers demand by source, stock, lead time, the current signal and its history', async () => {
    const response = await get(`/products/${PART}/demand`, read);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const picture = DemandPictureSchema.parse(await response.json());
    expect(picture.totals).toEqual({ order: 15, quote: 3, web: 0, total: 18 });
    expect(picture.evidence.map((e) => e.reference).sort()).toEqual(['QT-1/10', 'SO-1/10', 'SO-2/10']);
    expect(picture.stock).toEqual({
      onHand: 4,
      inbound: 0,
      allocated: 0,
      allocatedToCountedOrders: 0,
      available: 4,
      sites: 1,
    });
    expect(picture).toMatchObject({ partNumber: PART, leadTimeDays: 14, safetyStock: 0 });
    expect(decisions.map((d) => d.action)).toEqual(['raise', 'supersede']);
    expect(picture.signal).toMatchObject({ status: 'open', revision: 2, quantityShort: 14 });
    expect(picture.signalHistory.map((s) => [s.revision, s.quantityShort])).toEqual([
      [1, 9],
      [2, 14],
    ]);
    expect(new Set(picture.signalHistory.map((s) => s.signalKey))).toEqual(
      new Set([picture.signal?.signalKey]),
    );
  });

  it('keeps no history entry for a redelivered decision that lost the race (its state moved on)', async () => {
    const [raised] = decisions;
    if (!raised) throw new Error('the first recompute decided nothing');

    const outcome = await demand.saveSignal(PART, undefined, raised);

    expect(outcome).toBe('conflict');
    expect((await demand.signalHistory(PART, 50)).map((s) => [s.revision, s.quantityShort])).toEqual([
      [1, 9],
      [2, 14],
    ]);
  });

  it('answers 404 naming a part the hub knows nothing about', async () => {
    const response = await get('/products/NO-SUCH-PART/demand', read);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = ProblemSchema.parse(await response.json());
    expect(problem).toMatchObject({ type: 'urn:hub360:problem:part-not-found', status: 404 });
    expect(problem.detail).toContain('NO-SUCH-PART');
  });

  it('answers 400 for a part number that could reach into another key', async () => {
    const response = await get(`/products/${encodeURIComponent('CP#8040')}/demand`, read);

    expect(response.status).toBe(400);
    const problem = ProblemSchema.parse(await response.json());
    expect(problem.errors).toEqual([expect.objectContaining({ in: 'path', field: 'partNumber' })]);
  });

  it('refuses a token without customers:read', async () => {
    const response = await get(`/products/${PART}/demand`, otherScope);

    expect(response.status).toBe(403);
  });
});
