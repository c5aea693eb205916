/** A recorded dead letter as it is kept for re-sending: the event and EventBridge's attributes, unchanged. */
export interface KeptDeadLetter {
  /** ARN of the dead-letter queue it arrived in. */
  readonly sourceQueueArn: string;
  readonly body: string;
  /** `RULE_ARN`, `ERROR_CODE`, … as EventBridge wrote them. */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Keeps recorded dead letters where an operator can re-send them (on AWS the target's parked queue): consuming
 * the dead-letter queue must not lose the event, whose only other copy is the bus archive.
 */
export interface DeadLetterKeeper {
  keep(letter: KeptDeadLetter): Promise<void>;
}
