import type { DataFault } from '../faults/fault-spec.ts';
import { type EntitySetMeta, type Row, rowKey } from '../odata/entity-model.ts';
import {
  salesOrderMeta as bcSalesOrderMeta,
  customerMeta,
  salesInvoiceMeta,
} from '../systems/business-central/bc-model.ts';
import {
  type BcCustomerRecord,
  bcPhoneFormat,
  salesOrderRow as bcSalesOrderRow,
  customerRow,
  salesInvoiceRow,
} from '../systems/business-central/bc-records.ts';
import { onhandQuantityMeta, shipmentMeta } from '../systems/oracle-scm/oracle-model.ts';
import { onhandRow, type StockPosition, shipmentRow } from '../systems/oracle-scm/oracle-records.ts';
import { equipmentMeta } from '../systems/sap-s4/sap-equipment.ts';
import { billingDocumentMeta, businessPartnerMeta, salesOrderMeta } from '../systems/sap-s4/sap-model.ts';
import {
  billingDocumentRow,
  businessPartnerRow,
  type PartnerSpelling,
  salesOrderRow,
} from '../systems/sap-s4/sap-records.ts';
import { partMetaWithLinks, type SuccessorNavigation } from '../systems/windchill/windchill-model.ts';
import { type PartRevision, partRow } from '../systems/windchill/windchill-records.ts';
import { carriers, warehouses } from './catalog.ts';
import { InstalledBase } from './installed-base.ts';
import {
  drawOrderLines,
  type Milestone,
  netAmountOf,
  nextMilestone,
  type OrderLine,
  type OrderProcess,
  scheduleMilestones,
} from './order-process.ts';
import {
  type CustomerProfile,
  generateCustomers,
  generateProducts,
  type ProductProfile,
} from './reference-data.ts';
import type { SandboxScale, ScaleProfile } from './scale.ts';
import { scaleProfile } from './scale.ts';
import { SeededRandom } from './seeded-random.ts';
import { ChangeCounter, SourceTable } from './source-table.ts';
import type { SimulatedNow } from './time.ts';
import { DAY_MS, HOUR_MS, shift } from './time.ts';

/** The streams each HTTP system serves, by the name the real API uses. */
export interface SandboxTables {
  readonly sapS4: {
    readonly A_BusinessPartner: SourceTable;
    readonly A_SalesOrder: SourceTable;
    readonly A_BillingDocument: SourceTable;
    /** `API_EQUIPMENT`: the installed base (sandbox/world/installed-base.ts). */
    readonly Equipment: SourceTable;
  };
  readonly businessCentral: {
    readonly customers: SourceTable;
    readonly salesOrders: SourceTable;
    readonly salesInvoices: SourceTable;
  };
  readonly windchill: { readonly Parts: SourceTable };
  readonly oracleScm: { readonly shipments: SourceTable; readonly onhandQuantityDetails: SourceTable };
}

/** Systems whose data lives in the world's tables. */
export type TableSystem = keyof SandboxTables;

/** What one tick changed, for logs and tests. */
export interface TickSummary {
  readonly newOrders: number;
  readonly milestones: number;
  readonly stockMovements: number;
  readonly partChanges: number;
  readonly customerChanges: number;
}

/** An order {@link SandboxWorld.placeShortageOrder} placed: what it is for and when its row changed. */
export interface ShortageOrder {
  /** The SAP sales order number (`A_SalesOrder` key). */
  readonly orderKey: string;
  readonly partNumber: string;
  readonly quantity: number;
  /** The order row's `LastChangeDateTime`: the moment the change happened at the source. */
  readonly changedAt: Date;
}

/** A stream's change operations, shared by ticks and data faults. */
interface StreamHandler {
  readonly table: SourceTable;
  /** Re-stamps one row's last-changed time (the tie fault). */
  touch(key: string, at: Date): void;
  /** Makes one realistic change stamped `at`; returns the changed key. */
  change(random: SeededRandom, at: Date): string | undefined;
  /** Writes the row's e-mail as `name(at)domain`, stamped `at` (the invalid-e-mail fault); false if no such row. */
  garbleEmail?(key: string, at: Date): boolean;
}

const revisionLetters = 'ABCDEFGHJK';

/**
 * The sandbox's simulated company: customers, catalogue, order processes, parts and stock, projected
 * into the rows of SAP S/4HANA, Business Central, Windchill and Oracle SCM. Everything is drawn from a
 * seeded PRNG and stamped from an injectable clock, so the same seed and clock give the same data.
 */
export class SandboxWorld {
  readonly tables: SandboxTables;
  readonly customers: CustomerProfile[];
  readonly products: readonly ProductProfile[];
  readonly profile: ScaleProfile;
  private readonly random: SeededRandom;
  private readonly counter = new ChangeCounter();
  private readonly processes: OrderProcess[] = [];
  private readonly sapPartners = new Map<number, PartnerSpelling[]>();
  private readonly bcCustomers = new Map<number, BcCustomerRecord>();
  private readonly parts: PartRevision[] = [];
  private readonly stock: StockPosition[] = [];
  private readonly sequence = {
    salesOrder: 0,
    billing: 0,
    bcOrder: 0,
    bcInvoice: 0,
    shipment: 0,
    part: 0,
    tick: 0,
    shortage: 0,
  };
  private readonly handlers: Record<TableSystem, Record<string, StreamHandler>>;
  private cumulativeWeights: number[] = [];
  /**
   * Orders per tick whose invoice is already past due and unpaid, stamped now, so payment follow-ups
   * can close within minutes instead of the 30 days an invoice normally takes. Off by default so seeded
   * runs stay as they were.
   */
  overdueInvoicesPerTick = 0;
  /**
   * Orders per tick of a heavy buyer (the kind the hub ranks as a key customer) whose shipment left the
   * warehouse days ago and is now past its promised arrival, still in transit, stamped now: a proactive
   * service notice can close within minutes. Off by default so seeded runs stay as they were.
   */
  lateShipmentsPerTick = 0;
  /**
   * Units per tick whose service contract is agreed to end within the next weeks (5 to 25 days), stamped now,
   * so a coverage-ending notice can close within minutes. Off by default so seeded runs stay as they were.
   */
  endingContractsPerTick = 0;
  /** The units SAP keeps as equipment, with warranty and service contract. */
  readonly installedBase: InstalledBase;

  constructor(
    seed: number,
    scale: SandboxScale,
    private readonly clock: SimulatedNow,
    successorNavigation: SuccessorNavigation = 'Successors',
  ) {
    this.random = new SeededRandom(seed);
    this.profile = scaleProfile(scale);
    const now = clock();
    // Every seeded customer exists before the oldest seeded order.
    this.customers = generateCustomers(
      this.random.fork('customers'),
      this.profile.customers,
      now,
      this.profile.historyDays + 30,
    );
    this.products = generateProducts(this.random.fork('products'), this.profile.sizesPerFamily);
    const table = (meta: EntitySetMeta) => new SourceTable(meta, this.counter);
    const partMeta = partMetaWithLinks(
      (row) => this.linkedParts(row, (product) => (product.successorNumber ? [product.successorNumber] : [])),
      (row) => this.linkedParts(row, (product) => product.accessoryNumbers),
      successorNavigation,
    );
    this.tables = {
      sapS4: {
        A_BusinessPartner: table(businessPartnerMeta),
        A_SalesOrder: table(salesOrderMeta),
        A_BillingDocument: table(billingDocumentMeta),
        Equipment: table(equipmentMeta),
      },
      businessCentral: {
        customers: table(customerMeta),
        salesOrders: table(bcSalesOrderMeta),
        salesInvoices: table(salesInvoiceMeta),
      },
      windchill: { Parts: table(partMeta) },
      oracleScm: { shipments: table(shipmentMeta), onhandQuantityDetails: table(onhandQuantityMeta) },
    };
    this.installedBase = new InstalledBase(this.tables.sapS4.Equipment, this.random.fork('installed-base'));
    this.handlers = this.createHandlers();
    this.seedCustomers(now);
    this.seedOrders(now);
    this.seedParts(now);
    this.seedStock(now);
  }

  /** The table behind a system's stream, or undefined for an unknown name. */
  stream(system: TableSystem, name: string): SourceTable | undefined {
    return this.handlers[system][name]?.table;
  }

  /** Advances the company by one step: new orders, milestones, stock, PDM and master-data changes. */
  tick(): TickSummary {
    this.sequence.tick += 1;
    const random = this.random.fork(`tick-${this.sequence.tick}`);
    const now = this.clock();
    let newOrders = 0;
    for (let index = 0; index < this.profile.tickOrders; index += 1) {
      this.createOrder(random, now, now);
      newOrders += 1;
    }
    let milestones = 0;
    // Milestones whose time has come, then a few more so data moves even when the clock stands still.
    const pending = this.processes
      .map((process) => ({ process, milestone: nextMilestone(process) }))
      .filter(
        (entry): entry is { process: OrderProcess; milestone: Milestone } => entry.milestone !== undefined,
      )
      .sort(
        (a, b) => (a.process.due[a.milestone]?.getTime() ?? 0) - (b.process.due[b.milestone]?.getTime() ?? 0),
      );
    for (const [index, entry] of pending.entries()) {
      const dueAt = entry.process.due[entry.milestone]?.getTime() ?? Number.POSITIVE_INFINITY;
      if (dueAt > now.getTime() && index >= this.profile.tickAdvances) break;
      this.completeMilestone(entry.process, entry.milestone, now);
      milestones += 1;
    }
    let stockMovements = 0;
    for (const position of this.stock) {
      if (position.onhand < position.reorderPoint && random.chance(0.3)) {
        position.onhand += position.reorderPoint * random.int(2, 4);
        position.changedAt = now;
        this.tables.oracleScm.onhandQuantityDetails.refresh(onhandRow(position));
        stockMovements += 1;
      }
    }
    let partChanges = 0;
    if (random.chance(0.3)) {
      this.handlers.windchill.Parts?.change(random, now);
      partChanges += 1;
    }
    let customerChanges = 0;
    // Master-data clean-up and corrections: SAP flags duplicates for archiving and cancels wrong invoices.
    if (random.chance(0.08)) customerChanges += this.archiveDuplicatePartner(now) ? 1 : 0;
    if (random.chance(0.05)) this.cancelOpenSapInvoice(random, now);
    if (random.chance(0.25)) {
      this.handlers.sapS4.A_BusinessPartner?.change(random, now);
      customerChanges += 1;
    }
    if (random.chance(0.15)) {
      this.handlers.businessCentral.customers?.change(random, now);
      customerChanges += 1;
    }
    const overdue = this.random.fork(`overdue-${this.sequence.tick}`);
    for (let index = 0; index < this.overdueInvoicesPerTick; index += 1)
      this.produceOverdueInvoice(overdue, now);
    const late = this.random.fork(`late-${this.sequence.tick}`);
    for (let index = 0; index < this.lateShipmentsPerTick; index += 1) this.produceLateShipment(late, now);
    const ending = this.random.fork(`ending-contract-${this.sequence.tick}`);
    for (let index = 0; index < this.endingContractsPerTick; index += 1)
      this.installedBase.endContractSoon(ending, now, 25);
    return { newOrders, milestones, stockMovements, partChanges, customerChanges };
  }

  /**
   * A customer the company has just won in one ERP, with a first order placed and stamped now (what a crash
   * test adds while the hub is down). Returns the new customer's and the order's source keys in that ERP.
   */
  onboardCustomer(system: 'sapS4' | 'businessCentral'): { customerKey: string; orderKey: string } {
    const random = this.random.fork(`onboard-${this.customers.length}`);
    const now = this.clock();
    const customer = this.createCustomer(random, now, system);
    const order = this.createOrder(random, now, now, customer);
    const customerKey =
      system === 'sapS4'
        ? this.sapPartners.get(customer.index)?.[0]?.partner
        : this.bcCustomers.get(customer.index)?.id;
    if (!customerKey || !order)
      throw new Error(`onboarding a ${system} customer produced no customer or order`);
    return { customerKey, orderKey: order.orderId };
  }

  /**
   * An SAP order, placed and stamped now, for more units of one main product than every warehouse holds:
   * demand outruns stock whatever the hub knew before, so the part's production demand signal is raised (or,
   * when one is open, superseded) and ERP planning receives a planned order. Deterministic: the n-th call orders
   * the n-th sellable main product (round robin) for an existing SAP customer. Returns the order's source key,
   * the part, the quantity ordered and the row's change time (`LastChangeDateTime`).
   */
  placeShortageOrder(): ShortageOrder {
    this.sequence.shortage += 1;
    const random = this.random.fork(`shortage-${this.sequence.shortage}`);
    const now = this.clock();
    const mains = this.products.filter((product) => product.role === 'main' && !product.obsolete);
    const sapCustomers = this.customers.filter(
      (customer) => customer.inSap && this.sapPartners.has(customer.index),
    );
    const product = mains[(this.sequence.shortage - 1) % Math.max(1, mains.length)];
    if (!product || sapCustomers.length === 0)
      throw new Error(
        'a shortage order needs a sellable main product and an SAP customer; the world has none',
      );
    const held = this.stock
      .filter((position) => position.product.number === product.number)
      .reduce((sum, position) => sum + position.onhand, 0);
    const quantity = held + 1 + random.int(0, 4);
    const unitPrice = Math.round(product.listPrice * 100) / 100;
    const process = this.createOrder(random, now, now, random.pick(sapCustomers), {
      system: 'sapS4',
      lines: [{ product, quantity, unitPrice }],
    });
    if (!process) throw new Error('the shortage order could not be created');
    return { orderKey: process.orderNumber, partNumber: product.number, quantity, changedAt: now };
  }

  /**
   * An order placed 50 days ago, shipped, delivered and invoiced back then (due 30 days after the
   * invoice) and never paid; its rows are stamped `now` so incremental readers see it as a live change.
   * Returns the invoice number.
   */
  produceOverdueInvoice(random: SeededRandom, now: Date): string | undefined {
    const orderedAt = shift(now, -50 * DAY_MS);
    const process = this.createOrder(random, orderedAt, now);
    if (!process) return undefined;
    delete process.due.pay;
    const milestones: readonly Milestone[] =
      process.system === 'sapS4' ? ['ship', 'invoice', 'deliver'] : ['ship', 'deliver', 'invoice'];
    milestones.forEach((milestone, index) => {
      this.completeMilestone(process, milestone, shift(orderedAt, (index + 1) * DAY_MS));
    });
    process.orderChangedAt = now;
    process.invoiceChangedAt = now;
    process.shipmentChangedAt = now;
    this.project(process);
    return process.invoiceNumber;
  }

  /**
   * An order of one of the heaviest buyers, placed 6 days ago and shipped 3 days ago, whose promised
   * arrival was yesterday and which is still on its way (delivery in 3 days); its rows are stamped `now`.
   * Returns the shipment number.
   */
  produceLateShipment(random: SeededRandom, now: Date): string | undefined {
    const heaviest = [...this.customers]
      .sort((a, b) => b.orderWeight - a.orderWeight || a.index - b.index)
      .slice(0, Math.max(1, Math.ceil(this.customers.length / 10)));
    const drawn = this.createOrder(random, shift(now, -6 * DAY_MS), now, random.pick(heaviest));
    if (!drawn) return undefined;
    // The promise is what makes it late: re-plan the drawn order around it.
    const process: OrderProcess = {
      ...drawn,
      plannedShipAt: shift(now, -4 * DAY_MS),
      plannedArrivalAt: shift(now, -1 * DAY_MS),
      due: { ...drawn.due, deliver: shift(now, 3 * DAY_MS) },
    };
    this.processes[this.processes.indexOf(drawn)] = process;
    this.completeMilestone(process, 'ship', shift(now, -3 * DAY_MS));
    process.orderChangedAt = now;
    process.shipmentChangedAt = now;
    this.project(process);
    return String(process.shipmentId - 300_000_000_000);
  }

  /** Applies a data fault to one system's stream; returns the keys it touched. */
  applyDataFault(system: TableSystem, fault: DataFault): string[] {
    const handler = this.handlers[system][fault.stream];
    if (!handler) {
      throw new Error(
        `unknown stream ${fault.stream} for ${system}; known: ${Object.keys(this.handlers[system]).join(', ')}`,
      );
    }
    const random = this.random.fork(`fault-${this.counter.latest()}`);
    const now = this.clock();
    if (fault.kind === 'tieTimestamps') {
      const at = fault.at === undefined ? now : new Date(fault.at);
      const keys = handler.table
        .all()
        .map((row) => rowKey(handler.table.meta, row))
        .sort()
        .slice(0, fault.count);
      for (const key of keys) handler.touch(key, at);
      return keys;
    }
    if (fault.kind === 'lateRows') {
      const at = shift(now, -fault.ageMinutes * 60_000);
      const keys: string[] = [];
      for (let index = 0; index < fault.count; index += 1) {
        const key = handler.change(random, at);
        if (key !== undefined) keys.push(key);
      }
      return keys;
    }
    const keys =
      fault.keys ??
      handler.table
        .all()
        .map((row) => rowKey(handler.table.meta, row))
        .sort()
        .slice(0, fault.count);
    if (fault.kind === 'invalidEmail') {
      const { garbleEmail } = handler;
      if (!garbleEmail) {
        throw new Error(
          `invalidEmail is not supported for ${system} ${fault.stream}; it works on businessCentral customers`,
        );
      }
      return keys.filter((key) => garbleEmail(key, now));
    }
    return keys.filter((key) => handler.table.remove(key, now));
  }

  /** Customers who have a web-shop account (the clickstream's known visitors). */
  webCustomers(): CustomerProfile[] {
    return this.customers.filter((customer) => customer.webUserId !== undefined);
  }

  private linkedParts(row: Row, links: (product: ProductProfile) => readonly string[]): Row[] {
    const product = this.products.find((candidate) => candidate.number === row.Number);
    if (!product) return [];
    return links(product).flatMap((number) => {
      const latest = this.latestRevision(number);
      const current = latest ? this.tables.windchill.Parts.get(latest.id) : undefined;
      return current ? [current] : [];
    });
  }

  private latestRevision(number: string): PartRevision | undefined {
    return this.parts.filter((part) => part.product.number === number).at(-1);
  }

  // ---- customers -------------------------------------------------------------------------------

  private seedCustomers(now: Date): void {
    const random = this.random.fork('customer-records');
    for (const customer of this.customers) this.registerCustomer(random, customer, now, undefined);
  }

  private registerCustomer(
    random: SeededRandom,
    customer: CustomerProfile,
    now: Date,
    changedAt: Date | undefined,
  ): void {
    const changed = () =>
      changedAt ??
      new Date(customer.createdAt.getTime() + random.next() * (now.getTime() - customer.createdAt.getTime()));
    if (customer.inSap) {
      const partner = String(1_000_100 + customer.index);
      const spellings: PartnerSpelling[] = [
        {
          partner,
          addressId: String(28_000 + customer.index * 3),
          name: customer.companyName,
          email: customer.email,
          createdAt: customer.createdAt,
          changedAt: changed(),
        },
      ];
      // A few customers were created twice (another sales org), typed a little differently.
      if (random.chance(0.04)) {
        spellings.push({
          partner: String(1_900_100 + customer.index),
          addressId: String(28_001 + customer.index * 3),
          name: customer.companyName.toUpperCase(),
          email: customer.email.toUpperCase(),
          createdAt: shift(customer.createdAt, 200 * DAY_MS),
          changedAt: changed(),
        });
      }
      this.sapPartners.set(customer.index, spellings);
      for (const spelling of spellings)
        this.tables.sapS4.A_BusinessPartner.upsert(businessPartnerRow(customer, spelling));
    }
    if (customer.inBusinessCentral) {
      const alsoInSap = customer.inSap;
      const record: BcCustomerRecord = {
        id: random.guid(),
        number: `C${10_000 + customer.index * 10}`,
        // The subsidiary typed names without umlauts and e-mails as printed on business cards.
        displayName: alsoInSap ? asciiFold(customer.companyName) : customer.companyName,
        email: alsoInSap ? titleCaseEmail(customer.email) : customer.email,
        phoneNumber: bcPhoneFormat(customer),
        changedAt: changed(),
      };
      this.bcCustomers.set(customer.index, record);
      this.tables.businessCentral.customers.upsert(customerRow(customer, record));
    }
  }

  private createCustomer(
    random: SeededRandom,
    at: Date,
    system: 'sapS4' | 'businessCentral',
  ): CustomerProfile {
    const [template] = generateCustomers(random, 1, at);
    if (!template) throw new Error('customer generation produced nothing');
    const customer: CustomerProfile = {
      ...template,
      index: this.customers.length,
      companyName: `${template.companyName.replace(/ \S+$/, '')} ${this.customers.length}`,
      inSap: system === 'sapS4',
      inBusinessCentral: system === 'businessCentral',
      createdAt: at,
    };
    this.customers.push(customer);
    this.registerCustomer(random, customer, at, at);
    return customer;
  }

  // ---- orders ----------------------------------------------------------------------------------

  private seedOrders(now: Date): void {
    const random = this.random.fork('orders');
    const dates = Array.from({ length: this.profile.orders }, () =>
      // Skewed towards recent months: business is growing.
      shift(now, -Math.floor(random.next() ** 1.6 * this.profile.historyDays * DAY_MS) - HOUR_MS),
    ).sort((a, b) => a.getTime() - b.getTime());
    for (const orderedAt of dates) {
      const process = this.createOrder(random, orderedAt, orderedAt);
      if (!process) continue;
      const order: readonly Milestone[] =
        process.system === 'sapS4'
          ? ['ship', 'invoice', 'deliver', 'pay']
          : ['ship', 'deliver', 'invoice', 'pay'];
      for (const milestone of order) {
        const dueAt = process.due[milestone];
        if (dueAt === undefined || dueAt.getTime() > now.getTime()) break;
        this.completeMilestone(process, milestone, dueAt);
      }
    }
  }

  /** A customer drawn by order weight (cumulative weights cached until a customer is added). */
  private pickCustomer(random: SeededRandom): CustomerProfile | undefined {
    if (this.cumulativeWeights.length !== this.customers.length) {
      let sum = 0;
      this.cumulativeWeights = this.customers.map((customer) => {
        sum += customer.orderWeight;
        return sum;
      });
    }
    const total = this.cumulativeWeights.at(-1) ?? 0;
    const roll = random.next() * total;
    let low = 0;
    let high = this.cumulativeWeights.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulativeWeights[middle] ?? 0) < roll) low = middle + 1;
      else high = middle;
    }
    return this.customers[low];
  }

  /**
   * Creates an order placed at `orderedAt` whose rows are stamped `stampedAt`; its ERP and lines are drawn
   * unless `fixed` names them (the ERP must be one the customer is in).
   */
  private createOrder(
    random: SeededRandom,
    orderedAt: Date,
    stampedAt: Date,
    customer: CustomerProfile | undefined = this.pickCustomer(random),
    fixed: { readonly system?: OrderProcess['system']; readonly lines?: readonly OrderLine[] } = {},
  ): OrderProcess | undefined {
    if (!customer) return undefined;
    const system: OrderProcess['system'] =
      fixed.system ??
      (customer.inSap && (!customer.inBusinessCentral || random.chance(0.5)) ? 'sapS4' : 'businessCentral');
    const lines = fixed.lines ?? drawOrderLines(random, this.products);
    const schedule = scheduleMilestones(random, system, orderedAt);
    this.sequence.shipment += 1;
    let orderNumber: string;
    let orderId: string;
    let customerNumber: string;
    if (system === 'sapS4') {
      this.sequence.salesOrder += 1;
      orderNumber = String(10_000_000 + this.sequence.salesOrder);
      orderId = orderNumber;
      customerNumber = this.sapPartners.get(customer.index)?.[0]?.partner ?? '';
    } else {
      this.sequence.bcOrder += 1;
      orderNumber = `S-ORD${101_000 + this.sequence.bcOrder}`;
      orderId = random.guid();
      customerNumber = this.bcCustomers.get(customer.index)?.number ?? '';
    }
    const process: OrderProcess = {
      system,
      orderNumber,
      orderId,
      customer,
      customerNumber,
      currency: customer.country.currency,
      orderedAt,
      purchaseOrder: `PO-${orderedAt.getUTCFullYear()}-${String(random.int(1000, 9999))}`,
      lines,
      netAmount: netAmountOf(lines),
      warehouse: customer.country.code === 'US' ? 'CHI' : 'HH1',
      shipmentId: 300_000_000_000 + 1_000 + this.sequence.shipment,
      carrier: random.pick(carriers),
      trackingNumber: `JJD${String(random.int(100_000_000, 999_999_999))}${String(random.int(1000, 9999))}`,
      plannedShipAt: schedule.plannedShipAt,
      plannedArrivalAt: schedule.plannedArrivalAt,
      due: schedule.due,
      done: {},
      orderChangedAt: stampedAt,
      shipmentChangedAt: stampedAt,
    };
    this.processes.push(process);
    for (const line of lines) {
      const position = this.stockFor(process.warehouse, line.product.number);
      if (position) {
        position.reserved += line.quantity;
        position.changedAt = stampedAt;
        this.tables.oracleScm.onhandQuantityDetails.refresh(onhandRow(position));
      }
    }
    this.project(process);
    return process;
  }

  /** Records a milestone as happened at `at` and re-projects the process into every system. */
  private completeMilestone(process: OrderProcess, milestone: Milestone, at: Date): void {
    process.done[milestone] = at;
    if (milestone === 'ship') {
      process.orderChangedAt = at;
      process.shipmentChangedAt = at;
      for (const line of process.lines) {
        const position = this.stockFor(process.warehouse, line.product.number);
        if (position) {
          position.onhand = Math.max(0, position.onhand - line.quantity);
          position.reserved = Math.max(0, position.reserved - line.quantity);
          position.changedAt = at;
          this.tables.oracleScm.onhandQuantityDetails.refresh(onhandRow(position));
        }
      }
    } else if (milestone === 'deliver') {
      process.shipmentChangedAt = at;
      if (process.system === 'sapS4') process.orderChangedAt = at;
      this.installedBase.deliver(process, at, this.clock());
    } else if (milestone === 'invoice') {
      process.invoiceChangedAt = at;
      process.dueDate = shift(at, 30 * DAY_MS);
      if (process.system === 'sapS4') {
        this.sequence.billing += 1;
        process.invoiceNumber = String(90_000_000 + this.sequence.billing);
        process.orderChangedAt = at;
      } else {
        this.sequence.bcInvoice += 1;
        process.invoiceNumber = `S-INV${103_000 + this.sequence.bcInvoice}`;
        process.invoiceId = this.random.fork(`invoice-${process.orderId}`).guid();
        // Posting the invoice deletes the sales order in Business Central.
        this.tables.businessCentral.salesOrders.remove(process.orderId, at);
      }
    } else {
      process.invoiceChangedAt = at;
    }
    this.project(process);
  }

  private project(process: OrderProcess): void {
    if (process.system === 'sapS4') {
      this.tables.sapS4.A_SalesOrder.refresh(salesOrderRow(process));
      const invoice = billingDocumentRow(process);
      if (invoice) this.tables.sapS4.A_BillingDocument.refresh(invoice);
    } else {
      const record = this.bcCustomers.get(process.customer.index);
      if (record) {
        if (process.done.invoice === undefined)
          this.tables.businessCentral.salesOrders.refresh(bcSalesOrderRow(process, record));
        const invoice = salesInvoiceRow(process, record);
        if (invoice) this.tables.businessCentral.salesInvoices.refresh(invoice);
      }
    }
    this.tables.oracleScm.shipments.refresh(shipmentRow(process));
  }

  // ---- parts -----------------------------------------------------------------------------------

  private seedParts(now: Date): void {
    const random = this.random.fork('parts');
    for (const product of this.products) {
      const introducedAt = shift(now, -random.int(500, 1_400) * DAY_MS);
      const revisions = product.successorNumber ? 2 : random.int(1, product.role === 'main' ? 3 : 2);
      let createdOn = introducedAt;
      for (let index = 0; index < revisions; index += 1) {
        const isLatest = index === revisions - 1;
        const lastModified = shift(createdOn, random.int(1, 60) * DAY_MS);
        const state: PartRevision['state'] = !isLatest
          ? 'RELEASED'
          : product.obsolete
            ? 'OBSOLETE'
            : random.chance(0.1)
              ? 'INWORK'
              : 'RELEASED';
        this.addPart({
          id: this.nextPartId(),
          product,
          revision: revisionLetters[index] ?? 'Z',
          iteration: random.int(1, 4),
          state,
          createdOn,
          lastModified: lastModified.getTime() > now.getTime() ? now : lastModified,
          modifiedBy: random.pick(['jschulz', 'mberg', 'tkoch', 'ewagner']),
        });
        createdOn = shift(lastModified, random.int(30, 200) * DAY_MS);
        if (createdOn.getTime() > now.getTime()) createdOn = shift(now, -DAY_MS);
      }
    }
  }

  private nextPartId(): string {
    this.sequence.part += 1;
    return `OR:wt.part.WTPart:${String(210_000 + this.sequence.part * 17)}`;
  }

  private addPart(part: PartRevision): void {
    const existing = this.parts.findIndex((candidate) => candidate.id === part.id);
    if (existing >= 0) this.parts[existing] = part;
    else this.parts.push(part);
    this.tables.windchill.Parts.refresh(partRow(part));
  }

  // ---- stock -----------------------------------------------------------------------------------

  private seedStock(now: Date): void {
    const random = this.random.fork('stock');
    for (const warehouse of warehouses) {
      for (const product of this.products.filter((candidate) => !candidate.obsolete)) {
        const reorderPoint = product.role === 'main' ? random.int(4, 12) : random.int(20, 60);
        const position: StockPosition = {
          warehouse,
          product,
          // About one in eight positions is already below its reorder point.
          onhand: random.chance(0.12)
            ? random.int(0, reorderPoint - 1)
            : random.int(reorderPoint, reorderPoint * 6),
          reserved: 0,
          reorderPoint,
          changedAt: shift(now, -random.int(1, 20 * 24) * HOUR_MS),
        };
        this.stock.push(position);
        this.tables.oracleScm.onhandQuantityDetails.upsert(onhandRow(position));
      }
    }
  }

  private stockFor(warehouse: string, itemNumber: string): StockPosition | undefined {
    return this.stock.find(
      (position) => position.warehouse.code === warehouse && position.product.number === itemNumber,
    );
  }

  // ---- stream handlers (ticks and data faults) -------------------------------------------------

  private createHandlers(): Record<TableSystem, Record<string, StreamHandler>> {
    const processBy = (predicate: (process: OrderProcess) => boolean) => this.processes.find(predicate);
    const orderChange = (system: OrderProcess['system']) => (random: SeededRandom, at: Date) => {
      const process = this.createOrder(random, at, at);
      return process?.system === system
        ? system === 'sapS4'
          ? process.orderNumber
          : process.orderId
        : undefined;
    };
    const invoiceChange = (system: OrderProcess['system']) => (random: SeededRandom, at: Date) => {
      let process = processBy(
        (candidate) => candidate.system === system && candidate.done.invoice === undefined,
      );
      for (let attempt = 0; !process && attempt < 20; attempt += 1) {
        const created = this.createOrder(random, at, at);
        if (created?.system === system) process = created;
      }
      if (!process) return undefined;
      if (process.done.ship === undefined) this.completeMilestone(process, 'ship', at);
      if (process.done.deliver === undefined && system === 'businessCentral')
        this.completeMilestone(process, 'deliver', at);
      this.completeMilestone(process, 'invoice', at);
      return system === 'sapS4' ? process.invoiceNumber : process.invoiceId;
    };
    const sapPartnerHandler: StreamHandler = {
      table: this.tables.sapS4.A_BusinessPartner,
      touch: (key, at) => this.restampPartner(key, at),
      change: (random, at) => {
        if (random.chance(0.3)) {
          const customer = this.createCustomer(random, at, 'sapS4');
          return this.sapPartners.get(customer.index)?.[0]?.partner;
        }
        const live = this.customers.filter((candidate) =>
          (this.sapPartners.get(candidate.index) ?? []).some(
            (spelling) => this.tables.sapS4.A_BusinessPartner.get(spelling.partner) !== undefined,
          ),
        );
        if (live.length === 0) return undefined;
        const customer = random.pick(live);
        const updated = this.moveCustomer(random, customer);
        for (const spelling of this.sapPartners.get(customer.index) ?? []) {
          const restamped = { ...spelling, changedAt: at };
          this.tables.sapS4.A_BusinessPartner.refresh(businessPartnerRow(updated, restamped));
        }
        this.sapPartners.set(
          customer.index,
          (this.sapPartners.get(customer.index) ?? []).map((spelling) => ({ ...spelling, changedAt: at })),
        );
        return this.sapPartners.get(customer.index)?.[0]?.partner;
      },
    };
    const bcCustomerHandler: StreamHandler = {
      table: this.tables.businessCentral.customers,
      touch: (key, at) => {
        const entry = [...this.bcCustomers.entries()].find(([, record]) => record.id === key);
        const customer = entry ? this.customers[entry[0]] : undefined;
        if (!entry || !customer) return;
        const record = { ...entry[1], changedAt: at };
        this.bcCustomers.set(entry[0], record);
        this.tables.businessCentral.customers.refresh(customerRow(customer, record));
      },
      change: (random, at) => {
        if (random.chance(0.3))
          return this.bcCustomers.get(this.createCustomer(random, at, 'businessCentral').index)?.id;
        // Only customers still present can change (a deleted row stays deleted).
        const live = this.customers.filter((candidate) => {
          const record = this.bcCustomers.get(candidate.index);
          return record !== undefined && this.tables.businessCentral.customers.get(record.id) !== undefined;
        });
        if (live.length === 0) return undefined;
        const customer = random.pick(live);
        const updated = this.moveCustomer(random, customer);
        const previous = this.bcCustomers.get(customer.index);
        if (!previous) return undefined;
        const record = { ...previous, phoneNumber: bcPhoneFormat(updated), changedAt: at };
        this.bcCustomers.set(customer.index, record);
        this.tables.businessCentral.customers.refresh(customerRow(updated, record));
        return record.id;
      },
      garbleEmail: (key, at) => {
        const entry = [...this.bcCustomers.entries()].find(([, record]) => record.id === key);
        const customer = entry ? this.customers[entry[0]] : undefined;
        if (!entry || !customer || this.tables.businessCentral.customers.get(key) === undefined) return false;
        // Kept in the customer's record, so later changes to the row keep the typo until the source fixes it.
        const record = { ...entry[1], email: entry[1].email.replace('@', '(at)'), changedAt: at };
        this.bcCustomers.set(entry[0], record);
        this.tables.businessCentral.customers.refresh(customerRow(customer, record));
        return true;
      },
    };
    const restampProcess =
      (find: (process: OrderProcess) => boolean, stamp: (process: OrderProcess, at: Date) => void) =>
      (key: string, at: Date) => {
        const process = processBy((candidate) => find(candidate) && this.processKeyMatches(candidate, key));
        if (!process) return;
        stamp(process, at);
        this.project(process);
      };
    return {
      sapS4: {
        A_BusinessPartner: sapPartnerHandler,
        A_SalesOrder: {
          table: this.tables.sapS4.A_SalesOrder,
          touch: restampProcess(
            (process) => process.system === 'sapS4',
            (process, at) => {
              process.orderChangedAt = at;
            },
          ),
          change: orderChange('sapS4'),
        },
        A_BillingDocument: {
          table: this.tables.sapS4.A_BillingDocument,
          touch: restampProcess(
            (process) => process.system === 'sapS4' && process.done.invoice !== undefined,
            (process, at) => {
              process.invoiceChangedAt = at;
            },
          ),
          change: invoiceChange('sapS4'),
        },
        Equipment: {
          table: this.tables.sapS4.Equipment,
          touch: (key, at) => this.installedBase.touch(key, at),
          change: (random, at) => this.installedBase.endContractSoon(random, at, 25),
        },
      },
      businessCentral: {
        customers: bcCustomerHandler,
        salesOrders: {
          table: this.tables.businessCentral.salesOrders,
          touch: restampProcess(
            (process) => process.system === 'businessCentral',
            (process, at) => {
              process.orderChangedAt = at;
            },
          ),
          change: orderChange('businessCentral'),
        },
        salesInvoices: {
          table: this.tables.businessCentral.salesInvoices,
          touch: restampProcess(
            (process) => process.system === 'businessCentral' && process.done.invoice !== undefined,
            (process, at) => {
              process.invoiceChangedAt = at;
            },
          ),
          change: invoiceChange('businessCentral'),
        },
      },
      windchill: {
        Parts: {
          table: this.tables.windchill.Parts,
          touch: (key, at) => {
            const part = this.parts.find((candidate) => candidate.id === key);
            if (part) this.addPart({ ...part, lastModified: at });
          },
          change: (random, at) => {
            const part = random.pick(this.parts.filter((candidate) => candidate.state !== 'OBSOLETE'));
            const latest = this.latestRevision(part.product.number);
            if (latest && latest.state === 'RELEASED' && random.chance(0.4)) {
              // A new revision starts in work; the released one stays as it is.
              const next: PartRevision = {
                ...latest,
                id: this.nextPartId(),
                revision: revisionLetters[revisionLetters.indexOf(latest.revision) + 1] ?? 'Z',
                iteration: 1,
                state: 'INWORK',
                createdOn: at,
                lastModified: at,
              };
              this.addPart(next);
              return next.id;
            }
            const target = latest ?? part;
            const state: PartRevision['state'] =
              target.state === 'INWORK' && random.chance(0.5) ? 'RELEASED' : target.state;
            this.addPart({ ...target, iteration: target.iteration + 1, state, lastModified: at });
            return target.id;
          },
        },
      },
      oracleScm: {
        shipments: {
          table: this.tables.oracleScm.shipments,
          touch: restampProcess(
            () => true,
            (process, at) => {
              process.shipmentChangedAt = at;
            },
          ),
          change: (random, at) => {
            const process = this.createOrder(random, at, at);
            return process ? String(process.shipmentId) : undefined;
          },
        },
        onhandQuantityDetails: {
          table: this.tables.oracleScm.onhandQuantityDetails,
          touch: (key, at) => {
            const position = this.stock.find((candidate) => stockKey(candidate) === key);
            if (!position) return;
            position.changedAt = at;
            this.tables.oracleScm.onhandQuantityDetails.refresh(onhandRow(position));
          },
          change: (random, at) => {
            const position = random.pick(this.stock);
            position.onhand = Math.max(0, position.onhand + random.int(-5, 20));
            position.changedAt = at;
            this.tables.oracleScm.onhandQuantityDetails.refresh(onhandRow(position));
            return stockKey(position);
          },
        },
      },
    };
  }

  private processKeyMatches(process: OrderProcess, key: string): boolean {
    return (
      process.orderNumber === key ||
      process.orderId === key ||
      process.invoiceNumber === key ||
      process.invoiceId === key ||
      String(process.shipmentId) === key
    );
  }

  private restampPartner(key: string, at: Date): void {
    for (const [index, spellings] of this.sapPartners) {
      const customer = this.customers[index];
      if (!customer || !spellings.some((spelling) => spelling.partner === key)) continue;
      const updated = spellings.map((spelling) =>
        spelling.partner === key ? { ...spelling, changedAt: at } : spelling,
      );
      this.sapPartners.set(index, updated);
      for (const spelling of updated) {
        if (spelling.partner === key)
          this.tables.sapS4.A_BusinessPartner.refresh(businessPartnerRow(customer, spelling));
      }
    }
  }

  private archiveDuplicatePartner(at: Date): boolean {
    for (const [index, spellings] of this.sapPartners) {
      const customer = this.customers[index];
      const duplicate = spellings.find((spelling, position) => position > 0 && spelling.archived !== true);
      if (!customer || !duplicate) continue;
      const archived = { ...duplicate, archived: true, changedAt: at };
      this.sapPartners.set(
        index,
        spellings.map((spelling) => (spelling === duplicate ? archived : spelling)),
      );
      this.tables.sapS4.A_BusinessPartner.refresh(businessPartnerRow(customer, archived));
      return true;
    }
    return false;
  }

  private cancelOpenSapInvoice(random: SeededRandom, at: Date): void {
    const open = this.processes.filter(
      (process) =>
        process.system === 'sapS4' &&
        process.done.invoice !== undefined &&
        !process.done.pay &&
        !process.cancelled,
    );
    if (open.length === 0) return;
    const process = random.pick(open);
    process.cancelled = true;
    process.invoiceChangedAt = at;
    this.project(process);
  }

  /** A customer moved or changed their phone number; returns the updated profile (kept in `customers`). */
  private moveCustomer(random: SeededRandom, customer: CustomerProfile): CustomerProfile {
    const subscriber = String(random.int(1_000_000, 9_999_999));
    const city = random.pick(customer.country.cities);
    const updated: CustomerProfile = {
      ...customer,
      city: city.name,
      postalCode: city.postalCode,
      houseNumber: String(random.int(1, 180)),
      phoneE164: `+${customer.country.dialCode}${city.areaCode}${subscriber}`,
      phoneNational: `${customer.country.dialCode === '1' ? '' : '0'}${city.areaCode} ${subscriber}`,
    };
    this.customers[customer.index] = updated;
    return updated;
  }
}

const stockKey = (position: StockPosition): string =>
  `${position.warehouse.code}|${position.product.number}|FG`;

/** `Brandt Fördertechnik` → `Brandt Foerdertechnik`: how names look when typed on a US keyboard. */
const asciiFold = (text: string): string =>
  text
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replaceAll('ó', 'o');

/** `anna.berg@brandt.de` → `Anna.Berg@Brandt.de`. */
const titleCaseEmail = (email: string): string =>
  email.replace(
    /(^|[.@-])([a-z])/g,
    (_match, separator: string, letter: string) => `${separator}${letter.toUpperCase()}`,
  );
