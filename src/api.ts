// The library entry: lint(options) runs the whole pipeline — read, validate, build the model, analyse flows,
// run the rules — and returns a report with messages and positions resolved. It never writes or exits.

import { compareFindings, interpolate, type Finding, type Lang, type Location, type Origin, type RawFinding } from './core/finding';
import type { ExceptionReport, ExceptionStatus, LintReport } from './core/report';

export type { ExceptionReport, ExceptionStatus, LintReport } from './core/report';
import { INPUT_RULES, INPUT_RULE_IDS } from './engine/input-rules';
import { parseTierPolicy, type TierPolicy } from './engine/policy';
import type { ExceptionUsage, RuleMeta } from './engine/rule';
import { runRules } from './engine/run';
import { summarizeSpace } from './flows/witness';
import { buildModel } from './model/build';
import { suggest } from './model/suggest';
import type { NetworkModel } from './model/types';
import { createValidator } from './schema/validate';
import { parseText, type ParseProblem, type SourceDocument } from './source/document';
import { packageFile, readModelFiles, readPackageData } from './source/read';
import { RULES } from '../rules';

export interface LintOptions {
  /** Files and directories to read (every .yaml, .yml, .json inside a directory). */
  readonly paths?: readonly string[];
  /** In-memory documents instead of (or besides) files. */
  readonly sources?: readonly { readonly file: string; readonly text: string }[];
  /** Base for relative paths; default the process's working directory. */
  readonly cwd?: string;
  readonly lang?: Lang;
  /** The day exceptions are judged on (YYYY-MM-DD); default today (UTC). */
  readonly today?: string;
}

/** Metadata of every rule, built-in pseudo-rules for input problems included. */
export function ruleCatalog(): readonly RuleMeta[] {
  return [...RULES.map((r) => r.meta), ...INPUT_RULES];
}

export function loadTierPolicy(): TierPolicy {
  return parseTierPolicy(readPackageData(packageFile('rules/policy/tier-policy.yaml'), 'rules/policy/tier-policy.yaml').data);
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function lint(options: LintOptions = {}): LintReport {
  const cwd = options.cwd ?? process.cwd();
  const lang = options.lang ?? 'en';
  const today = options.today ?? todayUtc();
  const raw: RawFinding[] = [];
  const documents: SourceDocument[] = [];
  const positions = new Map<RawFinding, Location>();
  const fromProblem = (p: ParseProblem): void => {
    const finding: RawFinding = { ruleId: 'parse-error', severity: 'error', messageId: p.messageId, data: p.data, origin: p.origin };
    raw.push(finding);
    if (p.position) positions.set(finding, { file: p.origin.file, ...p.position });
  };

  const paths = options.paths ?? [];
  if (paths.length > 0) {
    const read = readModelFiles(paths, cwd);
    documents.push(...read.documents);
    read.problems.forEach(fromProblem);
    for (const path of read.missing) raw.push({ ruleId: 'no-input', severity: 'error', messageId: 'missing', data: { path } });
    if (read.documents.length === 0 && read.problems.length === 0 && read.missing.length === 0 && !options.sources?.length) {
      raw.push({ ruleId: 'no-input', severity: 'error', messageId: 'no-files', data: { paths: paths.join(', ') } });
    }
  }
  for (const source of options.sources ?? []) {
    const parsed = parseText(source.file, source.text);
    if (parsed.document) documents.push(parsed.document);
    parsed.problems.forEach(fromProblem);
  }
  if (paths.length === 0 && !options.sources?.length) raw.push({ ruleId: 'no-input', severity: 'error', messageId: 'no-files', data: { paths: '(none)' } });

  const validate = createValidator();
  for (const document of documents) raw.push(...validate(document));

  let model: NetworkModel | undefined;
  let usage: readonly ExceptionUsage[] = [];
  if (raw.length === 0) {
    const built = buildModel(documents, today);
    raw.push(...built.diagnostics);
    const ruleIds = RULES.map((r) => r.meta.id);
    for (const exception of built.model.exceptions) {
      if (!ruleIds.includes(exception.rule)) {
        raw.push({
          ruleId: 'undefined-reference',
          severity: 'error',
          messageId: 'unknown-rule',
          data: { name: exception.rule, hint: suggest(exception.rule, ruleIds) ?? '' },
          origin: { file: exception.origin.file, pointer: `${exception.origin.pointer}/rule` },
        });
      }
    }
    if (raw.length === 0) {
      model = built.model;
      const result = runRules(model, loadTierPolicy(), RULES);
      raw.push(...result.findings);
      usage = result.exceptionUsage;
    }
  }

  const byFile = new Map(documents.map((d) => [d.file, d]));
  const locate = (origin: Origin | undefined): Location | undefined => {
    if (!origin) return undefined;
    const document = byFile.get(origin.file);
    if (!document) return { file: origin.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    return { file: origin.file, ...document.locate(origin.pointer) };
  };
  const metas = new Map(ruleCatalog().map((m) => [m.id, m]));
  const findings = raw.map((f) => resolveFinding(f, metas.get(f.ruleId), lang, positions.get(f) ?? locate(f.origin), locate)).sort(compareFindings);

  const exceptions: ExceptionReport[] = (model?.exceptions ?? []).map((exception) => {
    const used = usage.find((u) => u.exception === exception);
    const status: ExceptionStatus = exception.expired ? 'expired' : !used ? 'not-pinned' : used.covered.isEmpty() ? 'unused' : 'in-force';
    const summary = used ? summarizeSpace(used.covered) : { sources: [], destinations: [], services: [] };
    const location = locate(exception.origin);
    return {
      id: exception.id,
      rule: exception.rule,
      status,
      reason: exception.reason,
      approvedBy: exception.approvedBy,
      expires: exception.expires,
      ...(location ? { location } : {}),
      covered: summary,
    };
  });

  const count = (s: string): number => findings.filter((f) => f.severity === s).length;
  return {
    findings,
    exceptions,
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      inputErrors: findings.filter((f) => INPUT_RULE_IDS.has(f.ruleId)).length,
      files: documents.length,
    },
    files: documents.map((d) => d.file),
    ...(model?.organization ? { organization: model.organization } : {}),
    ...(model ? { model: model.model, edition: model.edition } : {}),
    lang,
  };
}

const CATEGORY_LABELS: Readonly<Record<string, { ja: string; en: string }>> = {
  mynumber: { ja: 'マイナンバー利用事務系', en: 'My Number tier' },
  lgwan: { ja: 'LGWAN接続系', en: 'LGWAN tier' },
  internet: { ja: 'インターネット接続系', en: 'Internet tier' },
  'ext:internet': { ja: 'インターネット', en: 'the Internet' },
  'ext:security-cloud': { ja: '自治体情報セキュリティクラウド', en: 'security cloud' },
  'ext:lgwan': { ja: 'LGWAN', en: 'LGWAN' },
  'ext:juki': { ja: '住基ネット', en: 'Juki-net' },
  'ext:gov-cloud': { ja: 'ガバメントクラウド', en: 'Government Cloud' },
  'ext:other': { ja: '外部ネットワーク', en: 'outside network' },
};

export function categoryLabel(category: string, lang: Lang): string {
  return CATEGORY_LABELS[category]?.[lang] ?? category;
}

function localizeData(data: Readonly<Record<string, string | number>>, lang: Lang): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'hint') out[key] = value === '' ? '' : lang === 'ja' ? `「${value}」の誤りではありませんか？` : ` Did you mean \`${value}\`?`;
    else if (/Tier$/.test(key) || key === 'categories' || key === 'others') {
      out[key] = String(value).split(', ').map((c) => categoryLabel(c, lang)).join(lang === 'ja' ? '、' : ', ');
    } else out[key] = value;
  }
  return out;
}

function resolveFinding(
  f: RawFinding,
  meta: RuleMeta | undefined,
  lang: Lang,
  location: Location | undefined,
  locate: (o: Origin | undefined) => Location | undefined,
): Finding {
  const template = meta?.messages[f.messageId]?.[lang];
  if (!template) throw new Error(`internal: rule ${f.ruleId} has no message ${f.messageId}`);
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    messageId: f.messageId,
    message: interpolate(template, localizeData(f.data, lang)),
    data: f.data,
    ...(location ? { location } : {}),
    related: (f.related ?? []).map((r) => ({ label: r.label, ...locate(r.origin) })),
    ...(f.flow ? { flow: f.flow } : {}),
    ...(f.witness ? { witness: f.witness } : {}),
    ...(f.witnessHops ? { witnessHops: f.witnessHops } : {}),
    ...(f.exceptedBy ? { exceptedBy: f.exceptedBy } : {}),
    ...(f.path ? { path: f.path.map(({ origin, ...hop }) => ({ ...hop, ...(origin ? { location: locate(origin)! } : {}) })) } : {}),
  };
}
