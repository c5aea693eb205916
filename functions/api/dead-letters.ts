import {
  createSignedFetch,
  signingIdentityFromEnvironment,
} from '../../adapters/aws-signing/signed-fetch.ts';
import { createLocalBusDeadLetters } from '../../adapters/dead-letters/local-bus-dead-letters.ts';
import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { createDynamoDbReactionLedger } from '../../adapters/dynamodb/reactions/dynamodb-reaction-ledger.ts';
import { loggerFor } from '../../adapters/observability/powertools.ts';
import { createSqsDeadLetters } from '../../adapters/sqs/sqs-dead-letters.ts';
import { createDeadLetterRequests } from '../../app/api/dead-letter-requests.ts';
import { type DeadLetterQueue, DeadLettersUnavailableError } from '../../core/ports/dead-letter-queue.ts';
import { deadLetterQueuesFromEnv } from '../../schemas/config/dead-letter-queues-env.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { deadLettersRoutes } from './routes/dead-letters-routes.ts';

/** Set by the local runtime to its bus's dead-letter admin route. */
const localEndpoint = process.env.HUB_DEAD_LETTERS_URL;

/** Set by the CDK stack: where the SQS dead-letter queues are. Parsed once; a malformed value fails the cold start. */
const awsQueues = deadLetterQueuesFromEnv();

// Neither runtime told the function where dead letters are: say so plainly instead of answering an empty list.
const UNAVAILABLE = 'This deployment tells the API of no dead-letter store to read';
const unavailable: DeadLetterQueue = {
  list: () => Promise.reject(new DeadLettersUnavailableError(UNAVAILABLE)),
  redrive: () => Promise.reject(new DeadLettersUnavailableError(UNAVAILABLE)),
};

const deadLetters = localEndpoint
  ? // Signed like the SDK's own calls: the local bus refuses unsigned admin requests. Its bus sends a receipt
    // after a redrive, so the ledger is not told here.
    createDeadLetterRequests(
      createLocalBusDeadLetters(
        localEndpoint,
        createSignedFetch(signingIdentityFromEnvironment(process.env, 'events')),
      ),
    )
  : awsQueues
    ? // No receipt follows a redrive on AWS: a re-sent reaction is marked re-sent in the ledger.
      createDeadLetterRequests(createSqsDeadLetters({ ...awsQueues, busName: hubEnv().HUB_EVENT_BUS_NAME }), {
        ledger: createDynamoDbReactionLedger(createDocumentClient(), hubEnv().HUB_TABLE_NAME),
        log: loggerFor('api'),
      })
    : createDeadLetterRequests(unavailable);

/** GET /dead-letters, POST /dead-letters/{id}/redrive. */
export const handler = apiHandler(deadLettersRoutes(deadLetters));
