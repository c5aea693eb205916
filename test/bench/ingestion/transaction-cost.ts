import { type AttributeValueJson, itemSize, writeUnitsFor } from './item-size.ts';

/** Key attributes of a global secondary index (projection ALL, as the customer-360 table's indexes are). */
export interface IndexKeys {
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TransactionCost {
  readonly writeUnits: number;
  readonly readUnits: number;
}

interface TransactAction {
  readonly Item?: AttributeValueJson;
  readonly Key?: AttributeValueJson;
  readonly UpdateExpression?: string;
  readonly ExpressionAttributeNames?: Record<string, string>;
  readonly ExpressionAttributeValues?: AttributeValueJson;
}

interface TransactWriteBody {
  readonly TransactItems?: readonly Partial<
    Record<'Put' | 'Update' | 'Delete' | 'ConditionCheck', TransactAction>
  >[];
}

const updatedAttributes = (action: TransactAction): Set<string> => {
  const names = new Set(Object.values(action.ExpressionAttributeNames ?? {}));
  for (const word of (action.UpdateExpression ?? '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) names.add(word);
  return names;
};

/**
 * Capacity of one TransactWriteItems request, from its own JSON body. DynamoDB Local reports a transaction's
 * capacity as if it held one item, so the bench prices it the way DynamoDB does: two writes per started KB of
 * each item, plus one ordinary write per index the item lands in; a ConditionCheck is a transactional read.
 * Updates and deletes are priced by what the request carries (their stored item is not in the request), so
 * the figure is a lower bound for them.
 */
export const transactionCost = (body: string, indexes: readonly IndexKeys[]): TransactionCost => {
  const parsed = JSON.parse(body) as TransactWriteBody;
  let writeUnits = 0;
  let readUnits = 0;
  for (const action of parsed.TransactItems ?? []) {
    if (action.Put?.Item) {
      const item = action.Put.Item;
      const units = writeUnitsFor(itemSize(item));
      const indexed = indexes.filter((i) => i.partitionKey in item && i.sortKey in item).length;
      writeUnits += 2 * units + indexed * units;
    } else if (action.Update) {
      const bytes =
        itemSize(action.Update.Key ?? {}) + itemSize(action.Update.ExpressionAttributeValues ?? {});
      const units = writeUnitsFor(bytes);
      const touched = updatedAttributes(action.Update);
      const indexed = indexes.filter((i) => touched.has(i.partitionKey) || touched.has(i.sortKey)).length;
      writeUnits += 2 * units + indexed * units;
    } else if (action.Delete) {
      writeUnits += 2;
    } else if (action.ConditionCheck) {
      readUnits += 2;
    }
  }
  return { writeUnits, readUnits };
};
