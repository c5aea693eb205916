import type { ReactionFeed } from '../../../app/reactions/reaction-feed.ts';
import { getRuleOutcomesOperation } from '../../../schemas/api/operations/get-rule-outcomes.ts';
import { listReactionsOperation } from '../../../schemas/api/operations/list-reactions.ts';
import { type ApiRoute, route } from '../http/api-handler.ts';
import { jsonResponse } from '../http/responses.ts';

/** The reaction routes: the feed of what the hub sent, and the outcome per rule. */
export const reactionsRoutes = (feed: ReactionFeed): ApiRoute[] => [
  route(listReactionsOperation, async ({ query }) =>
    jsonResponse(200, await feed.page(query), { 'cache-control': 'no-store' }),
  ),
  route(getRuleOutcomesOperation, async () =>
    jsonResponse(200, await feed.outcomes(), { 'cache-control': 'no-store' }),
  ),
];
