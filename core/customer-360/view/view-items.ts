import { gunzipSync, gzipSync } from 'node:zlib';
import * as z from 'zod';
import { keys } from '../../items/keys.ts';
import type { Item } from '../../items/record-items.ts';
import { emptyViewState } from './project-changes.ts';
import {
  type CustomerViewState,
  HeadStateSchema,
  RecordSectionStateSchema,
  SectionMetaSchema,
  VIEW_SECTIONS,
  type ViewSection,
} from './view-state.ts';

/**
 * The view's sections sort right after the profile head (`PROFILE` < `PROFILE#VIEW#…` < `REC#…`), so one
 * Query of the sort keys starting with "PROFILE" reads the head and the whole view, and nothing else.
 */
export const VIEW_SORT_PREFIX = `${keys.profile}#VIEW#`;
export const HEAD_AND_VIEW_PREFIX = keys.profile;
export const viewSectionSort = (section: ViewSection): string => `${VIEW_SORT_PREFIX}${section}`;

/** The `kind` of a view section item: no other stream consumer (feed, insights, demand) reacts to it. */
export const VIEW_ITEM_KIND = 'customerView';

/**
 * A section's state is stored as gzip-compressed JSON, one binary attribute: DynamoDB bills and returns it as
 * its bytes, where a nested map costs the store and the SDK an attribute per value on every read (the heavy 360
 * read measured about 2 × a raw Query at p50 with maps), and the compressed text is a fraction of the map's
 * billed size on every read and every projector write. Sections written before the change hold their state as
 * a map; they are still read, and their next write stores them compressed.
 */
const encodeState = (state: unknown): Uint8Array => gzipSync(JSON.stringify(state));

const StoredStateSchema = z.unknown().transform((stored, ctx) => {
  // A map (written before the change) goes on as it is; the section's own schema checks its shape.
  if (!(stored instanceof Uint8Array)) return stored;
  try {
    return JSON.parse(gunzipSync(stored).toString('utf8')) as unknown;
  } catch (err) {
    // Stryker disable next-line StringLiteral: any code fails the parse with this message; the tests read the message.
    ctx.addIssue({ code: 'custom', message: `not gzip-compressed JSON (${(err as Error).message})` });
    return z.NEVER;
  }
});

const SectionItemSchema = SectionMetaSchema.extend({
  kind: z.literal(VIEW_ITEM_KIND),
  section: z.enum(VIEW_SECTIONS),
  customerId: z.string(),
  state: StoredStateSchema,
});

/** The item one section is stored as; `version` is the one to write (the read version plus one). */
export const sectionItem = (state: CustomerViewState, section: ViewSection, version: number): Item => {
  const meta = state.meta[section];
  return {
    pk: keys.customer(state.customerId),
    sk: viewSectionSort(section),
    kind: VIEW_ITEM_KIND,
    customerId: state.customerId,
    section,
    version,
    projectedAt: meta?.projectedAt ?? '',
    ...(meta?.appliedThrough ? { appliedThrough: meta.appliedThrough } : {}),
    ...(meta?.fence ? { fence: meta.fence } : {}),
    state: encodeState(section === 'head' ? state.head : state.records[section]),
  };
};

/**
 * Reads the view back from its section items (any order, other items ignored). Undefined when there is
 * no section; `complete` says whether every section is there. A section that does not parse fails loudly.
 */
export const viewFromItems = (
  customerId: string,
  items: readonly Item[],
): { readonly state: CustomerViewState; readonly complete: boolean } | undefined => {
  const state = emptyViewState(customerId);
  let found = 0;
  for (const item of items) {
    if (item.kind !== VIEW_ITEM_KIND) continue;
    const parsed = SectionItemSchema.safeParse(item);
    if (!parsed.success) {
      throw new Error(
        `Corrupt view section ${item.pk} / ${item.sk}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const { section, state: body, kind: _kind, customerId: _id, ...meta } = parsed.data;
    if (section === 'head') state.head = HeadStateSchema.parse(body);
    else state.records[section] = RecordSectionStateSchema.parse(body);
    state.meta[section] = meta;
    found += 1;
  }
  return found === 0 ? undefined : { state, complete: found === VIEW_SECTIONS.length };
};

/**
 * How a stored view stands against the head: `current` when complete and built on the head's latest change
 * counters; `behindOnWrites` when complete and built on the same customer (active, same `rev`: no merge,
 * unmerge or erasure since) but records were written after it; `unusable` otherwise.
 */
export const viewStanding = (
  profile: Item,
  view: { readonly state: CustomerViewState; readonly complete: boolean },
): 'current' | 'behindOnWrites' | 'unusable' => {
  const basis = view.state.head.basis;
  if (
    !view.complete ||
    basis === undefined ||
    basis.status !== 'active' ||
    basis.rev !== (typeof profile.rev === 'number' ? profile.rev : 0)
  )
    return 'unusable';
  return basis.writes === (typeof profile.writes === 'number' ? profile.writes : 0)
    ? 'current'
    : 'behindOnWrites';
};
