import type { DynamoDBDocumentClient, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../core/items/keys.ts';
import type { KnownRecordKeys } from '../../../core/ports/known-record-keys.ts';
import { sourceRecordKey } from '../../../schemas/entities/canonical-record.ts';
import { scanPages } from '../paginate.ts';

/**
 * Builds the Scan over the store's record locators (`SRC#<entity>#<system>#<stream>#<key>`) of one stream
 * that are not tombstones. A Scan, because locators are not indexed by stream: reconciliation is a
 * periodic job (hours apart), and a stream-keyed index in the store would make it a Query.
 */
export const buildLocatorScan = (tableName: string, locatorPrefix: string): ScanCommandInput => ({
  TableName: tableName,
  FilterExpression:
    'begins_with(pk, :prefix) AND #kind = :locator AND (attribute_not_exists(#deleted) OR #deleted = :no)',
  ExpressionAttributeNames: { '#kind': 'kind', '#deleted': 'deleted', '#recordKey': 'recordKey' },
  ExpressionAttributeValues: { ':prefix': locatorPrefix, ':locator': 'locator', ':no': false },
  ProjectionExpression: '#recordKey',
});

/** The store's live source keys of a stream, read from its record locators. */
export const createDynamoKnownRecordKeys = (
  client: DynamoDBDocumentClient,
  tableName: string,
): KnownRecordKeys => ({
  async *list(entity, system, stream) {
    const recordPrefix = sourceRecordKey({ entity, source: { system, stream, key: '', version: '0' } });
    const input = buildLocatorScan(tableName, keys.locator(recordPrefix));
    for await (const page of scanPages(client, input)) {
      for (const item of page.Items ?? []) {
        const recordKey = item.recordKey;
        if (typeof recordKey === 'string' && recordKey.startsWith(recordPrefix))
          yield recordKey.slice(recordPrefix.length);
      }
    }
  },
});
