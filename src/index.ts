// Public library surface of sanso.

export {
  lint,
  describeRules,
  ruleCatalog,
  categoryLabel,
  type LintOptions,
  type ConfigOptions,
  type LintReport,
  type ExceptionReport,
  type ExceptionStatus,
  type RuleDescription,
  type RuleListing,
} from './api';
export type { Finding, Severity, Location, WitnessPacket, FlowSummary, Hop, Lang } from './core/finding';
export type { RuleMeta, RuleOptionsMeta } from './engine/rule';
export type { Preset, RuleLevel } from './engine/config';
export type { Stage, StageListener } from './engine/run';
export type { RuleSetting, RuleSettings } from './engine/settings';
export { formatReport, FORMATS, type FormatName } from './report';
