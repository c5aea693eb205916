import type { z } from 'zod';
import type { ConnectorListSchema, QuarantinePageSchema } from '../../../schemas/api/connectors.ts';
import type { Customer360Response } from '../../../schemas/api/customer-360.ts';
import type { CustomerLookupResponse } from '../../../schemas/api/customer-lookup.ts';
import type { DeadLetterList, RedriveResult } from '../../../schemas/api/dead-letters.ts';
import type { DemandPicture } from '../../../schemas/api/demand.ts';
import type { IdentityGraph, UnmergeRequest, UnmergeResponseSchema } from '../../../schemas/api/identity.ts';
import type { ReactionFeedPage, ReactionSystem, RuleOutcomes } from '../../../schemas/api/reactions.ts';
import type { SegmentList, SegmentMembersPage } from '../../../schemas/api/segments.ts';

export type ConnectorList = z.infer<typeof ConnectorListSchema>;
export type QuarantinePage = z.infer<typeof QuarantinePageSchema>;
export type UnmergeResult = z.infer<typeof UnmergeResponseSchema>;

/** An API answer other than success, with the problem's title and detail as the API wrote them. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(`${title}: ${detail}`);
  }

  /** The hub has no such route (an older hub) or nothing under that name. */
  get notFound(): boolean {
    return this.status === 404;
  }

  /** The token lacks the route's scope, or is missing or expired. */
  get refused(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

const problemOf = async (response: Response): Promise<ApiError> => {
  const fallback = response.status === 403 ? 'Forbidden' : response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { title?: unknown; detail?: unknown; message?: unknown };
    const title = typeof body.title === 'string' ? body.title : fallback;
    const detail =
      typeof body.detail === 'string' ? body.detail : typeof body.message === 'string' ? body.message : '';
    return new ApiError(response.status, title, detail);
  } catch {
    return new ApiError(response.status, fallback, '');
  }
};

/**
 * The query API as the console uses it: only operations the OpenAPI document describes, each with the
 * signed-in user's bearer token. Types come from the API's own contracts in `schemas/api`.
 */
export const createApiClient = (baseUrl: string, token: string) => {
  const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as T;
  };
  const id = encodeURIComponent;
  /** `?a=1&b=2` from the defined entries only. */
  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) search.set(key, String(value));
    const text = search.toString();
    return text ? `?${text}` : '';
  };
  return {
    /** findCustomerByIdentifier */
    findCustomer: (identifier: string) =>
      call<CustomerLookupResponse>(`/customers?identifier=${id(identifier)}`),
    /** getCustomer (a merged-away id is followed to the survivor by fetch's redirect handling) */
    getCustomer: (customerId: string) => call<Customer360Response>(`/customers/${id(customerId)}`),
    /** explainCustomerIdentity */
    getIdentity: (customerId: string) => call<IdentityGraph>(`/customers/${id(customerId)}/identity`),
    /** unmergeCustomer */
    unmerge: (customerId: string, request: UnmergeRequest) =>
      call<UnmergeResult>(`/customers/${id(customerId)}/unmerge`, {
        method: 'POST',
        body: JSON.stringify(request),
      }),
    /** listConnectors */
    listConnectors: () => call<ConnectorList>('/connectors'),
    /** listQuarantine */
    listQuarantine: (connector: string, limit = 25) =>
      call<QuarantinePage>(`/connectors/${id(connector)}/quarantine?limit=${limit}`),
    /** listDeadLetters */
    listDeadLetters: () => call<DeadLetterList>('/dead-letters'),
    /** redriveDeadLetter */
    redrive: (deadLetterId: string) =>
      call<RedriveResult>(`/dead-letters/${id(deadLetterId)}/redrive`, { method: 'POST' }),
    /** listSegments */
    listSegments: () => call<SegmentList>('/segments'),
    /** listSegmentCustomers */
    listSegmentMembers: (segment: string, cursor?: string, limit = 25) =>
      call<SegmentMembersPage>(`/segments/${id(segment)}/customers${query({ limit, cursor })}`),
    /** listReactions: newest first, optionally of one system or rule */
    listReactions: (filter: { system?: ReactionSystem; rule?: string; cursor?: string; limit?: number }) =>
      call<ReactionFeedPage>(
        `/reactions${query({ system: filter.system, rule: filter.rule, limit: filter.limit ?? 25, cursor: filter.cursor })}`,
      ),
    /** getRuleOutcomes */
    ruleOutcomes: () => call<RuleOutcomes>('/reactions/outcomes'),
    /** getProductDemand */
    demand: (partNumber: string) => call<DemandPicture>(`/products/${id(partNumber)}/demand`),
  };
};
export type ApiClient = ReturnType<typeof createApiClient>;
