import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubTopology } from '../../../infra/topology/index.ts';
import { buildOpenApiDocument } from '../../../schemas/api/openapi/openapi-document.ts';
import { OPENAPI_FILE, renderOpenApiDocument } from '../../../scripts/generate-openapi.ts';
import { openApiProblems } from './support/openapi-structure.ts';

const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));

describe('the OpenAPI document', () => {
  it('is committed as generated (run `npx tsx scripts/generate-openapi.ts` after changing a schema)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenApiDocument());
  });

  it('is a structurally valid OpenAPI 3.1 document', () => {
    expect(openApiProblems(committed)).toEqual([]);
  });

  it("describes exactly the routes of the topology, each of a route's scopes as an alternative", () => {
    const documented = Object.entries(
      committed.paths as Record<string, Record<string, { security: unknown }>>,
    )
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({
          key: `${method.toUpperCase()} ${path}`,
          security: operation.security,
        })),
      )
      .sort((a, b) => a.key.localeCompare(b.key));
    const routed = hubTopology.routes
      .map((route) => ({
        key: `${route.method} ${route.path}`,
        security: route.scopes.map((scope) => ({ bearerAuth: [scope] })),
      }))
      .sort((a, b) => a.key.localeCompare(b.key));

    expect(documented).toEqual(routed);
  });

  it('refuses to describe a route that has no operation, or an operation without a route', () => {
    const routes = [...hubTopology.routes, { method: 'GET', path: '/health', scopes: [] }];

    expect(() => buildOpenApiDocument(routes, '1.0.0')).toThrow(
      /routes without an operation \[GET \/health\]/,
    );
    expect(() => buildOpenApiDocument(hubTopology.routes.slice(1), '1.0.0')).toThrow(
      /operations without a route \[GET \/customers\/\{id\}\]/,
    );
  });

  it('catches structural mistakes (the checker itself can fail)', () => {
    const broken = structuredClone(committed);
    broken.paths['/customers/{id}'].get.parameters = [];
    broken.paths['/customers'].get.responses['200'].content['application/json'].schema.$ref =
      '#/components/schemas/Nope';

    expect(openApiProblems(broken)).toEqual(
      expect.arrayContaining([
        'GET /customers/{id}: path parameter {id} is not declared',
        '#/components/schemas/Nope: does not resolve',
      ]),
    );
  });
});
