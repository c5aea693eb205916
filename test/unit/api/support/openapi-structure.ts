/**
 * A structural check of an OpenAPI 3.1 document: the parts client generators rely on. No validator
 * package is installed, so this checks what matters here rather than the whole meta-schema.
 */
type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const SCHEMA_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

const collectRefs = (value: Json, refs: string[]): void => {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') refs.push(child);
      else collectRefs(child, refs);
    }
  }
};

const collectSchemaTypes = (value: Json, types: Json[]): void => {
  if (Array.isArray(value)) for (const item of value) collectSchemaTypes(item, types);
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'type' && (typeof child === 'string' || Array.isArray(child))) types.push(child);
      else if (key !== 'example' && key !== 'default') collectSchemaTypes(child, types);
    }
  }
};

const resolvePointer = (doc: Json, ref: string): Json =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<Json>((node, part) => (isObject(node) ? node[part] : undefined), doc);

/** Every structural problem found; empty when the document is sound. */
export const openApiProblems = (doc: Json): string[] => {
  const problems: string[] = [];
  if (!isObject(doc)) return ['document is not an object'];
  if (doc.openapi !== '3.1.0') problems.push('openapi must be 3.1.0');
  const info = doc.info;
  if (!isObject(info) || typeof info.title !== 'string' || typeof info.version !== 'string') {
    problems.push('info.title and info.version are required strings');
  }
  const schemes =
    isObject(doc.components) && isObject(doc.components.securitySchemes)
      ? doc.components.securitySchemes
      : {};
  const operationIds = new Set<string>();
  const paths = isObject(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) problems.push(`${path}: paths start with /`);
    if (!isObject(item)) continue;
    const templateParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, operation] of Object.entries(item)) {
      const at = `${method.toUpperCase()} ${path}`;
      if (!METHODS.includes(method) || !isObject(operation)) {
        problems.push(`${at}: not an operation`);
        continue;
      }
      const id = operation.operationId;
      if (typeof id !== 'string') problems.push(`${at}: operationId missing`);
      else if (operationIds.has(id)) problems.push(`${at}: operationId ${id} is not unique`);
      else operationIds.add(id);
      const parameters = Array.isArray(operation.parameters) ? operation.parameters.filter(isObject) : [];
      const pathParams = parameters.filter((p) => p.in === 'path');
      for (const name of templateParams) {
        const declared = pathParams.find((p) => p.name === name);
        if (!declared) problems.push(`${at}: path parameter {${name}} is not declared`);
        else if (declared.required !== true) problems.push(`${at}: path parameter ${name} must be required`);
      }
      for (const p of pathParams) {
        if (!templateParams.includes(String(p.name)))
          problems.push(`${at}: path parameter ${p.name} is not in the path`);
      }
      for (const p of parameters) {
        if (!['path', 'query', 'header', 'cookie'].includes(String(p.in)))
          problems.push(`${at}: parameter ${p.name} has bad "in"`);
      }
      const responses = operation.responses;
      if (!isObject(responses) || Object.keys(responses).length === 0) problems.push(`${at}: no responses`);
      else {
        for (const [status, response] of Object.entries(responses)) {
          if (!/^[1-5]\d\d$/.test(status))
            problems.push(`${at}: response key ${status} is not a status code`);
          if (!isObject(response) || typeof response.description !== 'string') {
            problems.push(`${at}: response ${status} needs a description`);
          }
        }
      }
      const security = Array.isArray(operation.security) ? operation.security : [];
      for (const requirement of security) {
        for (const scheme of Object.keys(isObject(requirement) ? requirement : {})) {
          if (!(scheme in schemes)) problems.push(`${at}: security scheme ${scheme} is not declared`);
        }
      }
    }
  }
  const refs: string[] = [];
  collectRefs(doc, refs);
  for (const ref of new Set(refs)) {
    if (!ref.startsWith('#/')) problems.push(`${ref}: only local references are expected`);
    else if (resolvePointer(doc, ref) === undefined) problems.push(`${ref}: does not resolve`);
  }
  const types: Json[] = [];
  collectSchemaTypes(isObject(doc.components) ? doc.components.schemas : {}, types);
  collectSchemaTypes(paths, types);
  for (const type of types) {
    const list = Array.isArray(type) ? type : [type];
    for (const t of list)
      if (typeof t !== 'string' || !SCHEMA_TYPES.includes(t))
        problems.push(`schema type ${String(t)} is not JSON Schema`);
  }
  return problems;
};
