import { DemandSignalRaised, DemandSignalSuperseded, DemandSignalWithdrawn } from './demand-events.ts';
import {
  CrossSellOpportunityFound,
  PaymentFollowUpDue,
  ProductIssueThresholdReached,
  WarrantyExpiring,
} from './reaction-events.ts';
import { LateShipmentNoticeDue, RetentionTaskDue } from './service-reaction-events.ts';

/** Events the hub derives from its view (demand, reaction triggers) rather than from one stored change. */
export const derivedEvents = {
  DemandSignalRaised,
  DemandSignalSuperseded,
  DemandSignalWithdrawn,
  PaymentFollowUpDue,
  CrossSellOpportunityFound,
  ProductIssueThresholdReached,
  WarrantyExpiring,
  LateShipmentNoticeDue,
  RetentionTaskDue,
} as const;

export type DerivedEventName = keyof typeof derivedEvents;
