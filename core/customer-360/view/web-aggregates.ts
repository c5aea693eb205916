import { addToSketch, emptySketch, sessionHash } from './session-count.ts';
import type { ViewLimits } from './view-limits.ts';
import type { RecordData } from './view-lists.ts';
import type { WebAggregates } from './view-state.ts';

export const emptyWebAggregates = (): WebAggregates => ({
  sessions: {},
  sessionSketch: emptySketch(),
  sessionsEstimated: false,
  interest: {},
  interestTruncated: false,
  recentSearches: [],
});

const text = (data: RecordData, field: string): string | undefined => {
  const value = data[field];
  return typeof value === 'string' ? value : undefined;
};

const interestOf = (data: RecordData): { kind?: string; partNumber?: string; query?: string } => {
  const interest = data.interest;
  return typeof interest === 'object' && interest !== null ? (interest as Record<string, string>) : {};
};

const score = (entry: { views: number; cartAdds: number }) => entry.cartAdds * 3 + entry.views;

/** Keeps the `keep` most interesting parts (and the one being counted); says the list is cut. */
export const pruneInterest = (web: WebAggregates, keep: number, current?: string): void => {
  const ranked = Object.entries(web.interest).sort((a, b) => {
    const byScore = score(b[1]) - score(a[1]);
    if (byScore !== 0) return byScore;
    if (a[1].lastAt > b[1].lastAt) return -1;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether a comparator's result is below 0 (here: 1 or 0).
    return a[1].lastAt < b[1].lastAt ? 1 : 0;
  });
  const kept = ranked.slice(0, keep);
  // Stryker disable next-line ConditionalExpression,LogicalOperator,MethodExpression,ArrowFunction: pushing a kept part again or an unknown one changes nothing (Object.fromEntries keeps one entry per part; an unknown part has no entry).
  if (current !== undefined && !kept.some(([part]) => part === current)) {
    const entry = web.interest[current];
    if (entry) kept.push([current, entry]);
  }
  web.interest = Object.fromEntries(kept);
  web.interestTruncated = true;
};

/** Counts one web event into the aggregates the agent's summary shows. */
export const addWebEvent = (
  web: WebAggregates,
  data: RecordData,
  recordKey: string,
  limits: ViewLimits,
): void => {
  const at =
    text(data, 'timestamp') ??
    // Stryker disable next-line StringLiteral: a web event's timestamp is required (WebActivityDataSchema); the fallback only satisfies the type.
    '';
  if (
    web.firstSeenAt === undefined ||
    // Stryker disable next-line EqualityOperator: an event at the first time seen sets the same time again.
    at < web.firstSeenAt
  )
    web.firstSeenAt = at;
  if (
    web.lastSeenAt === undefined ||
    // Stryker disable next-line EqualityOperator: an event at the last time seen sets the same time again.
    at > web.lastSeenAt
  )
    web.lastSeenAt = at;
  const sessionId = text(data, 'sessionId');
  if (sessionId) {
    web.sessionSketch = addToSketch(web.sessionSketch, sessionId);
    if (web.sessions) {
      const hash = sessionHash(sessionId);
      if (web.sessions[hash] === undefined && Object.keys(web.sessions).length >= limits.maxTrackedSessions) {
        // Too many to count one by one: from here on the sketch answers, and the view says it estimates.
        delete web.sessions;
        web.sessionsEstimated = true;
      } else {
        web.sessions[hash] = (web.sessions[hash] ?? 0) + 1;
      }
    }
  }
  const interest = interestOf(data);
  if (interest.partNumber) {
    let entry = web.interest[interest.partNumber];
    if (!entry) {
      entry = { views: 0, cartAdds: 0, lastAt: at };
      web.interest[interest.partNumber] = entry;
      // Let the map grow to twice its size, then keep the most interesting half: amortised, a customer
      // browsing thousands of parts costs a sort every `maxInterestParts` new parts, not a scan per event.
      if (Object.keys(web.interest).length > 2 * limits.maxInterestParts) {
        pruneInterest(web, limits.maxInterestParts, interest.partNumber);
      }
    }
    if (interest.kind === 'productView') entry.views += 1;
    if (interest.kind === 'cartAdd') entry.cartAdds += 1;
    // Stryker disable next-line EqualityOperator: an event at the part's last time sets the same time again.
    if (at > entry.lastAt) entry.lastAt = at;
  }
  // A limit of 0 keeps no search: the one pushed is cut again at once.
  if (interest.kind === 'search' && interest.query) {
    web.recentSearches.push({ query: interest.query, at, recordKey });
    web.recentSearches.sort((a, b) => {
      if (a.at > b.at) return -1;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's sort only asks whether a comparator's result is below 0 (here: 1 or 0).
      return a.at < b.at ? 1 : 0;
    });
    // Stryker disable next-line EqualityOperator: cutting a list of exactly the limit to the limit leaves it as it is.
    if (web.recentSearches.length > limits.recentSearches) web.recentSearches.length = limits.recentSearches;
  }
};

/**
 * Takes one web event back out. Returns true when the aggregates can no longer be kept exact from the
 * view alone (the first or last event went) and the section must be rebuilt from the partition.
 */
export const removeWebEvent = (web: WebAggregates, data: RecordData, recordKey: string): boolean => {
  const at =
    text(data, 'timestamp') ??
    // Stryker disable next-line StringLiteral: a web event's timestamp is required (WebActivityDataSchema); the fallback only satisfies the type.
    '';
  const sessionId = text(data, 'sessionId');
  if (sessionId && web.sessions) {
    const hash = sessionHash(sessionId);
    const left = (web.sessions[hash] ?? 0) - 1;
    if (left > 0) web.sessions[hash] = left;
    else delete web.sessions[hash];
  }
  const interest = interestOf(data);
  const entry = interest.partNumber ? web.interest[interest.partNumber] : undefined;
  if (entry) {
    if (interest.kind === 'productView') entry.views = Math.max(0, entry.views - 1);
    if (interest.kind === 'cartAdd') entry.cartAdds = Math.max(0, entry.cartAdds - 1);
  }
  web.recentSearches = web.recentSearches.filter((s) => s.recordKey !== recordKey);
  return at === web.firstSeenAt || at === web.lastSeenAt;
};
