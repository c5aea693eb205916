import type { Preset } from './preset.ts';

/** Ticket tags (lower case, as Zendesk stores them) that say what a ticket is about. */
const categoryByTag = {
  complaint: 'complaint',
  beschwerde: 'complaint',
  reklamation: 'complaint',
  return: 'return',
  rma: 'return',
  retoure: 'return',
  repair: 'repair',
  warranty: 'repair',
  order: 'order',
  order_status: 'order',
  quote: 'sales',
  sales: 'sales',
  question: 'question',
};

/**
 * Zendesk Support: tickets from the cursor-based incremental ticket export
 * (`/api/v2/incremental/tickets/cursor.json`, `include=users`), each a service case of its requester.
 * Category and part come from the installation's custom fields (`source.customFields`) or its tags.
 */
export const zendeskPreset: Preset = {
  description: 'Zendesk Support (cursor-based incremental ticket export): tickets as service interactions',
  streams: {
    tickets: {
      protocol: 'cursor-export',
      source: {
        path: '/api/v2/incremental/tickets/cursor.json',
        keyField: 'id',
        cursorField: 'updated_at',
        recordsField: 'tickets',
        params: { include: 'users' },
        sideloads: [
          { from: 'users', on: 'requester_id', as: 'requester' },
          { from: 'users', on: 'assignee_id', as: 'assignee' },
        ],
        pageSize: 100,
      },
      mapping: {
        entity: 'interaction',
        // The ticket number agents see (`#4711`) is the ticket's id.
        businessKey: 'id',
        identifiers: [
          { type: 'email', value: 'requester.email', required: true },
          { type: 'phone', value: 'requester.phone' },
        ],
        deletedWhen: { path: 'status', equals: 'deleted' },
        data: {
          interactionId: { path: 'id', transform: 'string' },
          kind: { value: 'serviceCase' },
          channel: {
            path: 'via.channel',
            lookup: {
              email: 'email',
              web: 'web',
              web_form: 'web',
              mobile: 'web',
              voice: 'phone',
              phone: 'phone',
              chat: 'chat',
              native_messaging: 'chat',
              sms: 'other',
              api: 'other',
            },
            default: 'other',
          },
          direction: { value: 'inbound' },
          occurredAt: { path: 'created_at', transform: 'isoDateTime' },
          agent: { coalesce: ['assignee.name', { path: 'assignee_id', transform: 'string' }] },
          contactPerson: { path: 'requester.name', transform: 'emptyToMissing' },
          subject: { path: 'subject', transform: 'emptyToMissing' },
          category: {
            coalesce: [
              { path: '$fields.category', transform: 'lowercase', lookup: categoryByTag },
              { each: 'tags', lookup: categoryByTag, first: true },
              { path: 'type', lookup: { question: 'question', problem: 'complaint', incident: 'other' } },
            ],
          },
          outcome: { coalesce: [{ path: '$fields.outcome', transform: 'emptyToMissing' }, 'status'] },
          status: {
            path: 'status',
            lookup: {
              new: 'open',
              open: 'open',
              pending: 'inProgress',
              hold: 'inProgress',
              solved: 'resolved',
              closed: 'closed',
            },
          },
          partNumber: { path: '$fields.partNumber', transform: ['string', 'emptyToMissing'] },
          serialNumber: { path: '$fields.serialNumber', transform: ['string', 'emptyToMissing'] },
        },
      },
    },
  },
};
