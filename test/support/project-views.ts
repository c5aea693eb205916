import { createViewProjector } from '../../app/customer-360/project-customer-views.ts';
import { DEFAULT_VIEW_LIMITS } from '../../core/customer-360/view/view-limits.ts';
import type { TestTable } from './store.ts';
import { followStream } from './stream-follower.ts';

/**
 * What the hub's stream subscription does for the customer-360 views, on demand: every change the table's
 * stream holds and this helper has not delivered yet goes to the projector, in batches of 100.
 */
export const viewProjectorFor = (
  table: Pick<TestTable, 'documentClient' | 'tableName' | 'streamArn' | 'streamsClient'>,
) => {
  const projector = createViewProjector({
    client: table.documentClient,
    tableName: table.tableName,
    limits: DEFAULT_VIEW_LIMITS,
  });
  const stream = followStream(table);
  return {
    projector,
    async catchUp(): Promise<number> {
      const changes = await stream.next();
      for (let i = 0; i < changes.length; i += 100) {
        const result = await projector.project(changes.slice(i, i + 100));
        if (result.failed.length > 0)
          throw new Error(`views not projected: ${JSON.stringify(result.failed)}`);
      }
      return changes.length;
    },
  };
};
