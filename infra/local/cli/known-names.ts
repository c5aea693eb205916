import type { HubNames } from '../admin/protocol.ts';

const listed = (names: readonly string[]) => names.join(', ') || '(none)';

/** Refuses a connector the hub does not run, listing the ones it does. */
export const requireConnector = (names: HubNames, connector: string): void => {
  const known = Object.keys(names.connectors);
  if (!known.includes(connector))
    throw new Error(`unknown connector "${connector}"; this hub runs: ${listed(known)}`);
};

/** The name part of `rule:<name>/<target>`, `function:<name>` or `stream:<name>`, and whether it is a prefix. */
const originName = (origin: string): { kind: string; name: string; prefix: boolean } | undefined => {
  const match = /^(rule|function|stream):([^/*]*)(\*|\/.*)?$/.exec(origin);
  if (!match) return undefined;
  const [, kind = '', name = '', rest = ''] = match;
  return { kind, name, prefix: rest === '*' };
};

/**
 * Refuses a dead-letter origin filter that cannot match anything this hub delivers to (`rule:nosuch/*`), so a
 * typo is not answered with "no dead letters"; lists the rules or functions it knows.
 */
export const requireOrigin = (names: HubNames, origin: string): void => {
  const parsed = originName(origin);
  if (!parsed) {
    throw new Error(
      `"${origin}" is not a dead-letter origin; use rule:<rule>/*, rule:<rule>/<target>, function:<function> or stream:<function> (a trailing * matches a prefix)`,
    );
  }
  const known = parsed.kind === 'rule' ? names.rules : names.functions;
  const matches = parsed.prefix ? known.some((n) => n.startsWith(parsed.name)) : known.includes(parsed.name);
  if (!matches) {
    throw new Error(
      `no ${parsed.kind === 'rule' ? 'rule' : 'function'} "${parsed.name}" in this hub; known: ${listed(known)}`,
    );
  }
};
