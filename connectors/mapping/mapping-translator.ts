import { describeIssues, formatIssuePath } from '../../schemas/config/parse-config.ts';
import { type IdentifierInput, IdentifierSchema } from '../../schemas/entities/identifier.ts';
import { parseCanonicalRecord, type ValidatedRecord } from '../../schemas/entities/validated-record.ts';
import { recordKeyOf } from '../kit/incremental/timestamp-stream.ts';
import type { RecordTranslator } from '../kit/record-translator.ts';
import { isMalformedInput } from '../protocols/object-listing/json-lines.ts';
import { applyFieldMap, applyFieldMapping } from './apply-mapping.ts';
import { type ConversionProblem, describeConversionProblem } from './conversion-problem.ts';
import { readPath } from './field-path.ts';
import type { IdentifierRule, StreamMapping } from './stream-mapping.ts';

export interface MappingTranslatorOptions {
  /** Connector instance name: `source.system` and the default ERP identifier scope. */
  readonly system: string;
  readonly stream: string;
  readonly primaryKey: readonly string[];
  readonly mapping: StreamMapping;
  /** The version when the mapping names none: the stream's cursor as ISO. */
  readonly versionOf?: (raw: unknown) => string | undefined;
  /** Tombstones without a version of their own (OData `$deletedEntity`) are versioned by the time they were read. */
  readonly now?: () => number;
}

/** What a valid value of each identifier type is, for quarantine reasons a person can act on. */
const EXPECTED: Record<IdentifierRule['type'], string> = {
  email: 'an e-mail address',
  phone: 'an E.164 phone number such as +4989123456',
  erp: 'an ERP customer number',
  webUser: 'a web user id (1 to 512 characters)',
  anonymousId: 'an anonymous id (1 to 512 characters)',
};

/** The source field an identifier is read from (its path), or its type when it is computed. */
const identifierField = (rule: IdentifierRule): string => {
  const mapping = rule.value;
  if (typeof mapping === 'string') return mapping;
  return mapping.path ?? rule.type;
};

type IdentifierOutcome = { ok: true; identifier?: IdentifierInput } | { ok: false; reason: string };

const mapIdentifier = (rule: IdentifierRule, raw: unknown, system: string): IdentifierOutcome => {
  const unconvertible: ConversionProblem[] = [];
  const value = applyFieldMapping(rule.value, raw, unconvertible, identifierField(rule));
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    const why = unconvertible.map(describeConversionProblem);
    return rule.required
      ? { ok: false, reason: [`identifier ${rule.type}: missing in the source record`, ...why].join('; ') }
      : { ok: true };
  }
  const scope =
    rule.system === undefined ? system : applyFieldMapping(rule.system, raw, unconvertible, 'system');
  if (rule.type === 'erp' && typeof scope !== 'string') {
    // Names the value that did not resolve to a known ERP (`SourceOrderSystem: "JDE" is not one of …`).
    const why = unconvertible.map(describeConversionProblem);
    return rule.required
      ? { ok: false, reason: ['identifier erp: issuing system unknown', ...why].join('; ') }
      : { ok: true };
  }
  const candidate: IdentifierInput =
    rule.type === 'erp'
      ? { type: 'erp', system: String(scope), value: String(value) }
      : { type: rule.type, value: String(value) };
  const parsed = IdentifierSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, identifier: candidate };
  // A present but invalid value is a source data error, required or not: quarantine names it (by default).
  return rule.onInvalid === 'drop-identifier'
    ? { ok: true }
    : {
        ok: false,
        reason: `${identifierField(rule)}: ${JSON.stringify(value)} is not ${EXPECTED[rule.type]}`,
      };
};

const isDeleted = (mapping: StreamMapping, raw: unknown): boolean => {
  // OData v4 delta responses mark removed entities with `@removed` (and `@odata.removed` in 4.0 JSON).
  if (readPath(raw, '["@removed"]') !== undefined || readPath(raw, '["@odata.removed"]') !== undefined)
    return true;
  // OData 4.0 JSON (Business Central): `"@odata.context": "…/$metadata#…/salesOrders/$deletedEntity"`.
  const context = readPath(raw, '["@odata.context"]');
  if (typeof context === 'string' && context.endsWith('$deletedEntity')) return true;
  if (!mapping.deletedWhen) return false;
  return (
    JSON.stringify(readPath(raw, mapping.deletedWhen.path)) === JSON.stringify(mapping.deletedWhen.equals)
  );
};

/**
/**
 * Validates an envelope against the store's schema, once: the parsed record goes on to the store, which does
 * not parse it again. The problems, field by field, make the rejection reason; a data field the schema
 * rejects because its source value could not be converted is described by that value
 * (`lines[0].quantity: "12 Stk." is not a number`), not by the schema's `received undefined`.
 */
const toValidatedRecord = (
  envelope: unknown,
  conversions: readonly ConversionProblem[] = [],
): { ok: true; record: ValidatedRecord } | { ok: false; reason: string } => {
  const parsed = parseCanonicalRecord(envelope);
  if (parsed.success) return { ok: true, record: parsed.record };
  const described = new Set<string>();
  const generic = describeIssues(parsed.error);
  for (const [index, issue] of parsed.error.issues.entries()) {
    const field = issue.path[0] === 'data' ? formatIssuePath(issue.path.slice(1)) : undefined;
    const causes = conversions.filter((c) => field !== undefined && c.field === field);
    const lines =
      causes.length > 0 ? causes.map(describeConversionProblem) : [generic[index] ?? issue.message];
    for (const line of lines) described.add(line);
  }
  return { ok: false, reason: [...described].join('; ') };
};

/**
 * Turns raw source records into canonical ingest envelopes by the stream's mapping, validating each
 * against the store's canonical schema; anything that does not fit comes back with the reason, to be
 * quarantined instead of stored.
 */
export const createMappingTranslator = (
  options: MappingTranslatorOptions,
): RecordTranslator<ValidatedRecord> => {
  const { mapping, system, stream } = options;
  /** The record's business key when it has one, else its technical key: what a rejection is filed under. */
  const rejectedKey = (raw: unknown, technicalKey: string | undefined): string | undefined => {
    const business = mapping.businessKey === undefined ? undefined : readPath(raw, mapping.businessKey);
    return typeof business === 'string' || typeof business === 'number' ? String(business) : technicalKey;
  };
  const translate: RecordTranslator<ValidatedRecord> = (raw) => {
    if (isMalformedInput(raw)) return { ok: false, key: undefined, reason: raw.$malformed };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { ok: false, key: undefined, reason: 'source record is not a JSON object' };
    }
    const key = recordKeyOf(raw, options.primaryKey);
    if (key === undefined || key === '') {
      return {
        ok: false,
        key: undefined,
        reason: `missing primary key field ${options.primaryKey.join(', ')}`,
      };
    }
    const deleted = isDeleted(mapping, raw);
    const versionProblems: ConversionProblem[] = [];
    let version = mapping.version
      ? applyFieldMapping(mapping.version, raw, versionProblems, 'version')
      : options.versionOf?.(raw);
    if (deleted && version === undefined && options.now) version = new Date(options.now()).toISOString();
    if (typeof version !== 'string' || version === '') {
      const unreadable = versionProblems.map(describeConversionProblem);
      return {
        ok: false,
        key,
        reason: ['missing or unreadable version (last-changed) field', ...unreadable].join('; '),
      };
    }
    const source = { system, stream, key, version };
    if (deleted) {
      const tombstone: unknown = {
        entity: mapping.entity,
        source: { ...source, deleted: true },
        identifiers: [],
      };
      const validated = toValidatedRecord(tombstone);
      if (!validated.ok) return { ok: false, key, reason: validated.reason };
      return { ok: true, key, records: [validated.record], deleted: true };
    }
    const identifiers: IdentifierInput[] = [];
    for (const rule of mapping.identifiers) {
      const outcome = mapIdentifier(rule, raw, system);
      if (!outcome.ok) return { ok: false, key, reason: outcome.reason };
      if (outcome.identifier) identifiers.push(outcome.identifier);
    }
    const conversions: ConversionProblem[] = [];
    const envelope: unknown = {
      entity: mapping.entity,
      source,
      identifiers,
      data: applyFieldMap(mapping.data, raw, conversions),
    };
    const validated = toValidatedRecord(envelope, conversions);
    if (!validated.ok) return { ok: false, key, reason: validated.reason };
    return { ok: true, key, records: [validated.record] };
  };
  return (raw) => {
    const translation = translate(raw);
    if (!translation.ok) return { ...translation, key: rejectedKey(raw, translation.key) };
    // Kept beside the technical key: should the store reject the record, quarantine files it by this one.
    const businessKey = rejectedKey(raw, translation.key);
    return businessKey === translation.key ? translation : { ...translation, businessKey };
  };
};
