import type { SandboxSystem } from '../endpoints.ts';

/** Systems whose requests are logged: the sandbox systems plus the OAuth2 token endpoint. */
export type LoggedSystem = SandboxSystem | 'identity';

/** One request a sandbox server answered (admin routes under `/_sandbox/` are not logged). */
export interface LoggedRequest {
  readonly system: LoggedSystem;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Wall-clock receive time in ms (Date.now(), so fake timers in a test see the same clock). */
  readonly at: number;
  status: number;
}

/**
 * Every request each sandbox server received, so tests can assert a connector's request budget:
 * total counts and the busiest sliding window.
 */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  /** Records a request and returns the entry so the server can fill in the status later. */
  record(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry);
    return entry;
  }

  /** All logged requests, optionally for one system, oldest first. */
  list(system?: LoggedSystem): readonly LoggedRequest[] {
    return system === undefined ? [...this.entries] : this.entries.filter((entry) => entry.system === system);
  }

  /** How many requests a system (or all systems) received. */
  count(system?: LoggedSystem): number {
    return this.list(system).length;
  }

  /** The most requests a system received within any sliding window of `windowMs` (default one second). */
  maxInWindow(system: LoggedSystem, windowMs = 1000): number {
    const times = this.list(system)
      .map((entry) => entry.at)
      .sort((a, b) => a - b);
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end += 1) {
      while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start += 1;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  /** Requests a system received in the last `windowMs` before `now` (for optional rate limiting). */
  countSince(system: LoggedSystem, now: number, windowMs: number): number {
    return this.entries.filter((entry) => entry.system === system && now - entry.at < windowMs).length;
  }

  /** Forgets every logged request (between test phases). */
  clear(): void {
    this.entries.length = 0;
  }
}
