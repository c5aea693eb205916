/**
 * A page cursor that was altered, truncated, or issued for another listing. The one cursor error: the
 * store raises it for a position it did not issue, the API for a sealed cursor that does not open; the
 * API's error mapping answers it with a 400 naming the `cursor` query field.
 */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor(options?: ErrorOptions) {
    super(
      'cursor: not a cursor this API issued for this listing; pass back the nextCursor of the previous page unchanged',
      options,
    );
  }
}
