import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/store/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One in-memory DynamoDB Local for the whole run; each test file creates its own uniquely named table. */
export default async function setup(project: TestProject) {
  const store = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', store.endpoint);
  return async () => {
    await store.stop();
  };
}
