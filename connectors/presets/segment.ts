import type { Preset } from './preset.ts';

/** Segment track event names (e-commerce spec) and what they say about product interest. */
const interestByEvent = {
  'Product Viewed': 'productView',
  'Product Added': 'cartAdd',
  'Product Removed': 'cartRemove',
  'Checkout Started': 'checkout',
  'Order Completed': 'checkout',
  'Products Searched': 'search',
};

/** Segment S3 destination: gzip JSON lines under `segment-logs/<source-id>/<day-epoch-ms>/`, in key order. */
export const segmentPreset: Preset = {
  description: 'Segment-spec clickstream (track, page, identify) from the Segment S3 destination layout',
  streams: {
    events: {
      protocol: 'objects',
      source: { prefix: 'segment-logs/', keyField: 'messageId', pageSize: 500 },
      mapping: {
        entity: 'webActivity',
        version: {
          coalesce: [
            { path: 'receivedAt', transform: 'isoDateTime' },
            { path: 'timestamp', transform: 'isoDateTime' },
          ],
        },
        identifiers: [
          { type: 'anonymousId', value: 'anonymousId' },
          { type: 'webUser', value: 'userId' },
          { type: 'email', value: { coalesce: ['traits.email', 'context.traits.email'] } },
        ],
        data: {
          messageId: 'messageId',
          type: 'type',
          event: { coalesce: ['event', 'name'] },
          timestamp: { path: 'timestamp', transform: 'isoDateTime' },
          sessionId: { coalesce: ['context.sessionId', 'properties.sessionId'] },
          interest: {
            fields: {
              kind: {
                coalesce: [
                  { path: 'event', lookup: interestByEvent },
                  { path: 'type', lookup: { page: 'pageView' } },
                ],
              },
              partNumber: { coalesce: ['properties.sku', 'properties.product_id'] },
              query: 'properties.query',
              quantity: { path: 'properties.quantity', transform: 'number' },
            },
          },
          properties: { path: 'properties', default: {} },
          traits: 'traits',
        },
      },
    },
  },
};
