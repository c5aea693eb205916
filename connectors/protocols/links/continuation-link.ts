/**
 * Continuation links (`@odata.nextLink`, `@odata.deltaLink`, `__next`, `Link: rel="next"`) as the
 * connectors store and follow them. A link is only ever followed on the connector's own origin, so a
 * server (or a tampered checkpoint) can never make the connector send its credentials elsewhere, and
 * checkpoints hold links relative to the base URL, so a system that moves (new host or port) carries on.
 */

/** A continuation link that leaves the connector's origin; it is refused before any request is sent. */
export class ForeignOriginLinkError extends Error {
  override readonly name = 'ForeignOriginLinkError';
}

const parse = (link: string, against: string): URL => {
  try {
    return new URL(link, against);
  } catch {
    throw new ForeignOriginLinkError(`continuation link "${link.slice(0, 200)}" is not a URL`);
  }
};

const basePath = (base: URL): string => base.pathname.replace(/\/+$/, '');

/**
 * Resolves a link the server sent (relative to the request it answered) and checks it stays on the
 * base URL's origin; returns the absolute URL to request next.
 */
export const followLink = (link: string, requestUrl: string, baseUrl: string): string => {
  const base = new URL(baseUrl);
  const target = parse(link, requestUrl);
  if (target.origin !== base.origin) {
    throw new ForeignOriginLinkError(
      `the source sent a continuation link to ${target.origin}, which is not the connector's origin ` +
        `${base.origin}; it was not followed (credentials are only sent to ${base.origin})`,
    );
  }
  return target.href;
};

/**
 * The form a link is checkpointed in: its path and query relative to the base URL (`/customers?$deltatoken=5`).
 * The link must stay on the base URL's origin and below its path.
 */
export const toStoredLink = (link: string, requestUrl: string, baseUrl: string): string => {
  const absolute = new URL(followLink(link, requestUrl, baseUrl));
  const root = basePath(new URL(baseUrl));
  if (!absolute.pathname.startsWith(`${root}/`) && absolute.pathname !== root) {
    throw new ForeignOriginLinkError(
      `the source sent a continuation link to ${absolute.pathname}, outside the connector's base path ${root}`,
    );
  }
  return `${absolute.pathname.slice(root.length)}${absolute.search}`;
};

/**
 * The absolute URL of a checkpointed link on the CURRENT base URL. Checkpoints written before links were
 * stored relative hold absolute URLs: one below the base path is moved onto the current base (the system
 * may have moved); anything else is refused rather than sent credentials.
 */
export const resolveStoredLink = (stored: string, baseUrl: string): string => {
  const base = new URL(baseUrl);
  const root = basePath(base);
  if (stored.startsWith('/')) return `${base.origin}${root}${stored}`;
  const legacy = parse(stored, baseUrl);
  if (legacy.pathname.startsWith(`${root}/`) || legacy.pathname === root) {
    return `${base.origin}${legacy.pathname}${legacy.search}`;
  }
  throw new ForeignOriginLinkError(
    `the checkpoint holds a continuation link to ${legacy.origin}${legacy.pathname}, outside the connector's ` +
      `base URL ${base.origin}${root}; run a full sync to reset it`,
  );
};
