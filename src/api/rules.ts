// `sanso rules`: the rule catalogue with the level the configuration gives each rule.

import type { Lang } from '../core/finding';
import type { LintReport } from '../core/report';
import { levelOf, type Preset, type RuleLevel } from '../engine/config';
import type { RuleMeta } from '../engine/rule';
import { assembleReport, ruleCatalog, startRun, type ConfigOptions } from './run-context';

/** A rule's metadata as `sanso rules` shows it (message ids instead of texts), with the level the configuration gives it. */
export interface RuleDescription extends Omit<RuleMeta, 'messages'> {
  readonly messageIds: readonly string[];
  /** The effective level under the configuration; input checks (category `input`) are always `error`. */
  readonly level: RuleLevel;
  /** The options the configuration gives (the defaults fill the rest); absent when it gives none. */
  readonly configuredOptions?: Readonly<Record<string, unknown>>;
}

export interface RuleListing {
  /** Every rule, then the input checks, in registry order. */
  readonly rules: readonly RuleDescription[];
  /** The configuration file used, if any. */
  readonly config?: string;
  readonly preset: Preset;
  readonly lang: Lang;
  /** Problems of the configuration itself (empty findings when there are none); exit code 2 when any. */
  readonly report: LintReport;
}

/** The rule catalogue with the effective configuration applied: what `sanso lint` would run, and how. */
export function describeRules(options: ConfigOptions = {}): RuleListing {
  const { collected, config, lang } = startRun(options);
  const rules = ruleCatalog().map((meta): RuleDescription => {
    const setting = config.resolved.settings.get(meta.id);
    const input = meta.category === 'input';
    const { messages, ...rest } = meta;
    return {
      ...rest,
      messageIds: Object.keys(messages),
      level: input ? 'error' : levelOf(setting),
      ...(setting && Object.keys(setting.options).length > 0 ? { configuredOptions: setting.options } : {}),
    };
  });
  return {
    rules,
    ...(config.file !== undefined ? { config: config.file } : {}),
    preset: config.resolved.preset,
    lang,
    report: assembleReport({ collected, documents: [], config, usage: [], lang }),
  };
}
