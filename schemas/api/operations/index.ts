import type { ApiOperation } from '../operation.ts';
import { eraseCustomerOperation } from './erase-customer.ts';
import { exportCustomerOperation } from './export-customer.ts';
import { findCustomerOperation } from './find-customer.ts';
import { getCustomerOperation } from './get-customer.ts';
import { getIdentityOperation } from './get-identity.ts';
import { getOpenApiOperation } from './get-openapi.ts';
import { getProductDemandOperation } from './get-product-demand.ts';
import { getRuleOutcomesOperation } from './get-rule-outcomes.ts';
import { getTimelineOperation } from './get-timeline.ts';
import { listConnectorsOperation } from './list-connectors.ts';
import { listDeadLettersOperation } from './list-dead-letters.ts';
import { listQuarantineOperation } from './list-quarantine.ts';
import { listReactionsOperation } from './list-reactions.ts';
import { listSegmentMembersOperation } from './list-segment-members.ts';
import { listSegmentsOperation } from './list-segments.ts';
import { redriveDeadLetterOperation } from './redrive-dead-letter.ts';
import { unmergeCustomerOperation } from './unmerge-customer.ts';

/**
 * Every operation of the query API. The OpenAPI document is generated from this list; handlers import
 * only the operations they serve, so no function bundles the others' schemas.
 */
export const apiOperations: readonly ApiOperation[] = [
  getCustomerOperation,
  findCustomerOperation,
  getTimelineOperation,
  getIdentityOperation,
  unmergeCustomerOperation,
  eraseCustomerOperation,
  exportCustomerOperation,
  listSegmentsOperation,
  listSegmentMembersOperation,
  listConnectorsOperation,
  listQuarantineOperation,
  listDeadLettersOperation,
  redriveDeadLetterOperation,
  listReactionsOperation,
  getRuleOutcomesOperation,
  getProductDemandOperation,
  getOpenApiOperation,
];
