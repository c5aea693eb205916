import type { DataFault } from '../../faults/fault-spec.ts';
import type { Row } from '../../odata/entity-model.ts';
import type { CustomerProfile, ProductProfile } from '../../world/reference-data.ts';
import type { SeededRandom } from '../../world/seeded-random.ts';
import { ChangeCounter, SourceTable } from '../../world/source-table.ts';
import type { SimulatedNow } from '../../world/time.ts';
import { DAY_MS, shift } from '../../world/time.ts';
import { deskCustomFields, ticketMeta } from './desk-model.ts';

/** A Zendesk user: the customers' contacts (end users) and the service agents. */
export interface DeskUser {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly phone: string | null;
  readonly role: 'end-user' | 'agent';
}

type Category = 'complaint' | 'return' | 'repair' | 'question' | 'order';
type Status = 'new' | 'open' | 'pending' | 'solved' | 'closed' | 'deleted';

interface Ticket {
  readonly id: number;
  readonly requester: DeskUser;
  readonly product: ProductProfile;
  readonly category: Category;
  readonly channel: 'email' | 'voice' | 'web' | 'chat';
  readonly createdAt: Date;
  status: Status;
  assignee?: DeskUser;
  updatedAt: Date;
}

const agents: readonly DeskUser[] = [
  {
    id: 9_001,
    name: 'Lena Hoffmann',
    email: 'lena.hoffmann@nordhaven-pumps.example',
    phone: null,
    role: 'agent',
  },
  {
    id: 9_002,
    name: 'Marco Rossi',
    email: 'marco.rossi@nordhaven-pumps.example',
    phone: null,
    role: 'agent',
  },
  {
    id: 9_003,
    name: 'Sara Lindqvist',
    email: 'sara.lindqvist@nordhaven-pumps.example',
    phone: null,
    role: 'agent',
  },
];

const subjects: Record<Category, (product: ProductProfile) => string> = {
  complaint: (p) => `${p.name} leaking after installation`,
  return: (p) => `Return request for ${p.number}`,
  repair: (p) => `${p.name} needs repair under warranty`,
  question: (p) => `Question about ${p.name} spare parts`,
  order: (p) => `Where is my order of ${p.number}?`,
};

const nextStatus: Partial<Record<Status, Status>> = {
  new: 'open',
  open: 'pending',
  pending: 'solved',
  solved: 'closed',
};

/**
 * The service desk (Zendesk-like) of the sandbox company: tickets raised by the customers' purchasing
 * contacts about the company's parts, worked by agents and changing on every tick. Each change gets a
 * new change version, which is what the incremental export's cursor follows.
 */
export class ServiceDesk {
  readonly table = new SourceTable(ticketMeta, new ChangeCounter());
  private readonly tickets = new Map<number, Ticket>();
  private readonly users = new Map<number, DeskUser>(agents.map((agent) => [agent.id, agent]));
  private sequence = 35_000;

  constructor(
    private readonly customers: () => readonly CustomerProfile[],
    private readonly products: () => readonly ProductProfile[],
    private readonly clock: SimulatedNow,
    random: SeededRandom,
    count: number,
  ) {
    const now = clock();
    for (let i = 0; i < count; i += 1) {
      const createdAt = shift(now, -random.int(1, 120) * DAY_MS);
      const ticket = this.open(random, createdAt);
      if (!ticket) continue;
      // Older tickets have moved on through their lifecycle.
      for (let step = random.int(0, 4); step > 0; step -= 1)
        this.advance(random, ticket, shift(createdAt, step * DAY_MS));
    }
  }

  /** Users by id, for the export's `include=users` side-load. */
  user(id: number): DeskUser | undefined {
    return this.users.get(id);
  }

  /** New tickets and progress on open ones. */
  tick(random: SeededRandom, count: number): void {
    const now = this.clock();
    for (let i = 0; i < count; i += 1) this.open(random, now);
    const active = [...this.tickets.values()].filter((t) => nextStatus[t.status] !== undefined);
    for (let i = 0; i < count * 2 && active.length > 0; i += 1) {
      const ticket = active.splice(random.int(0, active.length - 1), 1)[0];
      if (ticket) this.advance(random, ticket, now);
    }
  }

  /** Applies a data fault to the `tickets` stream; returns the touched ticket ids. */
  applyFault(fault: DataFault, random: SeededRandom): string[] {
    if (fault.stream !== 'tickets')
      throw new Error(`unknown stream ${fault.stream} for serviceDesk; known: tickets`);
    if (fault.kind === 'invalidEmail')
      throw new Error('invalidEmail is not supported for serviceDesk; it works on businessCentral customers');
    const now = this.clock();
    const live = [...this.tickets.values()].filter((t) => t.status !== 'deleted');
    if (fault.kind === 'tieTimestamps') {
      const at = fault.at === undefined ? now : new Date(fault.at);
      const touched = live.slice(0, fault.count);
      for (const ticket of touched) this.save({ ...ticket, updatedAt: at });
      return touched.map((t) => String(t.id));
    }
    if (fault.kind === 'lateRows') {
      const at = shift(now, -fault.ageMinutes * 60_000);
      const touched = live.slice(-fault.count);
      for (const ticket of touched) this.advance(random, ticket, at);
      return touched.map((t) => String(t.id));
    }
    const keys = fault.keys ?? live.slice(0, fault.count).map((t) => String(t.id));
    for (const key of keys) {
      const ticket = this.tickets.get(Number(key));
      if (ticket) this.save({ ...ticket, status: 'deleted', updatedAt: now });
    }
    return keys;
  }

  private open(random: SeededRandom, at: Date): Ticket | undefined {
    const customers = this.customers();
    const products = this.products().filter((p) => !p.obsolete);
    if (customers.length === 0 || products.length === 0) return undefined;
    const customer = random.pick(customers);
    const requester = this.requesterFor(customer);
    this.sequence += 1;
    const ticket: Ticket = {
      id: this.sequence,
      requester,
      product: random.pick(products),
      category: random.pick(['complaint', 'return', 'repair', 'question', 'order'] as const),
      channel: random.pick(['email', 'voice', 'web', 'chat'] as const),
      createdAt: at,
      status: 'new',
      updatedAt: at,
    };
    this.save(ticket);
    return ticket;
  }

  private advance(random: SeededRandom, ticket: Ticket, at: Date): void {
    const status = nextStatus[ticket.status] ?? ticket.status;
    this.save({ ...ticket, status, assignee: ticket.assignee ?? random.pick(agents), updatedAt: at });
  }

  private requesterFor(customer: CustomerProfile): DeskUser {
    const id = 500_000 + customer.index;
    const existing = this.users.get(id);
    if (existing) return existing;
    const user: DeskUser = {
      id,
      name: `${customer.contactFirstName} ${customer.contactLastName}`,
      email: customer.email,
      phone: customer.phoneE164,
      role: 'end-user',
    };
    this.users.set(id, user);
    return user;
  }

  private save(ticket: Ticket): void {
    this.tickets.set(ticket.id, ticket);
    this.table.upsert(ticketRow(ticket));
  }
}

/** A ticket as the store row the server renders (tags and custom fields kept as child rows). */
const ticketRow = (ticket: Ticket): Row => ({
  id: ticket.id,
  subject: subjects[ticket.category](ticket.product),
  description: `${subjects[ticket.category](ticket.product)}. Serial number SN-${ticket.id}.`,
  type: ticket.category === 'question' ? 'question' : ticket.category === 'complaint' ? 'problem' : 'task',
  priority: ticket.category === 'complaint' ? 'high' : 'normal',
  status: ticket.status,
  requester_id: ticket.requester.id,
  submitter_id: ticket.requester.id,
  assignee_id: ticket.assignee?.id ?? null,
  created_at: ticket.createdAt,
  updated_at: ticket.updatedAt,
  tags: [{ tag: ticket.category }, { tag: ticket.product.familyPrefix.toLowerCase() }],
  custom_fields: [
    { id: deskCustomFields.partNumber, value: ticket.product.number },
    { id: deskCustomFields.category, value: ticket.category },
    { id: deskCustomFields.serialNumber, value: `SN-${ticket.id}` },
  ],
  via: { channel: ticket.channel },
});
