import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The one Powertools tracer of a function sandbox. Handlers pass their AWS clients through {@link traced} so
 * every DynamoDB, EventBridge and S3 call is a subsegment of the Lambda's X-Ray trace (tracing is active on
 * every function); outside Lambda Powertools disables tracing and the client is returned as it is.
 */
export const tracer = new Tracer();

/** The client with X-Ray capture of its calls. */
export const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);
