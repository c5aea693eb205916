/** An error answered in the AWS JSON 1.1 shape: `{ "__type": type, "message": message }`. */
export class AwsJsonError extends Error {
  override readonly name = 'AwsJsonError';
  constructor(
    /** The AWS error code, e.g. `ValidationException`; the SDK turns it into an exception class. */
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

/** A request field of the wrong shape, as AWS reports it before looking at the values. */
export const serializationError = (field: string, problem: string): AwsJsonError =>
  new AwsJsonError('SerializationException', `${field}: ${problem}`);

/** A constraint failure in AWS's wording: `1 validation error detected: ...`. */
export const validationError = (detail: string): AwsJsonError =>
  new AwsJsonError('ValidationException', `1 validation error detected: ${detail}`);
