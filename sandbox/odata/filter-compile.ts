import { type EdmType, type EntitySetMeta, propertyTypeAt, type Row, valueAt } from './entity-model.ts';
import type { FilterExpression, FilterLiteral, ODataDialect } from './filter-parser.ts';
import { badQuery } from './odata-error.ts';

/** A compiled `$filter`: true when the row matches. */
export type RowPredicate = (row: Row) => boolean;

type Comparable = string | number | boolean;

/** Which literal kinds a property of each type accepts, per dialect (as strict as the real services). */
const acceptedLiterals = (type: EdmType, dialect: ODataDialect): readonly FilterLiteral['kind'][] => {
  switch (type) {
    case 'Edm.String':
      return ['string'];
    case 'Edm.Decimal':
    case 'Edm.Int32':
      return ['number'];
    case 'Edm.Boolean':
      return ['boolean'];
    case 'Edm.DateTime':
      return dialect === 'v2' ? ['datetime'] : ['datetimeoffset'];
    case 'Edm.DateTimeOffset':
      return dialect === 'v2' ? ['datetimeoffset'] : ['datetimeoffset'];
    case 'Edm.Date':
      return ['date'];
    case 'Edm.Time':
      return ['time'];
    case 'Edm.Guid':
      return dialect === 'v2' ? ['guid'] : ['guid'];
  }
};

const literalValue = (literal: FilterLiteral): Comparable | null => {
  switch (literal.kind) {
    case 'null':
      return null;
    case 'datetime':
    case 'datetimeoffset':
    case 'date':
      return literal.ms;
    default:
      return literal.value;
  }
};

const rowValue = (value: unknown, type: EdmType): Comparable | null => {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (type === 'Edm.Guid' && typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return null;
};

const compile = (
  expression: FilterExpression,
  entity: EntitySetMeta,
  dialect: ODataDialect,
): RowPredicate => {
  switch (expression.kind) {
    case 'and': {
      const left = compile(expression.left, entity, dialect);
      const right = compile(expression.right, entity, dialect);
      return (row) => left(row) && right(row);
    }
    case 'or': {
      const left = compile(expression.left, entity, dialect);
      const right = compile(expression.right, entity, dialect);
      return (row) => left(row) || right(row);
    }
    case 'not': {
      const operand = compile(expression.operand, entity, dialect);
      return (row) => !operand(row);
    }
    case 'compare': {
      const { path, operator, literal } = expression;
      const name = path.join('/');
      const type = propertyTypeAt(entity, path);
      if (type === undefined)
        throw badQuery(`Property ${name} not found in type ${entity.typeName}`, 'PropertyNotFound');
      if (literal.kind === 'null') {
        if (operator !== 'eq' && operator !== 'ne')
          throw badQuery(`Operator ${operator} cannot compare with null`);
      } else if (!acceptedLiterals(type, dialect).includes(literal.kind)) {
        throw badQuery(
          `A ${literal.kind} literal cannot be compared with ${name} of type ${type}`,
          'TypeMismatch',
        );
      }
      const expected = literalValue(literal);
      return (row) => {
        const actual = rowValue(valueAt(row, path), type);
        if (operator === 'eq') return actual === expected;
        if (operator === 'ne') return actual !== expected;
        if (actual === null || expected === null) return false;
        if (operator === 'gt') return actual > expected;
        if (operator === 'ge') return actual >= expected;
        if (operator === 'lt') return actual < expected;
        return actual <= expected;
      };
    }
  }
};

/** Type-checks a parsed filter against the entity set and compiles it; unknown properties are a 400. */
export const compileFilter = (
  expression: FilterExpression,
  entity: EntitySetMeta,
  dialect: ODataDialect,
): RowPredicate => compile(expression, entity, dialect);
