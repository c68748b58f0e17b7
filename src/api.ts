// The library entry: lint(options) runs the whole pipeline — read the configuration, read and validate the
// model, build it, analyse flows, run the rules — and returns a report with messages and positions resolved.
// describeRules(options) lists the rules with the level the configuration gives each. Neither writes or exits.

import { compareFindings, interpolate, type Finding, type Lang, type Location, type Origin, type RawFinding, type WitnessPacket } from './core/finding';
import type { AuditFacts, ExceptionReport, ExceptionStatus, LintReport } from './core/report';
import { categoryLabel } from './core/labels';

export { categoryLabel } from './core/labels';

export type { ExceptionReport, ExceptionStatus, LintReport } from './core/report';
import { levelOf, resolveConfig, type Preset, type ResolvedConfig, type RuleLevel } from './engine/config';
import { INPUT_RULES, INPUT_RULE_IDS, SUPPRESSION_RULE } from './engine/input-rules';
import { applySuppressions, findSuppressions } from './core/suppressions';
import { parseTierPolicy, policyCell, type TierPolicy } from './engine/policy';
import type { ExceptionUsage, RuleMeta } from './engine/rule';
import { runRules, type Stage, type StageListener } from './engine/run';
import type { RuleSetting } from './engine/settings';

export type { Stage, StageListener } from './engine/run';
import { summarizeSpace, witnessPacket } from './flows/witness';
import { buildModel } from './model/build';
import { buildTierMap } from './model/tier-map';
import { suggest } from './model/suggest';
import type { NetworkModel } from './model/types';
import { createConfigValidator, createValidator } from './schema/validate';
import { parseText, type ParseProblem, type SourceDocument } from './source/document';
import { documentDigest, findConfigFile, packageFile, parseConfigText, readBaselineText, readConfigFile, readImportedFiles, readModelFiles, readPackageData, readVendorFile } from './source/read';
import { writeTextFile } from './source/write';
import { applyBaseline, baselineOf, type Baseline } from './core/baseline';
import { parseIptablesSave } from './import/iptables-save';
import { flattenChain, type InterfaceAddresses } from './import/netfilter';
import { flattenForward, nftPointer, parseNftablesJson } from './import/nftables-json';
import { toNativeRules } from './import/native-rules';
import { addressesBehind, IMPORT_FORMATS, type ImportFormat } from './model/imported-rules';
import { linePointer } from './source/line-document';
import { parseQuestion, queryPacket, type Packet } from './flows/query';
import { RULES } from '../rules';

export type { Preset, RuleLevel } from './engine/config';

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
interface Collected {
  readonly raw: RawFinding[];
  readonly positions: Map<RawFinding, Location>;
}

function parseProblemCollector(collected: Collected): (p: ParseProblem) => void {
  return (p) => {
    const finding: RawFinding = { ruleId: 'parse-error', severity: 'error', messageId: p.messageId, data: p.data, origin: p.origin };
    collected.raw.push(finding);
    if (p.position) collected.positions.set(finding, { file: p.origin.file, ...p.position });
  };
}

interface LoadedConfig {
  /** The configuration file used, as shown to the user. */
  readonly file?: string;
  readonly document?: SourceDocument;
  readonly resolved: ResolvedConfig;
}

/** Finds, reads, validates and resolves the configuration; its problems go to `collected`. */
function loadConfig(options: ConfigOptions, cwd: string, collected: Collected): LoadedConfig {
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
function startRun(options: ConfigOptions): { cwd: string; collected: Collected; config: LoadedConfig; lang: Lang } {
  const cwd = options.cwd ?? process.cwd();
  const collected: Collected = { raw: [], positions: new Map() };
  const config = loadConfig(options, cwd, collected);
  return { cwd, collected, config, lang: options.lang ?? config.resolved.lang ?? options.defaultLang ?? 'en' };
}

export function lint(options: LintOptions = {}): LintReport {
  const { cwd, collected, config, lang } = startRun(options);
  const stage = stageTimer(options.onStage);
  const loaded = loadModel(options, cwd, collected, stage);
  let usage: readonly ExceptionUsage[] = [];
  if (loaded.model) {
    const result = runRules(loaded.model, loadTierPolicy(), RULES, config.resolved.settings, options.onStage);
    stage.reset();
    collected.raw.push(...result.findings);
    usage = result.exceptionUsage;
  }
  const baseline = options.baseline !== undefined && !options.updateBaseline ? readBaseline(options.baseline, cwd, collected) : undefined;
  const assembled = assembleReport({ collected, documents: loaded.documents, config, ...(loaded.model ? { model: loaded.model } : {}), usage, lang });
  const report = options.inlineConfig === false || assembled.summary.inputErrors > 0 ? assembled : suppress(assembled, loaded.documents, lang, config.resolved.settings.get(SUPPRESSION_RULE.id));
  stage('report');
  if (options.baseline === undefined || report.summary.inputErrors > 0) return report;
  if (options.updateBaseline) {
    const written = baselineOf(report, INPUT_RULE_IDS);
    writeTextFile(cwd, options.baseline, JSON.stringify(written, null, 2) + '\n');
    return applyBaseline(report, written, options.baseline);
  }
  return baseline ? applyBaseline(report, baseline.baseline, baseline.file) : report;
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

/** Reads, validates and builds the model; its problems go to `collected`, and the model only when there are none. */
function loadModel(options: LintOptions, cwd: string, collected: Collected, stage: (name: Stage) => void): { model?: NetworkModel; documents: SourceDocument[] } {
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
  const imported = readImportedFiles(documents, cwd);
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

export interface QueryOptions extends LintOptions {
  /** A single address each, and a single service such as tcp/443, udp/53 or icmp/8. */
  readonly from: string;
  readonly to: string;
  readonly service: string;
}

/** One hop of a path, with its place in the files resolved. */
export interface QueryAnswerHop {
  readonly kind: 'zone' | 'firewall' | 'link' | 'interface';
  readonly id: string;
  readonly action?: 'allow' | 'deny';
  /** The deciding rule's label ("#3 name" or "default"). */
  readonly rule?: string;
  readonly location?: { readonly file: string; readonly line: number; readonly column: number };
}

export interface QueryAnswer {
  readonly packet: WitnessPacket;
  readonly from: readonly { readonly zone: string; readonly category: string }[];
  readonly to: readonly { readonly zone: string; readonly category: string }[];
  readonly delivered: boolean;
  readonly truncated: boolean;
  readonly paths: readonly { readonly delivered: boolean; readonly hops: readonly QueryAnswerHop[] }[];
}

export interface QueryReport {
  /** Absent when the model or the question has problems (they are in `report`). */
  readonly answer?: QueryAnswer;
  readonly report: LintReport;
}

/** `sanso query`: what each firewall on each path does with one packet. */
export function query(options: QueryOptions): QueryReport {
  const { cwd, collected, config, lang } = startRun(options);
  const packet = packetOf(options, collected);
  const loaded = loadModel(options, cwd, collected, () => {});
  const report = assembleReport({ collected, documents: loaded.documents, config, ...(loaded.model ? { model: loaded.model } : {}), usage: [], lang });
  if (!loaded.model || !packet) return { report };
  const model = loaded.model;
  const result = queryPacket(model, packet);
  const byFile = new Map(loaded.documents.map((d) => [d.file, d]));
  const zones = (ids: readonly string[]) => ids.map((zone) => ({ zone, category: model.zones.get(zone)!.category }));
  const answer: QueryAnswer = {
    packet: witnessPacket(packet),
    from: zones(result.fromZones),
    to: zones(result.toZones),
    delivered: result.delivered,
    truncated: result.truncated,
    paths: result.paths.map((path) => ({
      delivered: path.delivered,
      hops: path.hops.map((hop): QueryAnswerHop => {
        const position = hop.origin ? byFile.get(hop.origin.file)?.locate(hop.origin.pointer) : undefined;
        return {
          kind: hop.kind,
          id: hop.id,
          ...(hop.action ? { action: hop.action } : {}),
          ...(hop.label ? { rule: hop.label } : {}),
          ...(hop.origin && position ? { location: { file: hop.origin.file, line: position.line, column: position.column } } : {}),
        };
      }),
    })),
  };
  return { answer, report };
}

function packetOf(options: QueryOptions, collected: Collected): Packet | undefined {
  const packet = parseQuestion(options.from, options.to, options.service);
  if ('messageId' in packet) {
    collected.raw.push({ ruleId: 'query', severity: 'error', messageId: packet.messageId, data: packet.data });
    return undefined;
  }
  return packet;
}

/** Reports the time since the previous call (or since it was made) under a stage's name. */
function stageTimer(listener: StageListener | undefined): ((name: Stage) => void) & { reset(): void } {
  let last = performance.now();
  const mark = (name: Stage): void => {
    const now = performance.now();
    listener?.(name, now - last);
    last = now;
  };
  return Object.assign(mark, { reset: () => void (last = performance.now()) });
}

/** Resolves messages and positions and counts: the report of a run. */
function assembleReport(run: {
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
  const findings = collected.raw
    .map((f) => resolveFinding(f, metas.get(f.ruleId), lang, collected.positions.get(f) ?? locate(f.origin), locate))
    .sort(compareFindings);

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
function auditFacts(model: NetworkModel, documents: readonly SourceDocument[]): AuditFacts {
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
    ...(f.possible ? { possible: f.possible } : {}),
    ...(f.path ? { path: f.path.map(({ origin, ...hop }) => ({ ...hop, ...(origin ? { location: locate(origin)! } : {}) })) } : {}),
  };
}

export interface ImportOptions extends ConfigOptions {
  readonly format: ImportFormat;
  readonly file: string;
  /** iptables formats: the table and built-in chain to read (default filter, FORWARD). */
  readonly table?: string;
  readonly chain?: string;
  /** A firewall of the model in `paths` whose interfaces give the zones behind `-i`/`-o` (iifname/oifname). */
  readonly firewall?: string;
  readonly paths?: readonly string[];
}

export interface ImportResult {
  /** The native rules (YAML), when the file could be read and understood. */
  readonly yaml?: string;
  /** Problems in the file, as findings with their places. */
  readonly report: LintReport;
}

/** `sanso import`: a vendor file's rules written as sanso's own rules. */
export function importRules(options: ImportOptions): ImportResult {
  const { cwd, collected, config, lang } = startRun(options);
  const problem = (messageId: string, data: Record<string, string>, origin?: Origin): void => {
    collected.raw.push({ ruleId: 'import-error', severity: 'error', messageId, data, ...(origin ? { origin } : {}) });
  };
  const nft = options.format === 'nftables-json';
  const read = readVendorFile(options.file, cwd, nft ? 'json' : 'lines');
  read.problems.forEach(parseProblemCollector(collected));
  const documents: SourceDocument[] = read.document ? [read.document] : [];
  const { document } = read;
  if (!document) return { report: assembleReport({ collected, documents, config, usage: [], lang }) };
  const at = (line: number): Origin => ({ file: document.file, pointer: nft ? nftPointer(line) : linePointer(line) });
  const table = options.table ?? 'filter';
  const chain = options.chain ?? 'FORWARD';

  // The rules of each family, read; their problems reported.
  const rulesets = IMPORT_FORMATS[options.format].map((family) => {
    if (nft) {
      const ruleset = parseNftablesJson(document.data, family);
      ruleset.problems.forEach((p) => problem(p.messageId, p.data, { file: document.file, pointer: p.pointer }));
      return { family, chains: ruleset.baseChains.flatMap((b) => [...b.ruleset.tables.values()].flatMap((t) => [...t.chains.values()])), flatten: (behind?: InterfaceAddresses) => flattenForward(ruleset, behind) };
    }
    const ruleset = parseIptablesSave(String(document.data), family);
    ruleset.problems.forEach((p) => problem(p.messageId, p.data, at(p.line)));
    const chains = [...(ruleset.tables.get(table)?.chains.values() ?? [])];
    return { family, chains, flatten: (behind?: InterfaceAddresses) => flattenChain(ruleset, behind, table, chain) ?? problem('no-chain', { file: document.file, table, chain }, at(1)) };
  });

  // The zones behind the interfaces come from the model's firewall; without one, rules that name
  // interfaces cannot be written out.
  let behind: InterfaceAddresses | undefined;
  if (options.firewall !== undefined) {
    const loaded = loadModel({ ...options, paths: options.paths ?? ['.'] }, cwd, collected, () => {});
    documents.push(...loaded.documents);
    const firewall = loaded.model?.firewalls.get(options.firewall);
    if (loaded.model && !firewall) problem('no-firewall', { firewall: options.firewall });
    if (loaded.model && firewall) behind = addressesBehind(firewall.interfaces, loaded.model.zones);
  } else {
    const reported = new Set<number>();
    for (const rule of rulesets.flatMap((r) => r.chains).flatMap((c) => c.rules)) {
      const name = rule.match.inInterface?.value ?? rule.match.outInterface?.value;
      if (name === undefined || reported.has(rule.line)) continue;
      reported.add(rule.line);
      problem('interface-without-model', { name }, at(rule.line));
    }
  }
  let yaml: string | undefined;
  if (collected.raw.length === 0) {
    const parts = rulesets.map((r) => {
      const flat = r.flatten(behind);
      flat?.loops.forEach((l) => problem('loop', { chain: l.chain }, at(l.line)));
      return { family: r.family, ...(flat ? { flat } : {}) };
    });
    if (collected.raw.length === 0) {
      const where = (line: number): string => {
        const position = document.locate(nft ? nftPointer(line) : linePointer(line));
        return `${document.file}:${position.line}`;
      };
      yaml = toNativeRules(parts, { file: document.file, format: options.format, what: nft ? 'the forward hook' : `table ${table}, chain ${chain}`, where });
    }
  }
  const report = assembleReport({ collected, documents, config, usage: [], lang });
  return { ...(yaml !== undefined ? { yaml } : {}), report };
}
