// What every command shares: the configuration, the model read and built from the files, and the report
// assembled from raw findings (messages in the chosen language, positions resolved). No command logic here.

import { compareFindings, interpolate, type Finding, type Lang, type Location, type Origin, type RawFinding } from '../core/finding';
import type { AuditFacts, ExceptionReport, ExceptionStatus, LintReport } from '../core/report';
import { assignFindingIds, findingKey, SHORT_ID_LENGTH } from '../core/baseline';
import { categoryLabel } from '../core/labels';
import { resolveConfig, type ResolvedConfig } from '../engine/config';
import { INPUT_RULES, INPUT_RULE_IDS, SUPPRESSION_RULE } from '../engine/input-rules';
import { parseTierPolicy, policyCell, type TierPolicy } from '../engine/policy';
import type { ExceptionUsage, RuleMeta } from '../engine/rule';
import type { Stage, StageListener } from '../engine/run';
import { summarizeSpace } from '../flows/witness';
import { buildModel } from '../model/build';
import { buildTierMap } from '../model/tier-map';
import { suggest } from '../model/suggest';
import type { NetworkModel } from '../model/types';
import { createConfigValidator, createValidator } from '../schema/validate';
import { parseText, type ParseProblem, type SourceDocument } from '../source/document';
import { documentDigest, findConfigFile, packageFile, parseConfigText, readConfigFile, readImportedFiles, readModelFiles, diskFileReader, type ImportedFileReader, readPackageData } from '../source/read';
import { RULES } from '../../rules';

/** Where the configuration (sanso.config.yaml) comes from. */
export interface ConfigOptions {
  /**
   * The configuration file, relative to `cwd`; `false`: no configuration (the recommended preset);
   * absent: the first sanso.config.yaml / .yml / .json from `cwd` up to the filesystem root, if any.
   */
  readonly config?: string | false;
  /** An in-memory configuration instead of a file; it wins over `config`. */
  readonly configSource?: { readonly file: string; readonly text: string };
  /** Base for relative paths and where the configuration search starts; default the process's working directory. */
  readonly cwd?: string;
  /** Message language; wins over the configuration's `lang`. */
  readonly lang?: Lang;
  /** Language when neither `lang` nor the configuration sets one (the CLI passes LANG / LC_ALL); default en. */
  readonly defaultLang?: Lang;
}

export interface LintOptions extends ConfigOptions {
  /** Files and directories to read (every .yaml, .yml, .json inside a directory, except sanso.config.*). */
  readonly paths?: readonly string[];
  /** In-memory documents instead of (or besides) files. */
  readonly sources?: readonly { readonly file: string; readonly text: string }[];
  /** Where the vendor files the model imports are read from (default: the disk, relative to `cwd`). */
  readonly readImported?: ImportedFileReader;
  /** The day exceptions are judged on (YYYY-MM-DD); default today (UTC). */
  readonly today?: string;
  /** Called after each stage with its wall time in milliseconds (for the benchmark). */
  readonly onStage?: StageListener;
  /** Whether `# sanso-disable-next-line` comments in model files count (default true; false for strict audits). */
  readonly inlineConfig?: boolean;
  /** A baseline file: the findings it holds are left out, and the ones it holds that are gone are listed. */
  readonly baseline?: string;
  /** Write the baseline file from this run's findings first (so none of them fails the run). */
  readonly updateBaseline?: boolean;
}

/** Metadata of every rule, built-in pseudo-rules for input problems included. */
export function ruleCatalog(): readonly RuleMeta[] {
  return [...RULES.map((r) => r.meta), ...INPUT_RULES, SUPPRESSION_RULE];
}

export function loadTierPolicy(): TierPolicy {
  return parseTierPolicy(readPackageData(packageFile('rules/policy/tier-policy.yaml'), 'rules/policy/tier-policy.yaml').data);
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Raw findings of a run with the positions the parser already knows. */
export interface Collected {
  readonly raw: RawFinding[];
  readonly positions: Map<RawFinding, Location>;
}

export function parseProblemCollector(collected: Collected): (p: ParseProblem) => void {
  return (p) => {
    const finding: RawFinding = { ruleId: 'parse-error', severity: 'error', messageId: p.messageId, data: p.data, origin: p.origin };
    collected.raw.push(finding);
    if (p.position) collected.positions.set(finding, { file: p.origin.file, ...p.position });
  };
}

export interface LoadedConfig {
  /** The configuration file used, as shown to the user. */
  readonly file?: string;
  readonly document?: SourceDocument;
  readonly resolved: ResolvedConfig;
}

/** Finds, reads, validates and resolves the configuration; its problems go to `collected`. */
export function loadConfig(options: ConfigOptions, cwd: string, collected: Collected): LoadedConfig {
  const fromProblem = parseProblemCollector(collected);
  let file: string | undefined;
  let document: SourceDocument | undefined;
  if (options.configSource) {
    file = options.configSource.file;
    const parsed = parseConfigText(file, options.configSource.text);
    document = parsed.document;
    parsed.problems.forEach(fromProblem);
  } else if (options.config !== false) {
    const path = options.config ?? findConfigFile(cwd);
    if (path !== undefined) {
      const read = readConfigFile(path, cwd);
      file = read.file;
      document = read.document;
      read.problems.forEach(fromProblem);
      if (read.missing) collected.raw.push({ ruleId: 'config', severity: 'error', messageId: 'not-found', data: { path: read.file } });
    }
  }
  if (document) collected.raw.push(...createConfigValidator()(document));
  const resolved = resolveConfig(document, [...RULES.map((r) => r.meta), SUPPRESSION_RULE]);
  collected.raw.push(...resolved.problems);
  return { ...(file !== undefined ? { file } : {}), ...(document ? { document } : {}), resolved };
}

/** What every command starts from: the working directory, the problems found so far, the configuration and the language. */
export function startRun(options: ConfigOptions): { cwd: string; collected: Collected; config: LoadedConfig; lang: Lang } {
  const cwd = options.cwd ?? process.cwd();
  const collected: Collected = { raw: [], positions: new Map() };
  const config = loadConfig(options, cwd, collected);
  return { cwd, collected, config, lang: options.lang ?? config.resolved.lang ?? options.defaultLang ?? 'en' };
}

/** Reads, validates and builds the model; its problems go to `collected`, and the model only when there are none. */
export function loadModel(options: LintOptions, cwd: string, collected: Collected, stage: (name: Stage) => void): { model?: NetworkModel; documents: SourceDocument[] } {
  const today = options.today ?? todayUtc();
  const { raw } = collected;
  const fromProblem = parseProblemCollector(collected);
  const documents: SourceDocument[] = [];
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
  stage('read');

  const validate = createValidator();
  for (const document of documents) raw.push(...validate(document));
  stage('validate');

  if (raw.length > 0) return { documents };
  const imported = readImportedFiles(documents, options.readImported ?? diskFileReader(cwd));
  imported.problems.forEach(fromProblem);
  const all = [...documents, ...imported.documents];
  // A vendor file that cannot be read is reported; the model is still built, for the problems of the others.
  const built = buildModel(documents, today, imported.documents);
  stage('model');
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
  return raw.length === 0 ? { model: built.model, documents: all } : { documents: all };
}

/** Reports the time since the previous call (or since it was made) under a stage's name. */
export function stageTimer(listener: StageListener | undefined): ((name: Stage) => void) & { reset(): void } {
  let last = performance.now();
  const mark = (name: Stage): void => {
    const now = performance.now();
    listener?.(name, now - last);
    last = now;
  };
  return Object.assign(mark, { reset: () => void (last = performance.now()) });
}

/** Resolves messages and positions and counts: the report of a run. */
export function assembleReport(run: {
  readonly collected: Collected;
  readonly documents: readonly SourceDocument[];
  readonly config: LoadedConfig;
  readonly model?: NetworkModel;
  readonly usage: readonly ExceptionUsage[];
  readonly lang: Lang;
}): LintReport {
  const { collected, documents, config, model, usage, lang } = run;
  const byFile = new Map([...(config.document ? [config.document] : []), ...documents].map((d) => [d.file, d]));
  const locate = (origin: Origin | undefined): Location | undefined => {
    if (!origin) return undefined;
    const document = byFile.get(origin.file);
    if (!document) return { file: origin.file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    return { file: origin.file, ...document.locate(origin.pointer) };
  };
  const metas = new Map(ruleCatalog().map((m) => [m.id, m]));
  // Each finding's key is worked out once: for its first id here, and for the ids of the whole run below.
  const resolved = collected.raw
    .map((f) => {
      const key = findingKey(f);
      return { key, finding: resolveFinding(f, metas.get(f.ruleId), lang, collected.positions.get(f) ?? locate(f.origin), locate, key) };
    })
    .sort((a, b) => compareFindings(a.finding, b.finding));
  // Short ids over every finding of the run, before suppressions and a baseline take any out, so that a finding
  // keeps its id whatever else is shown.
  const findings = assignFindingIds(
    resolved.map((r) => r.finding),
    resolved.map((r) => r.key),
  );

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
  const audit = model ? auditFacts(model, documents) : undefined;
  const reported = new Set(findings.map((f) => f.ruleId));
  const rules = ruleCatalog()
    .filter((meta) => (meta.category === 'input' ? reported.has(meta.id) : config.resolved.settings.get(meta.id)?.enabled !== false))
    .map((meta) => ({ id: meta.id, title: meta.title[lang], description: meta.description[lang], severity: meta.severity, category: meta.category, references: meta.references }));
  return {
    findings,
    rules,
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
    ...(config.file !== undefined ? { config: config.file } : {}),
    ...(audit ? { audit } : {}),
    lang,
  };
}

/** The inputs with their digests, the tier policy between the model's categories, and its zones. */
export function auditFacts(model: NetworkModel, documents: readonly SourceDocument[]): AuditFacts {
  const policy = loadTierPolicy();
  const categories = buildTierMap(model).categories;
  const cells = categories.flatMap((from) =>
    categories.filter((to) => to !== from).map((to) => {
      const cell = policyCell(policy, model.model, model.edition, from, to);
      return { from, to, verdict: cell.verdict, via: cell.via.map((v) => ({ role: v.role, ...(v.services ? { services: v.services } : {}) })), ...(cell.through ? { through: cell.through } : {}), cite: cell.cite };
    }),
  );
  return {
    today: model.today,
    inputs: documents.flatMap((d) => {
      const sha256 = documentDigest(d);
      return sha256 ? [{ file: d.file, sha256 }] : [];
    }),
    categories,
    cells,
    zones: [...model.zones.values()].map((z) => ({ id: z.id, category: z.category })).sort((a, b) => categories.indexOf(a.category) - categories.indexOf(b.category) || (a.id < b.id ? -1 : 1)),
  };
}

const ACTION_LABELS: Readonly<Record<string, { ja: string; en: string }>> = {
  allow: { ja: '許可', en: 'allow' },
  deny: { ja: '拒否', en: 'deny' },
};

function localizeData(data: Readonly<Record<string, string | number>>, lang: Lang): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'hint') out[key] = value === '' ? '' : lang === 'ja' ? `「${value}」の誤りではありませんか？` : ` Did you mean \`${value}\`?`;
    else if (/Tier$/.test(key) || key === 'categories' || key === 'others') {
      out[key] = String(value).split(', ').map((c) => categoryLabel(c, lang)).join(lang === 'ja' ? '、' : ', ');
    } else if (/^(action|[a-z]+Action)$/.test(key)) out[key] = ACTION_LABELS[String(value)]?.[lang] ?? value;
    else out[key] = value;
  }
  return out;
}

export function resolveFinding(
  f: RawFinding,
  meta: RuleMeta | undefined,
  lang: Lang,
  location: Location | undefined,
  locate: (o: Origin | undefined) => Location | undefined,
  key: string = findingKey(f),
): Finding {
  const template = meta?.messages[f.messageId]?.[lang];
  if (!template) throw new Error(`internal: rule ${f.ruleId} has no message ${f.messageId}`);
  return {
    // The shortest id; `assembleReport` lengthens the ids that the report's other findings share.
    id: key.slice(0, SHORT_ID_LENGTH),
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
    ...(f.possible ? { possible: f.possible } : {}),
    ...(f.path ? { path: f.path.map(({ origin, ...hop }) => ({ ...hop, ...(origin ? { location: locate(origin)! } : {}) })) } : {}),
  };
}
