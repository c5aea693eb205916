import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseConfig } from '../../../schemas/config/parse-config.ts';
import type { Json } from '../../odata/v2-format.ts';
import type { CustomerProfile, ProductProfile } from '../../world/reference-data.ts';
import type { SeededRandom } from '../../world/seeded-random.ts';
import { DAY_MS, shift } from '../../world/time.ts';
import {
  type ClickstreamFault,
  type ClickstreamFaultInput,
  ClickstreamFaultSchema,
} from './clickstream-faults.ts';
import { type SegmentEvent, simulateSession, type VisitorKind } from './segment-events.ts';

/** One landed object. */
export interface LandedFile {
  /** Object key relative to the landing folder: `segment-logs/<source>/<day-ms>/<ms>.<seq>-<id>.gz`. */
  readonly key: string;
  readonly eventCount: number;
}

/** Options for the clickstream writer. */
export interface ClickstreamWriterOptions {
  readonly landingDir: string;
  readonly sourceId: string;
  /** Day partitions as Segment names them (epoch ms) or as `YYYY-MM-DD` folders. @default 'epoch-ms' */
  readonly dayFolders?: 'epoch-ms' | 'date';
  readonly products: () => readonly ProductProfile[];
  readonly webCustomers: () => readonly CustomerProfile[];
}

/**
 * Lands web-shop traffic the way Segment's S3 destination does: gzip JSON lines, grouped by the UTC day
 * received, `segment-logs/<source-id>/<received-day-epoch-ms>/<epoch-ms>.<seq>-<id>.gz`, so object keys
 * sort in landing order. Files are written to a temp name and renamed, so readers never see half a file.
 */
export class ClickstreamWriter {
  private readonly landed: LandedFile[] = [];
  private readonly validEvents = new Map<string, SegmentEvent>();
  private readonly pendingFaults: ClickstreamFault[] = [];
  private readonly anonymousIds = new Map<number, string>();
  private lastBatch: SegmentEvent[] = [];
  private sequence = 0;

  constructor(private readonly options: ClickstreamWriterOptions) {}

  /** Arms a fault for the next landed file; a bad spec throws a ConfigError naming the field. */
  inject(fault: ClickstreamFaultInput): void {
    this.pendingFaults.push(parseConfig(ClickstreamFaultSchema, fault, 'clickstream fault'));
  }

  /** Lands one file holding `sessions` web sessions that end by `at`. */
  async landSessions(random: SeededRandom, sessions: number, at: Date): Promise<LandedFile> {
    const events = Array.from({ length: sessions }, () => this.session(random, at)).flat();
    events.sort((a, b) => String(a.timestamp).localeCompare(String(b.timestamp)));
    return this.land(random, events, at);
  }

  /** Every file landed so far, in key order. */
  files(): readonly LandedFile[] {
    return [...this.landed].sort((a, b) => a.key.localeCompare(b.key));
  }

  /** Every valid event landed so far, once per messageId (what a correct reader ends up with). */
  events(): readonly SegmentEvent[] {
    return [...this.validEvents.values()];
  }

  private session(random: SeededRandom, at: Date): SegmentEvent[] {
    const customers = this.options.webCustomers();
    const roll = random.next();
    const kind: VisitorKind =
      customers.length === 0 || roll < 0.4 ? 'anonymous' : roll < 0.75 ? 'known' : 'identifiesLater';
    const customer = kind === 'anonymous' ? undefined : random.pick(customers);
    let anonymousId = random.guid();
    if (customer) {
      // Returning visitors keep their cookie most of the time.
      const known = this.anonymousIds.get(customer.index);
      if (known && random.chance(0.7)) anonymousId = known;
      else this.anonymousIds.set(customer.index, anonymousId);
    }
    return simulateSession(random, {
      sourceId: this.options.sourceId,
      kind,
      anonymousId,
      products: this.options.products(),
      endsAt: at,
      ...(customer ? { customer } : {}),
    });
  }

  private async land(random: SeededRandom, events: SegmentEvent[], at: Date): Promise<LandedFile> {
    let keyTime = at;
    const lines: string[] = [];
    const faults = this.pendingFaults.splice(0);
    const valid = [...events];
    for (const fault of faults) {
      if (fault.kind === 'lateFile') keyTime = shift(at, -fault.ageMinutes * 60_000);
      if (fault.kind === 'duplicateEvents') valid.push(...this.lastBatch.slice(0, fault.count));
    }
    for (const event of valid) lines.push(JSON.stringify(event));
    for (const fault of faults) {
      if (fault.kind === 'malformedLine') {
        const broken = JSON.stringify(valid[0] ?? { type: 'page' });
        lines.splice(Math.floor(lines.length / 2), 0, broken.slice(0, Math.floor(broken.length / 2)));
      }
      if (fault.kind === 'invalidEvent')
        lines.splice(Math.floor(lines.length / 2), 0, JSON.stringify(invalidEvent(valid[0], fault.problem)));
    }
    this.sequence += 1;
    const dayMs = Math.floor(keyTime.getTime() / DAY_MS) * DAY_MS;
    const name = `${keyTime.getTime()}.${String(this.sequence).padStart(6, '0')}-${random.hex(8)}.gz`;
    const day =
      this.options.dayFolders === 'date' ? new Date(dayMs).toISOString().slice(0, 10) : String(dayMs);
    const key = `segment-logs/${this.options.sourceId}/${day}/${name}`;
    const target = join(this.options.landingDir, key);
    const temp = join(this.options.landingDir, '.sandbox-tmp', `${name}.partial`);
    await mkdir(dirname(target), { recursive: true });
    await mkdir(dirname(temp), { recursive: true });
    await writeFile(temp, gzipSync(Buffer.from(`${lines.join('\n')}\n`, 'utf8')));
    await rename(temp, target);
    for (const event of valid) this.validEvents.set(String(event.messageId), event);
    this.lastBatch = events;
    const file = { key, eventCount: lines.length };
    this.landed.push(file);
    return file;
  }
}

const invalidEvent = (
  template: SegmentEvent | undefined,
  problem: Extract<ClickstreamFault, { kind: 'invalidEvent' }>['problem'],
): { [key: string]: Json } => {
  const event: { [key: string]: Json } = { ...(template ?? { type: 'track', event: 'Product Viewed' }) };
  if (problem === 'missingMessageId') delete event.messageId;
  else if (problem === 'badTimestamp') {
    event.messageId = `ajs-next-invalid-${String(event.messageId ?? 'x')}`;
    event.timestamp = 'yesterday afternoon';
  } else {
    event.messageId = `ajs-next-invalid-${String(event.messageId ?? 'x')}`;
    event.type = 'screenview';
  }
  return event;
};
