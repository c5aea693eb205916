import type { GoldenProfile } from '../../../schemas/entities/customer.ts';
import { recordFromItem } from '../../identity/cluster.ts';
import { defaultIdentityConfig } from '../../identity/identity-config.ts';
import { buildGoldenProfile, type CustomerSource } from '../../identity/survivorship.ts';
import type { Item } from '../../items/record-items.ts';

/**
 * The name a list shows for a customer, from its golden profile: the company name (B2B accounts are
 * companies), else the name, else first and last name; undefined when the sources name it nowhere.
 */
export const displayNameOf = (profile: GoldenProfile): string | undefined => {
  // Stryker disable next-line MethodExpression: an absent part joins as an empty string, and the trim below drops the space it leaves
  const person = [profile.firstName?.value, profile.lastName?.value].filter(Boolean).join(' ');
  const name = profile.companyName?.value ?? profile.name?.value ?? person;
  return name.trim() === '' ? undefined : name.trim();
};

/**
 * The display name of the customer whose partition `items` are, by the same survivorship as its 360 view.
 * Kept on each segment membership when the insights are written, so listing a segment never reads the
 * members' partitions.
 */
export const displayNameOfPartition = (items: readonly Item[]): string | undefined => {
  const sources: CustomerSource[] = [];
  for (const item of items) {
    // Stryker disable next-line ConditionalExpression: only record items carry an entity, so the customer-entity check below drops every other item anyway
    if (item.kind !== 'record') continue;
    const r = recordFromItem(item);
    // Only customer records name the customer: the other records a customer partition holds (orders, invoices,
    // shipments, installed products, interactions, web activity) carry none of the name attributes, and
    // products, which have a name, live in their part's partition.
    // Stryker disable next-line ConditionalExpression: see above
    if (r.entity !== 'customer') continue;
    if (r.data) sources.push({ recordKey: r.recordKey, source: r.source, data: r.data });
  }
  return displayNameOf(buildGoldenProfile(sources, defaultIdentityConfig.sourcePriority));
};
