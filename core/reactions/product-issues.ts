import { DEFAULT_REACTIONS_CONFIG, type ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import type { InteractionData } from '../../schemas/entities/interaction.ts';
import type { ProductIssueThresholdReachedDetail } from '../../schemas/events/reaction-events.ts';

export type ProductIssueReport = Omit<ProductIssueThresholdReachedDetail, 'schemaVersion' | 'metadata'>;

/** A complaint or return about a part, with the customer who raised it (none once that customer was erased). */
export interface PartIssue {
  readonly customerId?: string;
  readonly interaction: InteractionData;
}

const DAY_MS = 86_400_000;
const MAX_EVIDENCE = 100;

/**
 * One PDM change request when complaints and returns about a part reach the threshold within the window.
 * Its key names the interaction that crossed the threshold, so re-evaluating the same facts (a
 * redelivery) yields the same request, and a part with a request already raised inside the window
 * gets no second one until the window has moved past it.
 */
export const evaluateProductIssues = (input: {
  readonly partNumber: string;
  readonly issues: readonly PartIssue[];
  readonly now: Date;
  /** When the last change request for this part was raised, if ever. */
  readonly lastRaisedAt?: string | undefined;
  readonly config?: ReactionsConfig;
}): ProductIssueReport | undefined => {
  const config = input.config ?? DEFAULT_REACTIONS_CONFIG;
  const from = input.now.getTime() - config.complaintWindowDays * DAY_MS;
  // Stryker disable next-line ConditionalExpression: equivalent, Date.parse(undefined) is NaN and NaN >= from is false, as the guard is
  if (input.lastRaisedAt !== undefined && Date.parse(input.lastRaisedAt) >= from) return undefined;
  const inWindow = input.issues
    .filter(({ interaction }) => {
      const at = Date.parse(interaction.occurredAt);
      const relevant = interaction.category === 'complaint' || interaction.category === 'return';
      return (
        relevant && interaction.partNumber === input.partNumber && at >= from && at <= input.now.getTime()
      );
    })
    .sort(
      (a, b) =>
        Date.parse(a.interaction.occurredAt) - Date.parse(b.interaction.occurredAt) ||
        a.interaction.interactionId.localeCompare(b.interaction.interactionId),
    );
  // The same contact recorded twice (two systems, a redelivery) is one complaint.
  const unique = [...new Map(inWindow.map((issue) => [issue.interaction.interactionId, issue])).values()];
  const crossing = unique[config.complaintThreshold - 1];
  if (!crossing) return undefined;
  const count = (category: 'complaint' | 'return') =>
    unique.filter(({ interaction }) => interaction.category === category).length;
  return {
    reactionKey: `product-issue:${input.partNumber}:${crossing.interaction.interactionId}`,
    partNumber: input.partNumber,
    complaints: count('complaint'),
    returns: count('return'),
    threshold: config.complaintThreshold,
    window: { from: new Date(from).toISOString(), to: input.now.toISOString() },
    // A case of an erased customer still counts, but is no evidence: it names nobody to follow up with.
    evidence: unique
      .filter((issue): issue is PartIssue & { customerId: string } => issue.customerId !== undefined)
      .slice(-MAX_EVIDENCE)
      .map(({ customerId, interaction }) => ({
        interactionId: interaction.interactionId,
        customerId,
        category: interaction.category === 'return' ? 'return' : 'complaint',
        occurredAt: interaction.occurredAt,
        ...(interaction.subject === undefined ? {} : { subject: interaction.subject }),
        ...(interaction.serialNumber === undefined ? {} : { serialNumber: interaction.serialNumber }),
      })),
  };
};
