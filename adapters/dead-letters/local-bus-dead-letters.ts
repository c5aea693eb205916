import * as z from 'zod';
import type { DeadLetterQueue } from '../../core/ports/dead-letter-queue.ts';
import { DeadLetterSchema, RedriveResultSchema } from '../../schemas/api/dead-letters.ts';
import type { SignedFetch } from '../aws-signing/signed-fetch.ts';

const ListAnswerSchema = z.object({ deadLetters: z.array(DeadLetterSchema) });

/** The local bus answered something this adapter cannot use: a runtime mismatch, not a client error. */
export class LocalDeadLettersError extends Error {
  override readonly name = 'LocalDeadLettersError';
}

/**
 * The local runtime's dead-letter store, reached through the local bus's admin routes
 * (`<endpoint>` = `http://host:port/_hub360/dead-letters`), the store the bus and the functions write to.
 * The bus refuses unsigned admin calls, so every request goes through `signedFetch` (SigV4, service `events`).
 */
export const createLocalBusDeadLetters = (endpoint: string, signedFetch: SignedFetch): DeadLetterQueue => ({
  async list(query) {
    const url = new URL(endpoint);
    if (query.origin) url.searchParams.set('origin', query.origin);
    const response = await signedFetch(url);
    if (!response.ok) throw new LocalDeadLettersError(`GET ${url} answered ${response.status}`);
    return ListAnswerSchema.parse(await response.json()).deadLetters;
  },
  async redrive(id) {
    const url = `${endpoint}/${encodeURIComponent(id)}/redrive`;
    const response = await signedFetch(url, { method: 'POST' });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new LocalDeadLettersError(`POST ${url} answered ${response.status}`);
    return RedriveResultSchema.parse(await response.json());
  },
});
