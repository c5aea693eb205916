import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sectionItem, viewFromItems, viewSectionSort } from '../../core/customer-360/view/view-items.ts';
import type { CustomerViewState } from '../../core/customer-360/view/view-state.ts';
import { RECORD_SECTIONS, VIEW_SECTIONS, type ViewSection } from '../../core/customer-360/view/view-state.ts';
import type { Item } from '../../core/items/record-items.ts';
import type { CustomerViewStore } from '../../core/ports/customer-view-store.ts';
import {
  buildPartitionQuery,
  buildSectionDelete,
  buildSectionPut,
  buildViewQuery,
} from './customer-view-requests.ts';
import { queryAllPages, queryPages } from './paginate.ts';

/** The customer-360 view's sections in the table, for the projector. */
export class DynamoDbCustomerViewStore implements CustomerViewStore {
  /** DynamoDB requests sent (tests and the bench read it). */
  requests = 0;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readView(customerId: string): Promise<CustomerViewState | undefined> {
    const { items, requests } = await queryAllPages<Item>(
      this.client,
      buildViewQuery(this.tableName, customerId),
    );
    this.requests += requests;
    return viewFromItems(customerId, items)?.state;
  }

  async writeSections(state: CustomerViewState, sections: readonly ViewSection[]): Promise<boolean> {
    // Record sections first, the head last: the head's basis is what a read trusts, so it never claims
    // more than the sections written before it hold.
    const ordered = [
      ...RECORD_SECTIONS.filter((s) => sections.includes(s)),
      ...(sections.includes('head') ? (['head'] as const) : []),
    ];
    for (const section of ordered) {
      const readVersion = state.meta[section]?.version ?? 0;
      try {
        this.requests++;
        await this.client.send(
          new PutCommand(
            buildSectionPut(this.tableName, sectionItem(state, section, readVersion + 1), readVersion),
          ),
        );
      } catch (err: unknown) {
        if (err instanceof ConditionalCheckFailedException) return false;
        throw err;
      }
      const meta = state.meta[section];
      if (meta) state.meta[section] = { ...meta, version: readVersion + 1 };
    }
    return true;
  }

  async deleteView(customerId: string): Promise<void> {
    await Promise.all(
      VIEW_SECTIONS.map((section) => {
        this.requests++;
        return this.client.send(
          new DeleteCommand(buildSectionDelete(this.tableName, customerId, viewSectionSort(section))),
        );
      }),
    );
  }

  partitionPages(customerId: string, sortPrefix?: string): AsyncIterable<readonly Item[]> {
    return queryPages<Item>(this.client, buildPartitionQuery(this.tableName, customerId, sortPrefix), () => {
      this.requests++;
    });
  }
}
