import type { Json } from '../../odata/v2-format.ts';
import { searchTerms } from '../../world/catalog.ts';
import type { CustomerProfile, ProductProfile } from '../../world/reference-data.ts';
import type { SeededRandom } from '../../world/seeded-random.ts';

/** A Segment-spec event as the S3 destination writes it (one JSON object per line). */
export type SegmentEvent = { [key: string]: Json };

const SHOP = 'https://shop.nordhaven-pumps.example';

const userAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
];

/** Who is browsing: a known customer, an anonymous visitor who signs in mid-session, or a prospect. */
export type VisitorKind = 'known' | 'identifiesLater' | 'anonymous';

/** Inputs for one simulated web session. */
export interface SessionPlan {
  readonly sourceId: string;
  readonly kind: VisitorKind;
  readonly customer?: CustomerProfile;
  readonly anonymousId: string;
  readonly products: readonly ProductProfile[];
  /** The session ends at (or before) this instant. */
  readonly endsAt: Date;
}

const productPath = (product: ProductProfile): string => `/products/${product.number.toLowerCase()}`;

/**
 * Simulates one web-shop session as Segment `page`, `track` and `identify` calls: product views of real
 * part numbers, searches, carts and, for known visitors, an `identify` carrying the shop's userId.
 */
export const simulateSession = (random: SeededRandom, plan: SessionPlan): SegmentEvent[] => {
  const sellable = plan.products.filter((product) => !product.obsolete);
  const steps: Array<(at: Date) => SegmentEvent> = [];
  const userAgent = random.pick(userAgents);
  const ip = `203.0.113.${random.int(1, 254)}`;
  const cartId = random.hex(16);
  let userId = plan.kind === 'known' ? plan.customer?.webUserId : undefined;

  const base = (type: string, at: Date, page: { path: string; title: string }): SegmentEvent => {
    const sentAt = new Date(at.getTime() + random.int(20, 900));
    return {
      type,
      messageId: `ajs-next-${random.hex(32)}`,
      anonymousId: plan.anonymousId,
      ...(userId !== undefined ? { userId } : {}),
      channel: 'client',
      context: {
        ip,
        locale: plan.customer?.country.language === 'DE' ? 'de-DE' : 'en-GB',
        userAgent,
        library: { name: 'analytics.js', version: 'npm:next-1.72.0' },
        page: { path: page.path, url: `${SHOP}${page.path}`, title: page.title, referrer: '', search: '' },
      },
      originalTimestamp: at.toISOString(),
      timestamp: at.toISOString(),
      sentAt: sentAt.toISOString(),
      receivedAt: new Date(sentAt.getTime() + random.int(30, 400)).toISOString(),
      projectId: plan.sourceId,
      version: 2,
    };
  };
  const identify = (at: Date): SegmentEvent => {
    const customer = plan.customer;
    userId = customer?.webUserId;
    return {
      ...base('identify', at, { path: '/account', title: 'My account' }),
      traits: customer
        ? {
            email: customer.email,
            firstName: customer.contactFirstName,
            lastName: customer.contactLastName,
            phone: customer.phoneE164,
            company: { name: customer.companyName },
          }
        : {},
    };
  };

  steps.push((at) => ({
    ...base('page', at, { path: '/', title: 'Nordhaven Pumps & Drives' }),
    name: 'Home',
    properties: { path: '/' },
  }));
  if (plan.kind === 'known') steps.push(identify);
  if (random.chance(0.35)) {
    const query = random.pick(searchTerms);
    steps.push((at) => ({
      ...base('track', at, { path: '/search', title: 'Search' }),
      event: 'Products Searched',
      properties: { query },
    }));
  }
  const viewed = random.sample(sellable, random.int(1, 4));
  for (const product of viewed) {
    const page = { path: productPath(product), title: product.name };
    steps.push((at) => ({
      ...base('page', at, page),
      name: 'Product',
      properties: { path: page.path, title: page.title },
    }));
    steps.push((at) => ({
      ...base('track', at, page),
      event: 'Product Viewed',
      properties: {
        product_id: product.number,
        sku: product.number,
        name: product.name,
        price: product.listPrice,
        currency: 'EUR',
      },
    }));
  }
  if (plan.kind === 'identifiesLater') steps.push(identify);
  const first = viewed[0];
  if (first && random.chance(0.3)) {
    const quantity = first.role === 'main' ? random.int(1, 3) : random.int(2, 10);
    steps.push((at) => ({
      ...base('track', at, { path: productPath(first), title: first.name }),
      event: 'Product Added',
      properties: {
        cart_id: cartId,
        product_id: first.number,
        sku: first.number,
        name: first.name,
        price: first.listPrice,
        quantity,
      },
    }));
    if (random.chance(0.4)) {
      steps.push((at) => ({
        ...base('track', at, { path: '/cart', title: 'Cart' }),
        event: 'Checkout Started',
        properties: {
          cart_id: cartId,
          value: first.listPrice * quantity,
          currency: 'EUR',
          products: [{ product_id: first.number, quantity }],
        },
      }));
    }
  }
  // Lay the steps out backwards from the session end, 5-90 seconds apart.
  const offsets: number[] = [];
  let offset = 0;
  for (let index = 0; index < steps.length; index += 1) {
    offsets.unshift(offset);
    offset += random.int(5_000, 90_000);
  }
  const endsAt = plan.endsAt.getTime() - random.int(0, 20 * 60_000);
  return steps.map((step, index) => step(new Date(endsAt - (offsets[index] ?? 0))));
};
