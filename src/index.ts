// Public library surface of sanso.

export {
  lint,
  describeRules,
  matrix,
  serviceMatrix,
  ruleCatalog,
  categoryLabel,
  type LintOptions,
  type ConfigOptions,
  type LintReport,
  type ExceptionReport,
  type ExceptionStatus,
  type RuleDescription,
  type RuleListing,
  type MatrixAnswer,
  type MatrixReport,
  type MatrixCell,
  type ServiceMatrixOptions,
  type ServiceMatrixAnswer,
  type ServiceMatrixReport,
} from './api';
export { explain, type ExplainOptions, type ExplainResult, type Explanation, type PolicyJudgement, type ExplainedException } from './api';
export { diff, type DiffOptions, type DiffResult, type DiffReport, type DiffInput, type DiffVersion, type FlowChangeReport, type FlowRisk } from './api';
export type { Finding, Severity, Location, WitnessPacket, FlowSummary, Hop, Lang } from './core/finding';
export type { RuleMeta, RuleOptionsMeta } from './engine/rule';
export type { Preset, RuleLevel } from './engine/config';
export type { Stage, StageListener } from './engine/run';
export type { RuleSetting, RuleSettings } from './engine/settings';
export { formatReport, FORMATS, type FormatName } from './report';
