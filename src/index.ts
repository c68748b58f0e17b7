// Public library surface of sanso.

export { lint, ruleCatalog, categoryLabel, type LintOptions, type LintReport, type ExceptionReport, type ExceptionStatus } from './api';
export type { Finding, Severity, Location, WitnessPacket, FlowSummary, Hop, Lang } from './core/finding';
export type { RuleMeta } from './engine/rule';
export { formatReport, FORMATS, type FormatName } from './report';
