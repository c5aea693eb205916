import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../topology/schema.ts';

/** A Lambda context for one invocation; `getRemainingTimeInMillis` counts down from the configured timeout. */
export const createLambdaContext = (
  functionName: string,
  spec: FunctionSpec,
  deadline: number,
  now: () => number = Date.now,
): Context => {
  const unsupported = () => {
    throw new Error('hub360 handlers are async; callback-style done/fail/succeed is not supported');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${functionName}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
};
