import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type IndexKeys, transactionCost } from './transaction-cost.ts';

/** What one DynamoDB client consumed, as DynamoDB itself reported it (`ReturnConsumedCapacity: TOTAL`). */
export interface CapacityTotals {
  readonly readUnits: number;
  readonly writeUnits: number;
  /** The part of `writeUnits` priced from transaction bodies rather than reported (see transactionCost). */
  readonly estimatedWriteUnits: number;
  /** Requests per operation (`TransactWriteItems`, `BatchGetItem`...), for "how many calls" questions. */
  readonly requests: Readonly<Record<string, number>>;
}

export interface CapacityMeter {
  totals(): CapacityTotals;
  reset(): void;
}

const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);
const METERED_OPERATIONS = new Set([
  ...WRITE_OPERATIONS,
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'TransactGetItems',
]);

interface CapacityEntry {
  readonly CapacityUnits?: number;
}

const unitsOf = (consumed: unknown): number => {
  const entries: unknown[] = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return entries.reduce<number>((sum, entry) => {
    const units = (entry as CapacityEntry | null)?.CapacityUnits;
    return sum + (typeof units === 'number' ? units : 0);
  }, 0);
};

/** `PutItemCommand` and lib-dynamodb's `PutCommand` both name the same DynamoDB operation. */
const operationOf = (commandName: unknown): string => {
  const name = String(commandName ?? '').replace(/Command$/, '');
  const documentNames: Record<string, string> = {
    Put: 'PutItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
    Get: 'GetItem',
    BatchGet: 'BatchGetItem',
    BatchWrite: 'BatchWriteItem',
    TransactWrite: 'TransactWriteItems',
    TransactGet: 'TransactGetItems',
  };
  return documentNames[name] ?? name;
};

/**
 * Meters a client without touching the code that uses it: every data-plane request asks DynamoDB for its
 * consumed capacity, and the answers are summed. The store takes its client by injection, so the bench
 * measures the store's real requests rather than estimating them from item sizes.
 */
export const meterCapacity = (client: DynamoDBClient, indexes: readonly IndexKeys[]): CapacityMeter => {
  let readUnits = 0;
  let writeUnits = 0;
  let estimatedWriteUnits = 0;
  let requests: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      if (!METERED_OPERATIONS.has(operation)) return next(args);
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      requests[operation] = (requests[operation] ?? 0) + 1;
      const result = await next(args);
      if (operation === 'TransactWriteItems') return result;
      const units = unitsOf((result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity);
      if (WRITE_OPERATIONS.has(operation)) writeUnits += units;
      else readUnits += units;
      return result;
    },
    { step: 'initialize', name: 'benchCapacityMeter', priority: 'high' },
  );
  // Transactions are priced from the serialized request (DynamoDB JSON), after a successful response.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const body = (args.request as { body?: unknown } | undefined)?.body;
      if (operationOf(context.commandName) === 'TransactWriteItems' && body !== undefined) {
        // The SDK's JSON body is a Uint8Array that warns when used as a string; decode its bytes instead.
        const text = body instanceof Uint8Array ? new TextDecoder().decode(body) : String(body);
        const cost = transactionCost(text, indexes);
        writeUnits += cost.writeUnits;
        estimatedWriteUnits += cost.writeUnits;
        readUnits += cost.readUnits;
      }
      return result;
    },
    { step: 'build', name: 'benchTransactionPricer' },
  );
  return {
    totals: () => ({ readUnits, writeUnits, estimatedWriteUnits, requests: { ...requests } }),
    reset: () => {
      readUnits = 0;
      writeUnits = 0;
      estimatedWriteUnits = 0;
      requests = {};
    },
  };
};
