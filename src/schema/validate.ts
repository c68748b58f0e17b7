// Validates parsed documents against the JSON Schema of the input format (schema/sanso.schema.json), or of
// the configuration file (schema/sanso.config.schema.json), with every error collected, and rewrites ajv's
// errors as findings with a pointer and a message id.

import type { ErrorObject, ValidateFunction } from 'ajv';
import type { RawFinding } from '../core/finding';
import { suggest } from '../model/suggest';
import { encodePointer, type SourceDocument } from '../source/document';
import schema from '../../schema/sanso.schema.json';
import configSchema from '../../schema/sanso.config.schema.json';

export type DocumentValidator = (document: SourceDocument) => RawFinding[];

/** The model's validator: precompiled by the build when there is one, else compiled now. */
export function createValidator(): DocumentValidator {
  return precompiled('sanso.schema') ?? createValidatorFor(schema);
}

/** A validator of configuration files (sanso.config.yaml). */
export function createConfigValidator(): DocumentValidator {
  return precompiled('sanso.config.schema') ?? createValidatorFor(configSchema);
}

/**
 * The validator the build generated from a schema (scripts/precompile-schemas.js, beside the built code):
 * compiling the model's schema costs about a tenth of a second at every start. Absent when run from source.
 */
function precompiled(name: string): DocumentValidator | undefined {
  let validate: ValidateFunction;
  try {
    validate = require(`../../schema/${name}.validate.js`) as ValidateFunction;
  } catch {
    return undefined;
  }
  return translated(validate);
}

/** Findings from a compiled validator (its errors rewritten). */
export function translated(validate: ValidateFunction): DocumentValidator {
  return (document) => {
    if (validate(document.data)) return [];
    return translate(validate.errors ?? [], document.file);
  };
}

/** A validator for any draft-07 schema, with the same error translation (findings of the `schema` pseudo-rule). */
export function createValidatorFor(schemaObject: object): DocumentValidator {
  // Tuples may be shorter than their `items` (the config's `[level]` or `[level, options]`).
  // Loaded only when a schema is compiled at run time (rule options, or a run from source).
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const ajv = new Ajv({ allErrors: true, strict: true, strictTuples: false, verbose: true });
  return translated(ajv.compile(schemaObject));
}

function translate(errors: readonly ErrorObject[], file: string): RawFinding[] {
  // Errors inside the branches of a failed oneOf/anyOf are noise next to the combined error.
  const combined = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // The error of a failed `if`/`then`/`else` only says which branch failed; the branch's own errors say why.
  const kept = errors.filter(
    (e) =>
      e.keyword !== 'if' &&
      (!(/(one|any)Of\/\d+\//.test(e.schemaPath) && combined.some((c) => e.instancePath.startsWith(c.instancePath))) || e.keyword === 'additionalProperties'),
  );
  const findings: RawFinding[] = [];
  const seen = new Set<string>();
  for (const error of kept) {
    const item = describe(error);
    const pointer = item.pointer ?? error.instancePath;
    const key = `${pointer}\u0000${item.messageId}\u0000${JSON.stringify(item.data)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push({ ruleId: 'schema', severity: 'error', messageId: item.messageId, data: item.data, origin: { file, pointer } });
  }
  return findings;
}

function describe(error: ErrorObject): { messageId: string; data: Record<string, string | number>; pointer?: string } {
  const params = error.params as Record<string, unknown>;
  const value = typeof error.data === 'object' ? JSON.stringify(error.data) : String(error.data);
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    return { messageId: 'bad-id', data: { value: propertyName }, pointer: error.instancePath + encodePointer([propertyName]) };
  }
  switch (error.keyword) {
    case 'required':
      return { messageId: 'required', data: { key: String(params.missingProperty) } };
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = suggest(key, known);
      return { messageId: 'unknown', data: { key, hint: hint ?? '' }, pointer: error.instancePath + encodePointer([key]) };
    }
    case 'enum':
      return { messageId: 'enum', data: { value, allowed: (params.allowedValues as unknown[]).join(', ') } };
    case 'const':
      return { messageId: 'const', data: { value, allowed: JSON.stringify(params.allowedValue) } };
    case 'type':
      return { messageId: `type-${String(params.type).split(',')[0]}`, data: {} };
    case 'minItems':
      return { messageId: 'min-items', data: { limit: Number(params.limit) } };
    case 'minLength':
      return { messageId: 'empty', data: {} };
    case 'pattern':
      return /\\d\{4\}/.test(String(params.pattern)) ? { messageId: 'bad-date', data: { value } } : { messageId: 'bad-id', data: { value } };
    case 'oneOf':
      return { messageId: 'zone-kind', data: {} };
    case 'anyOf':
      return { messageId: 'string-or-list', data: {} };
    default:
      return { messageId: 'other', data: { detail: error.message ?? error.keyword } };
  }
}
