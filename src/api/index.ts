// The library entry, one module a command: lint(options) runs the whole pipeline — read the configuration,
// read and validate the model, build it, analyse flows, run the rules — and returns a report with messages
// and positions resolved; query, importRules and describeRules answer the other commands. None writes
// output or exits.

export { categoryLabel } from '../core/labels';
export type { ExceptionReport, ExceptionStatus, LintReport } from '../core/report';
export type { Stage, StageListener } from '../engine/run';
export type { Preset, RuleLevel } from '../engine/config';
export { ruleCatalog, loadTierPolicy, todayUtc, type ConfigOptions, type LintOptions } from './run-context';
export { lint } from './lint';
export { query, type QueryOptions, type QueryAnswer, type QueryAnswerHop, type QueryReport } from './query';
export { describeRules, type RuleDescription, type RuleListing } from './rules';
export { importRules, type ImportOptions, type ImportResult } from './import';
export { explain, type ExplainOptions, type ExplainResult, type Explanation, type ExplainedEnd, type ExplainedException, type ExplainedRule, type PolicyJudgement } from './explain';
export { matrix, serviceMatrix, type MatrixAnswer, type MatrixReport, type MatrixCell, type MatrixPolicy, type MatrixStatus, type TrafficMatrix, type ServiceMatrixOptions, type ServiceMatrixAnswer, type ServiceMatrixFamily, type ServiceMatrixReport } from './matrix';
export { diff, matchFindings, type DiffOptions, type DiffResult, type DiffReport, type DiffInput, type DiffVersion, type FlowChangeReport, type FlowRisk, type FindingCounts } from './diff';
