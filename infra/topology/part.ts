import type { TopologyInput } from './schema.ts';

/** A slice of the topology owned by one capability (store, connectors, reactions, API). */
export type TopologyPart = {
  readonly [K in keyof TopologyInput]-?: NonNullable<TopologyInput[K]>;
};

/** Joins parts into one topology; a function declared by two parts is a mistake, not an override. */
export const combineParts = (parts: readonly TopologyPart[]): TopologyInput => {
  const functions: TopologyInput['functions'] = {};
  for (const part of parts) {
    for (const [name, spec] of Object.entries(part.functions)) {
      if (name in functions) throw new Error(`Topology: function "${name}" is declared by two parts`);
      functions[name] = spec;
    }
  }
  return {
    functions,
    streamSubscriptions: parts.flatMap((p) => p.streamSubscriptions),
    schedules: parts.flatMap((p) => p.schedules),
    rules: parts.flatMap((p) => p.rules),
    routes: parts.flatMap((p) => p.routes),
  };
};
