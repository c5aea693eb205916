import type { RouteSpec } from '../../topology/schema.ts';

/** A route compiled for matching: `/customers/{id}` → a regex with named parameters. */
export interface CompiledRoute {
  readonly route: RouteSpec;
  readonly routeKey: string;
  readonly paramNames: readonly string[];
  readonly regex: RegExp;
  /** More literal segments win, as API Gateway prefers the most specific route. */
  readonly specificity: number;
}

export interface RouteMatch {
  readonly route: RouteSpec;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles one route path; `{name+}` is API Gateway's greedy parameter. */
export const compileRoute = (route: RouteSpec): CompiledRoute => {
  const paramNames: string[] = [];
  let specificity = 0;
  const pattern = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
      if (!param?.[1]) {
        if (segment) specificity += 2;
        return escapeRegex(segment);
      }
      paramNames.push(param[1]);
      if (param[2] === '+') return '(.+)';
      specificity += 1;
      return '([^/]+)';
    })
    .join('/');
  return {
    route,
    routeKey: `${route.method} ${route.path}`,
    paramNames,
    regex: new RegExp(`^${pattern}$`),
    specificity,
  };
};

/**
 * Route matching as API Gateway HTTP APIs do it: exact method and path, most specific route first;
 * anything else is a 404 (HTTP APIs do not answer 405).
 */
export const createRouteTable = (routes: readonly RouteSpec[]) => {
  const compiled = routes.map(compileRoute).sort((a, b) => b.specificity - a.specificity);
  return {
    routes: compiled,
    lookup(method: string, path: string): RouteMatch | undefined {
      for (const candidate of compiled) {
        if (candidate.route.method !== method) continue;
        const found = candidate.regex.exec(path);
        if (!found) continue;
        const pathParameters: Record<string, string> = {};
        candidate.paramNames.forEach((name, i) => {
          pathParameters[name] = safeDecode(found[i + 1] ?? '');
        });
        return { route: candidate.route, routeKey: candidate.routeKey, pathParameters };
      }
      return undefined;
    },
  };
};

const safeDecode = (raw: string): string => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};
