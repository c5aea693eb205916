import {
  createSignedFetch,
  signingIdentityFromEnvironment,
} from '../../adapters/aws-signing/signed-fetch.ts';
import { createLocalBusDeadLetters } from '../../adapters/dead-letters/local-bus-dead-letters.ts';
import { createDeadLetterRequests } from '../../app/api/dead-letter-requests.ts';
import { type DeadLetterQueue, DeadLettersUnavailableError } from '../../core/ports/dead-letter-queue.ts';
import { apiHandler } from './http/api-handler.ts';
import { deadLettersRoutes } from './routes/dead-letters-routes.ts';

/** Set by the local runtime to its bus's dead-letter admin route. */
const localEndpoint = process.env.HUB_DEAD_LETTERS_URL;

// On AWS the dead letters sit in the SQS DLQs of each rule target and function; until an adapter reads
// them, the routes say so plainly instead of answering an empty list.
const UNAVAILABLE = 'This deployment keeps dead letters in its SQS dead-letter queues; read them there';
const unavailable: DeadLetterQueue = {
  list: () => Promise.reject(new DeadLettersUnavailableError(UNAVAILABLE)),
  redrive: () => Promise.reject(new DeadLettersUnavailableError(UNAVAILABLE)),
};

const deadLetters = createDeadLetterRequests(
  localEndpoint
    ? // Signed like the SDK's own calls: the local bus refuses unsigned admin requests.
      createLocalBusDeadLetters(
        localEndpoint,
        createSignedFetch(signingIdentityFromEnvironment(process.env, 'events')),
      )
    : unavailable,
);

/** GET /dead-letters, POST /dead-letters/{id}/redrive. */
export const handler = apiHandler(deadLettersRoutes(deadLetters));
