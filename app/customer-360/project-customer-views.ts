import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCustomerViewStore } from '../../adapters/dynamodb/dynamodb-customer-view-store.ts';
import {
  type ProjectionResult,
  projectStreamBatch,
} from '../../core/customer-360/view/project-stream-batch.ts';
import type { ViewLimits } from '../../core/customer-360/view/view-limits.ts';
import type { ChangeRecord } from '../../core/events/change-record.ts';

export interface ViewProjectorOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly limits: ViewLimits;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** The projector over a table: what the stream function (and tests) call with each batch of changes. */
export const createViewProjector = (options: ViewProjectorOptions) => {
  const views = new DynamoDbCustomerViewStore(options.client, options.tableName);
  // The reads' versions live as long as the projector (a warm Lambda sandbox, the local runtime).
  const deps = {
    views,
    limits: options.limits,
    now: options.now ?? (() => new Date()),
    recentReads: new Map(),
  };
  return {
    views,
    project: (changes: readonly ChangeRecord[]): Promise<ProjectionResult> =>
      projectStreamBatch(deps, changes),
  };
};
