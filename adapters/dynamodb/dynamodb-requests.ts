import type {
  DeleteCommandInput,
  PutCommandInput,
  TransactWriteCommandInput,
  UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { WriteCondition, WriteOp } from '../../core/items/write-ops.ts';
import { customer360Table } from './table.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

interface Expression {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

/** Builds the ConditionExpression for a domain write condition (names and values prefixed `c`). */
export const buildCondition = (condition: WriteCondition): Expression => {
  switch (condition.kind) {
    case 'absent':
      return {
        ConditionExpression: 'attribute_not_exists(#cpk)',
        ExpressionAttributeNames: { '#cpk': customer360Table.partitionKey },
      };
    case 'absentOrOlder':
      return {
        ConditionExpression: 'attribute_not_exists(#cpk) OR #cver < :cver',
        ExpressionAttributeNames: { '#cpk': customer360Table.partitionKey, '#cver': 'versionOrd' },
        ExpressionAttributeValues: { ':cver': condition.versionOrd },
      };
    case 'unversionedOrNotNewer':
      return {
        ConditionExpression: 'attribute_not_exists(#cver) OR #cver <= :cver',
        ExpressionAttributeNames: { '#cver': 'versionOrd' },
        ExpressionAttributeValues: { ':cver': condition.versionOrd },
      };
    case 'unversionedOrOlder':
      return {
        ConditionExpression: 'attribute_not_exists(#cver) OR #cver < :cver',
        ExpressionAttributeNames: { '#cver': 'versionOrd' },
        ExpressionAttributeValues: { ':cver': condition.versionOrd },
      };
    case 'copyReplaces': {
      const mine = '(#cver = :cver AND #cwriter = :cwriter)';
      const names = { '#cpk': customer360Table.partitionKey, '#cver': 'versionOrd', '#cwriter': 'writer' };
      const values = { ':cver': condition.versionOrd, ':cwriter': condition.writer };
      return condition.replaces === null
        ? {
            ConditionExpression: `attribute_not_exists(#cpk) OR ${mine}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }
        : {
            ConditionExpression: `#cver = :cold OR (attribute_exists(#cpk) AND attribute_not_exists(#cver)) OR ${mine}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...values, ':cold': condition.replaces },
          };
    }
    case 'notLocatedIn':
      // A comparison with a missing attribute is false in DynamoDB, hence the attribute_not_exists clause.
      return {
        ConditionExpression:
          'attribute_not_exists(#cpk) OR #cdel = :ctrue OR attribute_not_exists(#cpart) OR #cpart <> :cpart',
        ExpressionAttributeNames: {
          '#cpk': customer360Table.partitionKey,
          '#cdel': 'deleted',
          '#cpart': 'partition',
        },
        ExpressionAttributeValues: { ':ctrue': true, ':cpart': condition.partition },
      };
    case 'matches':
    case 'absentOrMatches': {
      const names: Record<string, string> = { '#cpk': customer360Table.partitionKey };
      const values: Record<string, unknown> = {};
      const clauses = Object.entries(condition.attributes).map(([name, value], i) => {
        names[`#c${i}`] = name;
        if (value === null) return `attribute_not_exists(#c${i})`;
        values[`:c${i}`] = value;
        return `#c${i} = :c${i}`;
      });
      const all = ['attribute_exists(#cpk)', ...clauses].join(' AND ');
      return {
        ConditionExpression:
          condition.kind === 'matches' ? all : `attribute_not_exists(#cpk) OR (${clauses.join(' AND ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      };
    }
  }
};

interface ConditionParts {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

const withCondition = (condition: WriteCondition | undefined): ConditionParts => {
  if (!condition) return {};
  const expression = buildCondition(condition);
  return {
    ConditionExpression: expression.ConditionExpression,
    ExpressionAttributeNames: expression.ExpressionAttributeNames,
    ...(expression.ExpressionAttributeValues && Object.keys(expression.ExpressionAttributeValues).length > 0
      ? { ExpressionAttributeValues: expression.ExpressionAttributeValues }
      : {}),
  };
};

/** Builds the UpdateExpression of a patch: SET every given attribute, REMOVE the named ones. */
export const buildPatch = (op: Extract<WriteOp, { op: 'patch' }>) => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(op.set).map(([name, value], i) => {
    names[`#u${i}`] = name;
    values[`:u${i}`] = value;
    return `#u${i} = :u${i}`;
  });
  const removes = (op.remove ?? []).map((name, i) => {
    names[`#r${i}`] = name;
    return `#r${i}`;
  });
  const adds = Object.entries(op.add ?? {}).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return `#a${i} :a${i}`;
  });
  const parts = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
    adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const condition = withCondition(op.condition);
  const allValues = { ...values, ...(condition.ExpressionAttributeValues ?? {}) };
  return {
    Key: op.key,
    UpdateExpression: parts,
    ExpressionAttributeNames: { ...names, ...(condition.ExpressionAttributeNames ?? {}) },
    ...(Object.keys(allValues).length > 0 ? { ExpressionAttributeValues: allValues } : {}),
    ...(condition.ConditionExpression ? { ConditionExpression: condition.ConditionExpression } : {}),
  };
};

/** Turns one domain write into a TransactWriteItems entry for a table. */
export const buildTransactItem = (tableName: string, op: WriteOp): TransactItem => {
  switch (op.op) {
    case 'put':
      return { Put: { TableName: tableName, Item: op.item, ...withCondition(op.condition) } };
    case 'delete':
      return { Delete: { TableName: tableName, Key: op.key, ...withCondition(op.condition) } };
    case 'check': {
      const expression = buildCondition(op.condition);
      return {
        ConditionCheck: {
          TableName: tableName,
          Key: op.key,
          ConditionExpression: expression.ConditionExpression,
          ExpressionAttributeNames: expression.ExpressionAttributeNames,
          ...(expression.ExpressionAttributeValues &&
          Object.keys(expression.ExpressionAttributeValues).length > 0
            ? { ExpressionAttributeValues: expression.ExpressionAttributeValues }
            : {}),
        },
      };
    }
    case 'patch':
      return { Update: { TableName: tableName, ...buildPatch(op) } };
  }
};

/** The TransactWriteItems request for an atomic commit. */
export const buildTransactWrite = (
  tableName: string,
  ops: readonly WriteOp[],
): TransactWriteCommandInput => ({
  TransactItems: ops.map((op) => buildTransactItem(tableName, op)),
});

/** One write sent on its own: a conditional PutItem, UpdateItem or DeleteItem. */
export type SingleWrite =
  | { readonly kind: 'put'; readonly input: PutCommandInput }
  | { readonly kind: 'update'; readonly input: UpdateCommandInput }
  | { readonly kind: 'delete'; readonly input: DeleteCommandInput };

/** The single-item request of a domain write (a condition check alone writes nothing and has none). */
export const buildSingleWrite = (tableName: string, op: WriteOp): SingleWrite => {
  switch (op.op) {
    case 'put':
      return { kind: 'put', input: { TableName: tableName, Item: op.item, ...withCondition(op.condition) } };
    case 'delete':
      return { kind: 'delete', input: { TableName: tableName, Key: op.key, ...withCondition(op.condition) } };
    case 'patch':
      return { kind: 'update', input: { TableName: tableName, ...buildPatch(op) } };
    case 'check':
      throw new Error(`a condition check on ${op.key.pk} / ${op.key.sk} is only meaningful in a transaction`);
  }
};
