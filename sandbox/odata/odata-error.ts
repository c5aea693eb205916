/** A request the sandbox rejects the way the real service would: an HTTP status and an OData error code. */
export class ODataRequestError extends Error {
  override readonly name = 'ODataRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 400 for a query option the sandbox (like the real service) cannot honour; never silently ignored. */
export const badQuery = (message: string, code = 'BadRequest'): ODataRequestError =>
  new ODataRequestError(400, code, message);
