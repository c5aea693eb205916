import { type ApiClient, ApiError } from '../api/api-client.ts';
import { identifierCandidates, type SearchSettings } from '../search/identifier-candidates.ts';

/** Nobody holds any reading of what was typed; lists what was tried. */
export class NoCustomerFoundError extends Error {
  override readonly name = 'NoCustomerFoundError';
  constructor(readonly tried: readonly string[]) {
    super(
      tried.length === 0
        ? 'Type a phone number, e-mail address or ERP number.'
        : `No customer has ${tried.map((t) => `“${t}”`).join(' or ')}.`,
    );
  }
}

/**
 * Looks every reading of the typed text up at once (findCustomerByIdentifier) and returns the first that
 * a customer holds, in the order the readings are most likely: as soon as that reading answers, without
 * waiting for less likely ones still under way. A refusal (401/403) or a 400 on the only reading is the
 * answer itself and is raised.
 */
export const findCustomer = async (
  api: ApiClient,
  typed: string,
  settings: SearchSettings,
): Promise<string> => {
  const tried = identifierCandidates(typed, settings);
  const lookups = tried.map((identifier) => api.findCustomer(identifier));
  // Every lookup gets a handler now, so one that fails while an earlier one is awaited is not "unhandled".
  for (const lookup of lookups) lookup.catch(() => undefined);
  const errors: unknown[] = [];
  for (const lookup of lookups) {
    try {
      return (await lookup).customerId;
    } catch (error: unknown) {
      errors.push(error);
    }
  }
  const decisive = errors.find((e) => e instanceof ApiError && (e.refused || e.status >= 500));
  if (decisive) throw decisive;
  if (tried.length === 1 && errors[0] instanceof ApiError && errors[0].status === 400) throw errors[0];
  throw new NoCustomerFoundError(tried);
};
