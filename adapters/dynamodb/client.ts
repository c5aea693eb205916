import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { traced } from '../observability/tracer.ts';

/**
 * hub360's one way to build a DynamoDB DocumentClient. `removeUndefinedValues` lets optional domain
 * fields stay `undefined` instead of failing the marshaller. Throttling retries are the SDK's own
 * (standard retry mode, `maxAttempts` from the config or the environment); nothing retries on top.
 * On Lambda the client is captured by the one Powertools tracer (each call an X-Ray subsegment).
 * Default config: region, credentials and endpoint from the environment (AWS_ENDPOINT_URL_DYNAMODB locally).
 */
export const createDocumentClient = (config: DynamoDBClientConfig = {}): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(traced(new DynamoDBClient(config)), {
    marshallOptions: { removeUndefinedValues: true },
  });
