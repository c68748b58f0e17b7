// Resolves a parsed configuration (sanso.config.yaml) into a setting for every rule: the preset, then the
// per-rule overrides, with each rule's options checked against its own schema. Problems are collected.

import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import type { Lang, RawFinding, Severity } from '../core/finding';
import { suggest } from '../model/suggest';
import { INPUT_RULE_IDS } from './input-rules';
import type { RuleMeta } from './rule';
import type { RuleSetting, RuleSettings } from './settings';

/** A parsed configuration file (a SourceDocument of src/source fits); positions are resolved by the caller. */
export interface ConfigDocument {
  readonly file: string;
  readonly data: unknown;
}

export type Preset = 'recommended' | 'strict';
export const PRESETS: readonly Preset[] = ['recommended', 'strict'];

/** What the configuration says of a rule: off, on at its own severities (`default`), or on at one fixed severity. */
export type RuleLevel = 'off' | 'default' | Severity;
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'default', 'info', 'warning', 'error'];

export interface ResolvedConfig {
  /** A setting for every rule given. */
  readonly settings: RuleSettings;
  readonly preset: Preset;
  readonly lang?: Lang;
  /** Findings of the `config` pseudo-rule; any of them means the configuration must not be used. */
  readonly problems: RawFinding[];
}

/** The level a setting amounts to (no setting: `default`). */
export function levelOf(setting: RuleSetting | undefined): RuleLevel {
  if (!setting) return 'default';
  if (!setting.enabled) return 'off';
  return setting.severity ?? 'default';
}

function presetSetting(preset: Preset, meta: RuleMeta): RuleSetting {
  if (preset === 'recommended') return { enabled: true, options: {} };
  return { enabled: true, severity: meta.severity === 'info' ? 'warning' : 'error', options: {} };
}

function settingFor(level: RuleLevel, options: Readonly<Record<string, unknown>>): RuleSetting {
  if (level === 'off') return { enabled: false, options };
  if (level === 'default') return { enabled: true, options };
  return { enabled: true, severity: level, options };
}

const encodePointer = (segments: readonly string[]): string => segments.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isLevel = (value: unknown): value is RuleLevel => RULE_LEVELS.includes(value as RuleLevel);

/**
 * The settings for `rules` that a configuration document asks for (no document: the recommended preset).
 * Values the config schema rejects (schema/sanso.config.schema.json; validated separately) are skipped here,
 * so that both kinds of problem are reported in one run.
 */
export function resolveConfig(document: ConfigDocument | undefined, rules: readonly RuleMeta[]): ResolvedConfig {
  const data: Record<string, unknown> = document && isRecord(document.data) ? document.data : {};
  const file = document?.file ?? '';
  const problems: RawFinding[] = [];
  const problem = (messageId: string, pointer: string, values: Record<string, string | number>): void => {
    problems.push({ ruleId: 'config', severity: 'error', messageId, data: values, origin: { file, pointer } });
  };

  const preset: Preset = PRESETS.includes(data.extends as Preset) ? (data.extends as Preset) : 'recommended';
  const lang = data.lang === 'ja' || data.lang === 'en' ? data.lang : undefined;
  const metas = new Map(rules.map((m) => [m.id, m]));
  const settings = new Map<string, RuleSetting>(rules.map((m) => [m.id, presetSetting(preset, m)]));
  let ajv: Ajv | undefined; // only when some rule is given options

  const overrides = isRecord(data.rules) ? data.rules : {};
  for (const [id, value] of Object.entries(overrides)) {
    const pointer = encodePointer(['rules', id]);
    const meta = metas.get(id);
    if (!meta) {
      if (INPUT_RULE_IDS.has(id)) problem('not-configurable', pointer, { rule: id });
      else problem('unknown-rule', pointer, { rule: id, hint: suggest(id, metas.keys()) ?? '' });
      continue;
    }
    const [level, options] = Array.isArray(value) ? [value[0], value[1]] : [value, undefined];
    if (!isLevel(level) || (Array.isArray(value) && value.length > 2)) continue; // the schema says why
    if (options === undefined) {
      settings.set(id, settingFor(level, {}));
      continue;
    }
    if (!isRecord(options)) continue; // the schema says why
    const optionsPointer = `${pointer}/1`;
    if (!meta.options) {
      problem('no-options', optionsPointer, { rule: id });
      continue;
    }
    // Loaded only here: a run without rule options never pays for the schema compiler.
    ajv ??= new (require('ajv') as typeof import('ajv')).default({ allErrors: true, strict: false });
    const validate = ajv.compile(meta.options.schema);
    if (!validate({ ...meta.options.defaults, ...options })) {
      for (const error of validate.errors ?? []) optionProblem(error, id, optionsPointer, meta, problem);
      continue;
    }
    settings.set(id, settingFor(level, options));
  }
  return { settings, preset, ...(lang ? { lang } : {}), problems };
}

function optionProblem(
  error: ErrorObject,
  rule: string,
  optionsPointer: string,
  meta: RuleMeta,
  problem: (messageId: string, pointer: string, values: Record<string, string | number>) => void,
): void {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' && error.instancePath === '') {
    const option = String(params.additionalProperty);
    const known = Object.keys({ ...meta.options?.defaults, ...((meta.options?.schema.properties as object | undefined) ?? {}) });
    problem('unknown-option', `${optionsPointer}${encodePointer([option])}`, { rule, option, hint: suggest(option, known) ?? '' });
    return;
  }
  const where = error.instancePath === '' ? '' : `${error.instancePath.slice(1).replace(/\//g, '.')} `;
  problem('bad-options', `${optionsPointer}${error.instancePath}`, { rule, detail: `${where}${error.message ?? error.keyword}` });
}
