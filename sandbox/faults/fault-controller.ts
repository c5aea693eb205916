import { parseConfig } from '../../schemas/config/parse-config.ts';
import {
  type DataFault,
  type FaultSpec,
  type FaultSpecInput,
  FaultSpecSchema,
  type ResponseFault,
} from './fault-spec.ts';

/** A response fault waiting for matching requests. */
export interface ArmedFault {
  readonly id: number;
  readonly spec: ResponseFault;
  remaining: number;
  toSkip: number;
}

/** What the server must do to one request, decided once when it arrives. */
export interface FaultPlan {
  readonly delayMs: number;
  /** A fault that replaces the response entirely. */
  readonly terminal?: Extract<ResponseFault, { kind: 'rateLimit' | 'serverError' | 'connectionReset' }>;
  readonly malformedJson: boolean;
  readonly invalidRecord?: 'missingKey' | 'badDate';
}

/** A fault that fired, for tests to assert on. */
export interface FiredFault {
  readonly kind: FaultSpec['kind'];
  readonly path?: string;
}

/** Applies a data fault to a system's source data; returns the keys it touched. */
export type DataFaultHandler = (fault: DataFault) => readonly string[];

const isTerminal = (spec: ResponseFault): spec is NonNullable<FaultPlan['terminal']> =>
  spec.kind === 'rateLimit' || spec.kind === 'serverError' || spec.kind === 'connectionReset';

/**
 * Fault injection for one sandbox system, programmatic and behind `POST /_sandbox/faults`.
 * Response faults are one-shot by default (`times`), can wait for `afterRequests` matching requests,
 * and can be narrowed to a resource with `pathIncludes`. Data faults change the source data at once.
 */
export class FaultController {
  private readonly armedFaults: ArmedFault[] = [];
  private readonly firedFaults: FiredFault[] = [];
  private nextId = 1;

  constructor(private readonly applyDataFault: DataFaultHandler) {}

  /** Arms a response fault or applies a data fault; returns the keys a data fault touched. */
  inject(input: FaultSpecInput): readonly string[] {
    return this.injectUnvalidated(input);
  }

  /** Like {@link inject} for input from the wire; a bad spec throws a ConfigError naming the field. */
  injectUnvalidated(input: unknown): readonly string[] {
    const spec = parseConfig(FaultSpecSchema, input, 'sandbox fault');
    if (
      spec.kind === 'tieTimestamps' ||
      spec.kind === 'lateRows' ||
      spec.kind === 'deleteRows' ||
      spec.kind === 'invalidEmail'
    ) {
      const keys = this.applyDataFault(spec);
      this.firedFaults.push({ kind: spec.kind });
      return keys;
    }
    this.armedFaults.push({ id: this.nextId++, spec, remaining: spec.times, toSkip: spec.afterRequests });
    return [];
  }

  /** Disarms every pending response fault. */
  clear(): void {
    this.armedFaults.length = 0;
  }

  /** Response faults still waiting to fire. */
  pending(): readonly ArmedFault[] {
    return this.armedFaults.map((fault) => ({ ...fault }));
  }

  /** Faults that have fired so far (response faults per request, data faults when applied). */
  fired(): readonly FiredFault[] {
    return [...this.firedFaults];
  }

  /** Decides, once per request, which armed faults fire on it (consuming their counts). */
  planFor(pathAndQuery: string): FaultPlan {
    let delayMs = 0;
    let terminal: FaultPlan['terminal'];
    let malformedJson = false;
    let invalidRecord: FaultPlan['invalidRecord'];
    const firedCategories = new Set<string>();
    for (const fault of [...this.armedFaults]) {
      const { spec } = fault;
      if (spec.pathIncludes !== undefined && !pathAndQuery.includes(spec.pathIncludes)) continue;
      // At most one fault of each category per request (one replacement response, one broken record…),
      // so two armed faults of a kind hit two requests.
      const category = isTerminal(spec) ? 'terminal' : spec.kind;
      if (firedCategories.has(category)) continue;
      if (fault.toSkip > 0) {
        fault.toSkip -= 1;
        continue;
      }
      firedCategories.add(category);
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.armedFaults.splice(this.armedFaults.indexOf(fault), 1);
      this.firedFaults.push({ kind: spec.kind, path: pathAndQuery });
      if (spec.kind === 'slow') delayMs += spec.delayMs;
      else if (spec.kind === 'malformedJson') malformedJson = true;
      else if (spec.kind === 'invalidRecord') invalidRecord = spec.problem;
      else terminal = spec;
    }
    return {
      delayMs,
      malformedJson,
      ...(terminal ? { terminal } : {}),
      ...(invalidRecord ? { invalidRecord } : {}),
    };
  }
}
