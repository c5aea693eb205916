import type { DeadLetterRequests } from '../../../app/api/dead-letter-requests.ts';
import { listDeadLettersOperation } from '../../../schemas/api/operations/list-dead-letters.ts';
import { redriveDeadLetterOperation } from '../../../schemas/api/operations/redrive-dead-letter.ts';
import { type ApiRoute, route } from '../http/api-handler.ts';
import { jsonResponse } from '../http/responses.ts';

/** The dead-letter routes: what the hub gave up on, and handing one back to its target. */
export const deadLettersRoutes = (deadLetters: DeadLetterRequests): ApiRoute[] => [
  route(listDeadLettersOperation, async ({ query }) =>
    jsonResponse(200, await deadLetters.list(query), { 'cache-control': 'no-store' }),
  ),
  route(redriveDeadLetterOperation, async ({ path }) =>
    jsonResponse(202, await deadLetters.redrive(path.id)),
  ),
];
