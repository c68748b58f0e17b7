// `sanso lint`: the whole pipeline on a model, then inline suppressions and the baseline.

import { compareFindings, type Finding, type Lang } from '../core/finding';
import type { LintReport } from '../core/report';
import { applyBaseline, baselineOf, type Baseline } from '../core/baseline';
import { applySuppressions, findSuppressions } from '../core/suppressions';
import { INPUT_RULE_IDS, SUPPRESSION_RULE } from '../engine/input-rules';
import { runRules, type StageListener } from '../engine/run';
import type { RuleSetting } from '../engine/settings';
import type { ExceptionUsage } from '../engine/rule';
import type { SourceDocument } from '../source/document';
import { readBaselineText } from '../source/read';
import { writeTextFile } from '../source/write';
import { RULES } from '../../rules';
import { assembleReport, loadModel, loadTierPolicy, resolveFinding, stageTimer, startRun, type Collected, type LintOptions, type LoadedConfig } from './run-context';
import type { NetworkModel } from '../model/types';

export function lint(options: LintOptions = {}): LintReport {
  const { cwd, collected, config, lang } = startRun(options);
  const stage = stageTimer(options.onStage);
  const loaded = loadModel(options, cwd, collected, stage);
  const baseline = options.baseline !== undefined && !options.updateBaseline ? readBaseline(options.baseline, cwd, collected) : undefined;
  const { report } = lintLoaded({ collected, ...loaded, config, lang, inlineConfig: options.inlineConfig !== false, ...(options.onStage ? { onStage: options.onStage } : {}) });
  stage.reset();
  if (options.baseline === undefined || report.summary.inputErrors > 0) return report;
  if (options.updateBaseline) {
    const written = baselineOf(report, INPUT_RULE_IDS);
    writeTextFile(cwd, options.baseline, JSON.stringify(written, null, 2) + '\n');
    return applyBaseline(report, written, options.baseline);
  }
  return baseline ? applyBaseline(report, baseline.baseline, baseline.file) : report;
}

/** A lint run of a loaded model: the report, the traffic each exception excused, and what inline suppressions took. */
export interface LintRun {
  readonly report: LintReport;
  readonly usage: readonly ExceptionUsage[];
  readonly suppressed: readonly Finding[];
}

/**
 * A loaded model through the rules into a report, with inline suppressions applied (unless `inlineConfig`
 * is false); without a model, the report of the input problems in `collected`. `onStage` hears the rule
 * stages and the report.
 */
export function lintLoaded(run: {
  readonly collected: Collected;
  readonly documents: readonly SourceDocument[];
  readonly model?: NetworkModel;
  readonly config: LoadedConfig;
  readonly lang: Lang;
  readonly inlineConfig: boolean;
  readonly onStage?: StageListener;
}): LintRun {
  const { collected, documents, model, config, lang } = run;
  let usage: readonly ExceptionUsage[] = [];
  if (model) {
    const result = runRules(model, loadTierPolicy(), RULES, config.resolved.settings, run.onStage);
    collected.raw.push(...result.findings);
    usage = result.exceptionUsage;
  }
  const stage = stageTimer(run.onStage);
  const assembled = assembleReport({ collected, documents, config, ...(model ? { model } : {}), usage, lang });
  const report = !run.inlineConfig || assembled.summary.inputErrors > 0 ? assembled : suppress(assembled, documents, lang, config.resolved.settings.get(SUPPRESSION_RULE.id));
  stage('report');
  const kept = new Set(report.findings);
  return { report, usage, suppressed: report === assembled ? [] : assembled.findings.filter((f) => !kept.has(f)) };
}

/** The report without the findings inline suppressions take, with the suppressions that lack a reason or take nothing. */
function suppress(report: LintReport, documents: readonly SourceDocument[], lang: Lang, setting: RuleSetting | undefined): LintReport {
  const suppressions = documents.flatMap((d) => (d.text === undefined ? [] : findSuppressions(d.file, d.text)));
  if (suppressions.length === 0) return report;
  const { kept, used } = applySuppressions(report.findings, suppressions);
  // The configuration can turn the reports on suppressions off, or give them another severity.
  const problems = suppressions
    .filter((s) => setting?.enabled !== false && (!s.reason || !used.has(s)))
    .map((s) => resolveFinding({ ruleId: SUPPRESSION_RULE.id, severity: setting?.severity ?? SUPPRESSION_RULE.severity, messageId: s.reason ? 'unused' : 'no-reason', data: { rules: s.rules.join(', ') } }, SUPPRESSION_RULE, lang, s.location, () => undefined));
  const findings = [...kept, ...problems].sort(compareFindings);
  const count = (severity: string): number => findings.filter((f) => f.severity === severity).length;
  const rules = problems.length > 0 && !report.rules.some((r) => r.id === SUPPRESSION_RULE.id)
    ? [...report.rules, { id: SUPPRESSION_RULE.id, title: SUPPRESSION_RULE.title[lang], description: SUPPRESSION_RULE.description[lang], severity: SUPPRESSION_RULE.severity, category: SUPPRESSION_RULE.category, references: SUPPRESSION_RULE.references }]
    : report.rules;
  return { ...report, findings, rules, summary: { ...report.summary, errors: count('error'), warnings: count('warning'), infos: count('info') } };
}

/** Reads and checks a baseline file; its problems go to `collected` as input errors. */
function readBaseline(path: string, cwd: string, collected: Collected): { file: string; baseline: Baseline } | undefined {
  const read = readBaselineText(path, cwd);
  const problem = (messageId: string, detail = ''): undefined => {
    collected.raw.push({ ruleId: 'baseline', severity: 'error', messageId, data: { file: read.file, detail } });
    return undefined;
  };
  if (read.problem === 'missing') return problem('not-found');
  if (read.problem !== undefined || read.text === undefined) return problem('invalid', read.problem);
  let data: unknown;
  try {
    data = JSON.parse(read.text);
  } catch (error) {
    return problem('invalid', (error as Error).message);
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  if ((data as { version?: unknown } | null)?.version !== 1 || !Array.isArray(findings) || !findings.every((f) => typeof (f as { key?: unknown } | null)?.key === 'string')) {
    return problem('invalid', 'expected { "version": 1, "findings": [{ "key": … }] }, as --update-baseline writes it');
  }
  return { file: read.file, baseline: data as Baseline };
}
