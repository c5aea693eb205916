/**
 * Errors the query API raises for the client's benefit. The API's one error middleware turns each into
 * an RFC 9457 problem; anything else becomes an opaque 500.
 */

/** Where a request problem was found. */
export type ProblemLocation = 'path' | 'query' | 'header' | 'body';

/** One thing wrong with a request: where, which field, and what was expected. */
export interface RequestProblem {
  readonly in: ProblemLocation;
  /** The field as a person would write it: `limit`, `identifier`, `reason`, `items[2].sku`. */
  readonly field: string;
  readonly detail: string;
}

/** The request does not match the route's contract; lists every problem, not just the first. */
export class InvalidRequestError extends Error {
  override readonly name: string = 'InvalidRequestError';
  constructor(readonly problems: readonly RequestProblem[]) {
    super(`The request has ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  }
}

/** The one cursor error lives with the ports (the store raises it too); re-exported for the API's callers. */
export { InvalidCursorError } from '../../core/ports/invalid-cursor-error.ts';

/** No customer has this id (never existed, or was erased). */
export class CustomerNotFoundError extends Error {
  override readonly name = 'CustomerNotFoundError';
  constructor(readonly customerId: string) {
    super(`No customer has the id ${customerId}`);
  }
}

/** No customer holds this identifier. */
export class IdentifierNotFoundError extends Error {
  override readonly name = 'IdentifierNotFoundError';
  constructor(readonly identifier: string) {
    super(`No customer has the identifier ${identifier}`);
  }
}

/** The customer was merged into another one; the client should use the surviving id. */
export class CustomerMergedError extends Error {
  override readonly name = 'CustomerMergedError';
  constructor(
    readonly customerId: string,
    readonly survivorId: string,
  ) {
    super(`Customer ${customerId} was merged into ${survivorId}`);
  }
}

/** No connector has this name. */
export class ConnectorNotFoundError extends Error {
  override readonly name = 'ConnectorNotFoundError';
  constructor(readonly connectorName: string) {
    super(`No connector is named ${connectorName}`);
  }
}

/** The customer was erased; nothing about them is served any more. */
export class CustomerErasedError extends Error {
  override readonly name = 'CustomerErasedError';
  constructor(readonly customerId: string) {
    super(`Customer ${customerId} was erased`);
  }
}

/** The store refused to undo a merge (no such merge of this customer, or it was already undone). */
export class UnmergeRefusedError extends Error {
  override readonly name = 'UnmergeRefusedError';
}

/** The hub holds nothing about this part number. */
export class PartNotFoundError extends Error {
  override readonly name = 'PartNotFoundError';
  constructor(readonly partNumber: string) {
    super(
      `The hub knows no part ${partNumber}: no PDM product, stock position, order line or web interest names it`,
    );
  }
}
