import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readItemSize } from './item-size.ts';
import { type IndexKeys, transactionCost } from './transaction-cost.ts';

/** What one DynamoDB client consumed, as DynamoDB itself reported it (`ReturnConsumedCapacity: TOTAL`). */
export interface CapacityTotals {
  readonly readUnits: number;
  readonly writeUnits: number;
  /** The part of `writeUnits` priced from transaction bodies rather than reported (see transactionCost). */
  readonly estimatedWriteUnits: number;
  /** Requests per operation (`TransactWriteItems`, `BatchGetItem`...), for "how many calls" questions. */
  readonly requests: Readonly<Record<string, number>>;
  /** Items put, updated or deleted (condition checks not counted). */
  readonly itemsWritten: number;
  /** Items returned by reads, and their size as DynamoDB sizes items (what a read is billed on). */
  readonly itemsRead: number;
  readonly bytesRead: number;
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

type Input = Record<string, unknown>;

/** Items a write request puts, updates or deletes, from its input (document or DynamoDB JSON alike). */
const itemsWrittenBy = (operation: string, input: Input): number => {
  if (operation === 'BatchWriteItem') {
    const byTable = (input.RequestItems ?? {}) as Record<string, unknown[]>;
    return Object.values(byTable).reduce((sum, requests) => sum + requests.length, 0);
  }
  if (operation === 'TransactWriteItems') {
    const actions = (input.TransactItems ?? []) as Record<string, unknown>[];
    return actions.filter((action) => !('ConditionCheck' in action)).length;
  }
  return 1;
};

/** Items in a read response, as the deserialize step hands them on. */
const itemsIn = (operation: string, output: Input): Record<string, unknown>[] => {
  if (operation === 'GetItem') return output.Item ? [output.Item as Record<string, unknown>] : [];
  if (operation === 'BatchGetItem')
    return Object.values((output.Responses ?? {}) as Record<string, Record<string, unknown>[]>).flat();
  if (operation === 'TransactGetItems')
    return ((output.Responses ?? []) as { Item?: Record<string, unknown> }[]).flatMap((r) =>
      r.Item ? [r.Item] : [],
    );
  return (output.Items ?? []) as Record<string, unknown>[];
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
  let itemsWritten = 0;
  let itemsRead = 0;
  let bytesRead = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = operationOf(context.commandName);
      if (!METERED_OPERATIONS.has(operation)) return next(args);
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      requests[operation] = (requests[operation] ?? 0) + 1;
      if (WRITE_OPERATIONS.has(operation)) itemsWritten += itemsWrittenBy(operation, input);
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
  // Read sizes from what the deserialize step hands on: DynamoDB JSON or plain values, sized alike.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const operation = operationOf(context.commandName);
      if (METERED_OPERATIONS.has(operation) && !WRITE_OPERATIONS.has(operation)) {
        const items = itemsIn(operation, (result.output ?? {}) as Input);
        itemsRead += items.length;
        for (const item of items) bytesRead += readItemSize(item);
      }
      return result;
    },
    { step: 'deserialize', name: 'benchReadSizer', priority: 'high' },
  );
  return {
    totals: () => ({
      readUnits,
      writeUnits,
      estimatedWriteUnits,
      requests: { ...requests },
      itemsWritten,
      itemsRead,
      bytesRead,
    }),
    reset: () => {
      itemsWritten = 0;
      itemsRead = 0;
      bytesRead = 0;
      readUnits = 0;
      writeUnits = 0;
      estimatedWriteUnits = 0;
      requests = {};
    },
  };
};
