/** The buses the local endpoint knows: the hub's custom bus and AWS's always-present `default` bus. */
export interface BusDirectory {
  readonly region: string;
  readonly accountId: string;
  /** The hub's custom bus, the one rules are attached to. */
  readonly busName: string;
}

/** The ARN of a bus in this directory's account and region. */
export const busArn = (directory: BusDirectory, name: string): string =>
  `arn:aws:events:${directory.region}:${directory.accountId}:event-bus/${name}`;

/** The rule ARN, as `aws.events.rule-arn` and ListRules report it. */
export const ruleArn = (directory: BusDirectory, ruleName: string): string =>
  `arn:aws:events:${directory.region}:${directory.accountId}:rule/${directory.busName}/${ruleName}`;

/**
 * Resolves `EventBusName` (a name or an ARN, omitted meaning `default`) to a known bus name, or
 * undefined when no such bus exists here.
 */
export const resolveBusName = (
  directory: BusDirectory,
  nameOrArn: string | undefined,
): string | undefined => {
  const value = nameOrArn ?? 'default';
  const known = [directory.busName, 'default'];
  if (!value.startsWith('arn:')) return known.includes(value) ? value : undefined;
  return known.find((name) => busArn(directory, name) === value);
};
