import { DemandSignalRaised, DemandSignalSuperseded, DemandSignalWithdrawn } from './demand-events.ts';
import {
  CrossSellOpportunityFound,
  PaymentFollowUpDue,
  ProductIssueThresholdReached,
  WarrantyExpiring,
} from './reaction-events.ts';

/** Events the hub derives from its view (demand, reaction triggers) rather than from one stored change. */
export const derivedEvents = {
  DemandSignalRaised,
  DemandSignalSuperseded,
  DemandSignalWithdrawn,
  PaymentFollowUpDue,
  CrossSellOpportunityFound,
  ProductIssueThresholdReached,
  WarrantyExpiring,
} as const;

export type DerivedEventName = keyof typeof derivedEvents;
