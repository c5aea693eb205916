import type { Page } from 'playwright-core';

/** One API request the page made after the search submit, in ms from the submit (the page's own clock). */
export interface ProfiledRequest {
  readonly path: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Where the agent's wait went: the page's search-to-360 measure and the API requests inside and after it. */
export interface SearchProfile {
  /** Submit → the 360 panels rendered (`hub360:search-to-360`). */
  readonly totalMs: number;
  /** Requests started before the panels rendered, in start order. */
  readonly beforeRender: readonly ProfiledRequest[];
  /** Requests started after (panels that fill in on their own). */
  readonly afterRender: readonly ProfiledRequest[];
}

// Runs in the page; a string because this project is type-checked without the DOM library.
const READ_PROFILE = `(() => {
  const measure = performance.getEntriesByName('hub360:search-to-360', 'measure')[0];
  if (!measure) return undefined;
  const requests = performance.getEntriesByType('resource')
    .filter((r) => r.startTime >= measure.startTime && r.name.startsWith(API_URL))
    .map((r) => ({
      path: r.name.slice(API_URL.length),
      startMs: Math.round(r.startTime - measure.startTime),
      endMs: Math.round(r.responseEnd - measure.startTime),
    }));
  return { totalMs: Math.round(measure.duration), requests };
})()`;

/**
 * Reads the page's profile of the last search: resource timings of the API requests against the
 * search-to-360 measure (both on the page's clock, so the test driver's overhead is not in them).
 */
export const readSearchProfile = async (page: Page, apiUrl: string): Promise<SearchProfile> => {
  const profile = await page.evaluate<{ totalMs: number; requests: ProfiledRequest[] } | undefined>(
    READ_PROFILE.replace(/API_URL/g, JSON.stringify(apiUrl)),
  );
  if (!profile) throw new Error('the page took no hub360:search-to-360 measure');
  return {
    totalMs: profile.totalMs,
    beforeRender: profile.requests.filter((r) => r.startMs < profile.totalMs),
    afterRender: profile.requests.filter((r) => r.startMs >= profile.totalMs),
  };
};

/** The profile as log lines: the total, then each request with its start and end. */
export const describeSearchProfile = (label: string, profile: SearchProfile): string =>
  [
    `${label}: agent view usable ${profile.totalMs} ms after the search submit (in the page)`,
    ...profile.beforeRender.map((r) => `  before render ${r.startMs}-${r.endMs} ms ${r.path}`),
    ...profile.afterRender.map((r) => `  after render  ${r.startMs}-${r.endMs} ms ${r.path}`),
  ].join('\n');
