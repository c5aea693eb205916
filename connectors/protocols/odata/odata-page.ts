import * as z from 'zod';

const V2PageSchema = z.object({
  d: z.union([
    z.object({
      results: z.array(z.unknown()),
      __next: z.string().optional(),
      // `$inlinecount=allpages`: a string of digits in v2.
      __count: z.coerce.number().int().min(0).optional().catch(undefined),
    }),
    // Some v2 services answer a collection as a bare array.
    z.array(z.unknown()),
  ]),
});

const V4PageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
  '@odata.count': z.number().int().min(0).optional().catch(undefined),
});

/** One page of an OData collection: its entries and the server's link to the next page. */
export interface ODataPage {
  readonly records: readonly unknown[];
  readonly nextLink: string | undefined;
  /** v4 change tracking: where to ask for the changes after this read. */
  readonly deltaLink?: string | undefined;
  /** Entries the whole query matches, when it asked for a count (`$count=true`, `$inlinecount=allpages`). */
  readonly count?: number | undefined;
}

/** A response that is JSON but not an OData collection; the sync stops (and later resumes) rather than guessing. */
export class ODataShapeError extends Error {
  override readonly name = 'ODataShapeError';
}

/** Reads a v2 (`d.results`, `d.__next`) or v4 (`value`, `@odata.nextLink`) collection page. */
export const parseODataPage = (version: 'v2' | 'v4', json: unknown): ODataPage => {
  if (version === 'v2') {
    const parsed = V2PageSchema.safeParse(json);
    if (!parsed.success) throw new ODataShapeError('OData v2 response has no d.results collection');
    const d = parsed.data.d;
    return Array.isArray(d)
      ? { records: d, nextLink: undefined }
      : { records: d.results, nextLink: d.__next, count: d.__count };
  }
  const parsed = V4PageSchema.safeParse(json);
  if (!parsed.success) throw new ODataShapeError('OData v4 response has no value collection');
  return {
    records: parsed.data.value,
    nextLink: parsed.data['@odata.nextLink'],
    deltaLink: parsed.data['@odata.deltaLink'],
    count: parsed.data['@odata.count'],
  };
};
