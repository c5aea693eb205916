import { rowKey } from '../odata/entity-model.ts';
import { equipmentRow, type InstalledUnit } from '../systems/sap-s4/sap-equipment.ts';
import type { OrderProcess } from './order-process.ts';
import type { SeededRandom } from './seeded-random.ts';
import type { SourceTable } from './source-table.ts';
import { DAY_MS, shift } from './time.ts';

/** Customer warranty on every unit sold, from delivery (SAP master warranty `CW-12M`). */
const WARRANTY_DAYS = 365;
/** Service contracts run in yearly terms after the warranty. */
const CONTRACT_TERM_DAYS = 365;
/** Share of units whose owner took a service contract once the warranty ended. */
const CONTRACT_SHARE = 0.4;

/**
 * The installed base SAP keeps as equipment: one serialised unit per main product of every delivered SAP
 * order, with its warranty (a year from delivery) and, for some, the yearly service contract that followed.
 * Seeded history therefore holds warranties that ended long ago, some ending in the coming weeks and many
 * still running, as a real company's installed base does.
 */
export class InstalledBase {
  private readonly units = new Map<string, InstalledUnit>();
  private sequence = 0;
  private contracts = 0;

  constructor(
    readonly table: SourceTable,
    private readonly random: SeededRandom,
  ) {}

  /** Registers the units an SAP order delivered at `at`, with coverage as it stands at `now`. */
  deliver(process: OrderProcess, at: Date, now: Date): void {
    if (process.system !== 'sapS4' || process.customerNumber === '') return;
    for (const line of process.lines) {
      if (line.product.role !== 'main') continue;
      this.sequence += 1;
      const equipment = String(10_000_000 + this.sequence);
      const warrantyEnd = shift(at, WARRANTY_DAYS * DAY_MS);
      const contract = this.contractAfter(warrantyEnd, now);
      this.write({
        equipment,
        material: line.product.number,
        name: line.product.name,
        serialNumber: `SN${at.getUTCFullYear()}-${equipment}`,
        soldToParty: process.customerNumber,
        deliveredAt: at,
        warrantyEnd,
        ...(contract ? { contract } : {}),
        // The last change SAP records: the delivery, or the contract's latest yearly renewal.
        changedAt: contract ? shift(contract.end, -CONTRACT_TERM_DAYS * DAY_MS) : at,
      });
    }
  }

  /**
   * A unit whose service contract is agreed to end within `withinDays` (the customer gave notice, or a
   * short contract was signed), stamped `now`: a live change the hub's coverage notice reacts to. Only units
   * not already covered by a contract ending that soon are picked. Returns the equipment number.
   */
  endContractSoon(random: SeededRandom, now: Date, withinDays: number): string | undefined {
    const soon = now.getTime() + withinDays * DAY_MS;
    const candidates = [...this.units.values()].filter(
      (unit) =>
        this.table.get(unit.equipment) !== undefined &&
        (unit.contract === undefined || unit.contract.end.getTime() > soon),
    );
    if (candidates.length === 0) return undefined;
    const unit = random.pick(candidates);
    const end = shift(now, random.int(5, withinDays) * DAY_MS);
    this.write({ ...unit, contract: { number: this.nextContract(), end }, changedAt: now });
    return unit.equipment;
  }

  /** Re-stamps one unit's last change (the tie fault). */
  touch(key: string, at: Date): void {
    const unit = this.units.get(key);
    if (unit) this.write({ ...unit, changedAt: at });
  }

  /** Every unit, for tests that compare what the hub received with what the sandbox holds. */
  all(): readonly InstalledUnit[] {
    return [...this.units.values()];
  }

  private contractAfter(warrantyEnd: Date, now: Date): InstalledUnit['contract'] {
    if (warrantyEnd.getTime() > now.getTime() || !this.random.chance(CONTRACT_SHARE)) return undefined;
    const terms = Math.max(
      1,
      Math.ceil((now.getTime() - warrantyEnd.getTime()) / (CONTRACT_TERM_DAYS * DAY_MS)),
    );
    return { number: this.nextContract(), end: shift(warrantyEnd, terms * CONTRACT_TERM_DAYS * DAY_MS) };
  }

  private nextContract(): string {
    this.contracts += 1;
    return String(4_100_000 + this.contracts);
  }

  private write(unit: InstalledUnit): void {
    const row = equipmentRow(unit);
    this.units.set(rowKey(this.table.meta, row), unit);
    // A unit removed from SAP (a data fault) stays removed.
    this.table.refresh(row);
  }
}
