import type { EntitySetMeta } from '../../odata/entity-model.ts';

/** Custom ticket field ids of the sandbox's Zendesk-like installation (ids are per installation in Zendesk). */
export const deskCustomFields = {
  partNumber: 360_000_000_101,
  category: 360_000_000_102,
  serialNumber: 360_000_000_103,
} as const;

/** The ticket attributes the sandbox service desk serves (a subset of Zendesk's ticket object). */
export const ticketMeta: EntitySetMeta = {
  name: 'tickets',
  typeName: 'ticket',
  keyFields: ['id'],
  changedField: 'updated_at',
  properties: {
    id: 'Edm.Int32',
    subject: 'Edm.String',
    description: 'Edm.String',
    type: 'Edm.String',
    priority: 'Edm.String',
    status: 'Edm.String',
    requester_id: 'Edm.Int32',
    submitter_id: 'Edm.Int32',
    assignee_id: 'Edm.Int32',
    created_at: 'Edm.DateTimeOffset',
    updated_at: 'Edm.DateTimeOffset',
  },
  navigations: {},
};
