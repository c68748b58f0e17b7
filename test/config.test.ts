// The configuration file: discovery from the working directory upward, presets, per-rule levels and options,
// every problem in it reported at once with file:line:column, and `sanso rules` showing what will run.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describeRules, lint, ruleCatalog, type LintOptions, type RuleListing } from '../src/api';
import { formatRuleListing } from '../src/cli/rules-text';
import type { Severity } from '../src/core/finding';
import { levelOf, resolveConfig } from '../src/engine/config';
import type { RuleMeta } from '../src/engine/rule';
import { expandPaths } from '../src/source/read';
import { RULES } from '../rules';
import { ROOT, runCli, TODAY } from './support/cli';

const MISTAKES = 'examples/futaba-alpha-mistakes';
const WITH_MODEL = 'fixtures/config/with-model';

const meta = (id: string, severity: Severity, options?: RuleMeta['options']): RuleMeta => ({
  id,
  title: { ja: id, en: id },
  description: { ja: id, en: id },
  category: 'rule-base',
  severity,
  references: [],
  messages: { found: { ja: 'x', en: 'x' } },
  ...(options ? { options } : {}),
});

const OVER_BROAD = meta('rule-over-broad', 'warning', {
  schema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      wideIpv4Prefix: { type: 'integer', minimum: 0, maximum: 32 },
      wideIpv6Prefix: { type: 'integer', minimum: 0, maximum: 128 },
      maxPortRange: { type: 'integer', minimum: 1 },
    },
  },
  defaults: { wideIpv4Prefix: 16, wideIpv6Prefix: 48, maxPortRange: 100 },
});
const METAS: readonly RuleMeta[] = [meta('tier-crossing', 'error'), meta('exception-expired', 'warning'), meta('rule-no-comment', 'info'), OVER_BROAD];
const doc = (data: unknown) => ({ file: 'sanso.config.yaml', data });
const problemsOf = (data: unknown) => resolveConfig(doc(data), METAS).problems.map((p) => [p.messageId, p.origin?.pointer, p.data]);

describe('resolveConfig', () => {
  it('without a configuration: every rule on, at its own severities', () => {
    const resolved = resolveConfig(undefined, METAS);
    expect(resolved.preset).toBe('recommended');
    expect(resolved.problems).toEqual([]);
    expect([...resolved.settings]).toEqual(METAS.map((m) => [m.id, { enabled: true, options: {} }]));
    expect(METAS.map((m) => levelOf(resolved.settings.get(m.id)))).toEqual(['default', 'default', 'default', 'default']);
  });

  it('strict: errors and warnings become errors, infos become warnings', () => {
    const { settings } = resolveConfig(doc({ extends: 'strict' }), METAS);
    expect(METAS.map((m) => settings.get(m.id)?.severity)).toEqual(['error', 'error', 'warning', 'error']);
    expect(METAS.every((m) => settings.get(m.id)?.enabled)).toBe(true);
  });

  it('per-rule levels override the preset; options are kept as given', () => {
    const { settings, problems } = resolveConfig(
      doc({
        extends: 'strict',
        rules: { 'tier-crossing': 'off', 'exception-expired': 'default', 'rule-no-comment': ['info'], 'rule-over-broad': ['warning', { maxPortRange: 1000 }] },
      }),
      METAS,
    );
    expect(problems).toEqual([]);
    expect(settings.get('tier-crossing')).toEqual({ enabled: false, options: {} });
    expect(settings.get('exception-expired')).toEqual({ enabled: true, options: {} });
    expect(settings.get('rule-no-comment')).toEqual({ enabled: true, severity: 'info', options: {} });
    expect(settings.get('rule-over-broad')).toEqual({ enabled: true, severity: 'warning', options: { maxPortRange: 1000 } });
    expect(METAS.map((m) => levelOf(settings.get(m.id)))).toEqual(['off', 'default', 'info', 'warning']);
  });

  it('unknown rules get a suggestion; input checks cannot be configured', () => {
    expect(problemsOf({ rules: { 'tier-crosing': 'off', schema: 'warning', config: 'off', 'no-such-thing-at-all': 'error' } })).toEqual([
      ['unknown-rule', '/rules/tier-crosing', { rule: 'tier-crosing', hint: 'tier-crossing' }],
      ['not-configurable', '/rules/schema', { rule: 'schema' }],
      ['not-configurable', '/rules/config', { rule: 'config' }],
      ['unknown-rule', '/rules/no-such-thing-at-all', { rule: 'no-such-thing-at-all', hint: '' }],
    ]);
  });

  it('options: only for rules that take them, checked against the rule’s schema with its defaults filled in', () => {
    expect(
      problemsOf({
        rules: {
          'tier-crossing': ['error', { depth: 2 }],
          'rule-over-broad': ['error', { maxPortRang: 10, wideIpv4Prefix: 40, wideIpv6Prefix: 'wide' }],
        },
      }),
    ).toEqual([
      ['no-options', '/rules/tier-crossing/1', { rule: 'tier-crossing' }],
      ['unknown-option', '/rules/rule-over-broad/1/maxPortRang', { rule: 'rule-over-broad', option: 'maxPortRang', hint: 'maxPortRange' }],
      ['bad-options', '/rules/rule-over-broad/1/wideIpv4Prefix', { rule: 'rule-over-broad', detail: 'wideIpv4Prefix must be <= 32' }],
      ['bad-options', '/rules/rule-over-broad/1/wideIpv6Prefix', { rule: 'rule-over-broad', detail: 'wideIpv6Prefix must be integer' }],
    ]);
  });

  it('a rule whose options are rejected keeps its preset setting; values the schema rejects are skipped, not thrown', () => {
    const { settings } = resolveConfig(doc({ rules: { 'rule-over-broad': ['off', { maxPortRange: 0 }] } }), METAS);
    expect(settings.get('rule-over-broad')).toEqual({ enabled: true, options: {} });
    expect(problemsOf({ rules: { 'tier-crossing': 2, 'exception-expired': [], 'rule-no-comment': ['error', 'x'] } })).toEqual([]);
    expect(problemsOf({ rules: 'all' })).toEqual([]);
    expect(problemsOf(['not', 'a', 'mapping'])).toEqual([]);
    expect(resolveConfig(doc({ extends: 'strikt', lang: 'fr' }), METAS)).toMatchObject({ preset: 'recommended', problems: [] });
  });

  it('lang', () => {
    expect(resolveConfig(doc({ lang: 'ja' }), METAS).lang).toBe('ja');
    expect(resolveConfig(doc({}), METAS).lang).toBeUndefined();
  });
});

it('every rule that declares options: the schema compiles strictly and its defaults satisfy it', () => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  for (const rule of RULES.filter((r) => r.meta.options)) {
    const validate = ajv.compile(rule.meta.options!.schema);
    expect({ rule: rule.meta.id, valid: validate(rule.meta.options!.defaults), errors: validate.errors ?? null }).toEqual({ rule: rule.meta.id, valid: true, errors: null });
  }
});

const run = (options: LintOptions) => lint({ paths: [MISTAKES], cwd: ROOT, today: TODAY, config: false, ...options });
const bySeverity = (options: LintOptions, ruleId: string) => run(options).findings.filter((f) => f.ruleId === ruleId).map((f) => f.severity);
const inline = (text: string): LintOptions => ({ configSource: { file: 'sanso.config.yaml', text } });

describe('presets and levels on a real model', () => {
  const baseline = run({});

  it('the recommended preset is the default and changes nothing', () => {
    expect(baseline.summary).toMatchObject({ inputErrors: 0, warnings: expect.any(Number) });
    expect(baseline.summary.warnings).toBeGreaterThan(0);
    expect(baseline.config).toBeUndefined();
    expect(run(inline('extends: recommended\n')).findings).toEqual(baseline.findings);
  });

  it('strict raises warnings to errors', () => {
    const strict = run(inline('extends: strict\n'));
    expect(strict.config).toBe('sanso.config.yaml');
    expect(strict.summary).toMatchObject({ warnings: 0, infos: 0, errors: baseline.summary.errors + baseline.summary.warnings + baseline.summary.infos });
    expect(strict.findings.map((f) => [f.ruleId, f.location])).toEqual(baseline.findings.map((f) => [f.ruleId, f.location]));
  });

  it('off removes the findings of that rule and only those', () => {
    expect(bySeverity({}, 'exception-expired')).toEqual(['warning']);
    const off = run(inline('rules:\n  exception-expired: off\n'));
    expect(off.findings.filter((f) => f.ruleId === 'exception-expired')).toEqual([]);
    expect(off.findings).toEqual(baseline.findings.filter((f) => f.ruleId !== 'exception-expired'));
  });

  it('a fixed level sets the severity of every finding of the rule; default restores the rule’s own', () => {
    expect(bySeverity(inline('rules:\n  exception-expired: error\n'), 'exception-expired')).toEqual(['error']);
    const info = bySeverity(inline('rules:\n  mynumber-isolation: info\n'), 'mynumber-isolation');
    expect(info.length).toBeGreaterThan(1);
    expect(new Set(info)).toEqual(new Set(['info']));
    expect(bySeverity(inline('extends: strict\nrules:\n  exception-expired: default\n'), 'exception-expired')).toEqual(['warning']);
  });

  it('a configuration problem stops the analysis: only input errors, every one of them', () => {
    const report = run({ config: 'fixtures/config/problems/sanso.config.yaml' });
    expect(report.findings.map((f) => [f.ruleId, f.messageId, f.location?.line, f.location?.column])).toEqual([
      ['schema', 'enum', 2, 10],
      ['config', 'unknown-rule', 4, 17],
      ['config', 'not-configurable', 5, 11],
      ['config', 'no-options', 6, 31],
      ['schema', 'enum', 7, 22],
    ]);
    expect(report.summary.inputErrors).toBe(5);
    expect(report.model).toBeUndefined();
  });

  it('schema problems of the configuration are located and explained', () => {
    const report = run(inline('rule:\n  tier-crossing: off\nlang: fr\nrules:\n  tier-crossing: [error, {}, 3]\n  exception-expired: 2\n'));
    expect(report.findings.map((f) => [f.ruleId, f.location?.line, f.message])).toEqual([
      ['schema', 2, 'Unknown key `rule`. Did you mean `rules`?'],
      ['schema', 3, '`fr` is not allowed here; use one of: ja, en'],
      ['schema', 5, expect.stringMatching(/more than 2 items/)],
      ['schema', 6, '`2` is not allowed here; use one of: off, default, info, warning, error'],
    ]);
  });

  it('a configuration with a syntax error is a parse error; an empty one is the default', () => {
    expect(run(inline('rules: [\n')).findings[0]).toMatchObject({ ruleId: 'parse-error', location: { file: 'sanso.config.yaml' } });
    expect(run(inline('')).findings).toEqual(baseline.findings);
    expect(run(inline('# nothing configured yet\n')).findings).toEqual(baseline.findings);
  });

  it('lang: the explicit option, then the configuration, then the default language', () => {
    const ja = /[\u3040-\u30ff]/;
    expect(run(inline('lang: ja\n')).lang).toBe('ja');
    expect(run(inline('lang: ja\n')).findings.every((f) => ja.test(f.message))).toBe(true);
    expect(run({ ...inline('lang: ja\n'), lang: 'en' }).lang).toBe('en');
    expect(run({ ...inline('lang: en\n'), defaultLang: 'ja' }).lang).toBe('en');
    expect(run({ defaultLang: 'ja' }).lang).toBe('ja');
  });
});

describe('options of the registered rules', () => {
  const withOptions = RULES.filter((r) => r.meta.options);
  const withoutOptions = RULES.find((r) => !r.meta.options)!;

  it('a rule without options refuses them', () => {
    const report = run(inline(`rules:\n  ${withoutOptions.meta.id}: [warning, { limit: 1 }]\n`));
    expect(report.findings.map((f) => [f.ruleId, f.messageId, f.location?.line])).toEqual([['config', 'no-options', 2]]);
  });

  it('a rule with options accepts its defaults, shows the configured values, and refuses an unknown option', () => {
    for (const rule of withOptions) {
      const { id, options } = rule.meta;
      const valid = run(inline(`rules:\n  ${id}: [default, ${JSON.stringify(options!.defaults)}]\n`));
      expect({ id, inputErrors: valid.summary.inputErrors }).toEqual({ id, inputErrors: 0 });
      const listing = describeRules({ ...inline(`rules:\n  ${id}: [warning, ${JSON.stringify(options!.defaults)}]\n`), cwd: ROOT });
      expect(listing.rules.find((r) => r.id === id)).toMatchObject({ level: 'warning', options, configuredOptions: options!.defaults });
      const unknown = run(inline(`rules:\n  ${id}: [warning, { surelyNotAnOption: 1 }]\n`));
      expect(unknown.findings.map((f) => [f.ruleId, f.messageId, f.location?.line])).toEqual([['config', 'unknown-option', 2]]);
    }
  });
});

describe('discovery', () => {
  let dir: string;
  const model = join(ROOT, WITH_MODEL, 'model.yaml');
  const expiredSeverity = (cwd: string, options: LintOptions = {}) => {
    const report = lint({ paths: [model], cwd, today: TODAY, ...options });
    return { config: report.config, severities: report.findings.filter((f) => f.ruleId === 'exception-expired').map((f) => f.severity), inputErrors: report.summary.inputErrors };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sanso-config-'));
    mkdirSync(join(dir, 'a', 'b', 'c'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('searches from the working directory upward; the nearest file wins', () => {
    expect(expiredSeverity(join(dir, 'a', 'b', 'c'))).toEqual({ severities: ['warning'], inputErrors: 0 });
    writeFileSync(join(dir, 'sanso.config.yaml'), 'rules:\n  exception-expired: error\n');
    expect(expiredSeverity(join(dir, 'a', 'b', 'c'))).toEqual({ config: '../../../sanso.config.yaml', severities: ['error'], inputErrors: 0 });
    writeFileSync(join(dir, 'a', 'sanso.config.json'), '{ "rules": { "exception-expired": "info" } }\n');
    expect(expiredSeverity(join(dir, 'a', 'b', 'c'))).toEqual({ config: '../../sanso.config.json', severities: ['info'], inputErrors: 0 });
    expect(expiredSeverity(dir)).toEqual({ config: 'sanso.config.yaml', severities: ['error'], inputErrors: 0 });
  });

  it('in one directory: .yaml before .yml before .json', () => {
    writeFileSync(join(dir, 'sanso.config.json'), '{ "rules": { "exception-expired": "info" } }\n');
    expect(expiredSeverity(dir)).toMatchObject({ config: 'sanso.config.json', severities: ['info'] });
    writeFileSync(join(dir, 'sanso.config.yml'), 'rules: { exception-expired: off }\n');
    expect(expiredSeverity(dir)).toMatchObject({ config: 'sanso.config.yml', severities: [] });
    writeFileSync(join(dir, 'sanso.config.yaml'), 'rules: { exception-expired: error }\n');
    expect(expiredSeverity(dir)).toMatchObject({ config: 'sanso.config.yaml', severities: ['error'] });
  });

  it('config: a path relative to cwd wins over discovery; false ignores every file; a missing path is an input error', () => {
    writeFileSync(join(dir, 'sanso.config.yaml'), 'rules:\n  exception-expired: error\n');
    writeFileSync(join(dir, 'a', 'other.yaml'), 'rules:\n  exception-expired: info\n');
    expect(expiredSeverity(dir, { config: 'a/other.yaml' })).toEqual({ config: 'a/other.yaml', severities: ['info'], inputErrors: 0 });
    expect(expiredSeverity(dir, { config: false })).toEqual({ severities: ['warning'], inputErrors: 0 });
    const missing = lint({ paths: [model], cwd: dir, today: TODAY, config: 'nope.yaml' });
    expect(missing.findings.map((f) => [f.ruleId, f.messageId, f.message])).toEqual([['config', 'not-found', 'Configuration file nope.yaml does not exist.']]);
    expect(missing.summary.inputErrors).toBe(1);
  });

  it('configuration files inside a model directory are not model files', () => {
    copyFileSync(model, join(dir, 'a', 'model.yaml'));
    for (const name of ['sanso.config.yaml', 'sanso.config.yml', 'sanso.config.json']) writeFileSync(join(dir, 'a', 'b', name), 'not: a model\n');
    expect(expandPaths(['a'], dir).files.map((f) => f.slice(dir.length))).toEqual(['/a/model.yaml']);
    const report = lint({ paths: ['a'], cwd: dir, today: TODAY, config: false });
    expect(report.files).toEqual(['a/model.yaml']);
    expect(report.summary.inputErrors).toBe(0);
  });
});

describe('describeRules', () => {
  it('lists every rule and input check with its effective level', () => {
    const listing = describeRules({ cwd: ROOT, config: 'fixtures/config/levels/sanso.config.yaml' });
    expect(listing.rules.map((r) => r.id)).toEqual(ruleCatalog().map((m) => m.id));
    expect(listing).toMatchObject({ config: 'fixtures/config/levels/sanso.config.yaml', preset: 'strict', lang: 'en', report: { findings: [] } });
    const level = (id: string) => listing.rules.find((r) => r.id === id)?.level;
    expect([level('exception-expired'), level('mynumber-isolation'), level('tier-crossing'), level('exception-unused'), level('schema')]).toEqual(['off', 'info', 'default', 'error', 'error']);
  });

  it('reports the configuration’s problems instead', () => {
    const listing = describeRules({ cwd: ROOT, config: 'fixtures/config/problems/sanso.config.yaml' });
    expect(listing.report.summary.inputErrors).toBe(5);
  });

  it('the text shows each rule’s options with their defaults and the configured values', () => {
    const listing: RuleListing = {
      rules: [
        {
          id: 'rule-over-broad',
          title: { ja: '広すぎるルール', en: 'Over-broad rule' },
          description: { ja: '', en: '' },
          category: 'rule-base',
          severity: 'warning',
          references: [],
          messageIds: ['found'],
          options: OVER_BROAD.options!,
          level: 'warning',
          configuredOptions: { maxPortRange: 1000 },
        },
      ],
      preset: 'recommended',
      config: 'sanso.config.yaml',
      lang: 'ja',
      report: lint({ sources: [], config: false }),
    };
    const text = formatRuleListing(listing);
    expect(text).toMatch(/^ルール {11}既定の重大度 {2}水準 {5}分類 {7}名称\nrule-over-broad {2}warning {7}warning {2}rule-base {2}広すぎるルール\n\nオプション/);
    expect(text).toContain('  rule-over-broad\n    wideIpv4Prefix: 16\n    wideIpv6Prefix: 48\n    maxPortRange: 100 → 1000\n');
    expect(text).toContain('設定ファイル: sanso.config.yaml、プリセット recommended');
  });
});

describe('CLI', () => {
  it('finds the configuration from the working directory, and --no-config ignores it', () => {
    const severity = (args: string[], cwd: string) => {
      const { code, stdout } = runCli(['lint', '.', '--format', 'json', '--today', TODAY, ...args], {}, cwd);
      const json = JSON.parse(stdout) as { findings: { ruleId: string; severity: string }[]; files: string[] };
      return { code, files: json.files, expired: json.findings.filter((f) => f.ruleId === 'exception-expired').map((f) => f.severity) };
    };
    const cwd = join(ROOT, WITH_MODEL);
    expect(severity([], cwd)).toEqual({ code: 1, files: ['model.yaml'], expired: ['error'] });
    expect(severity(['--no-config'], cwd)).toEqual({ code: 1, files: ['model.yaml'], expired: ['warning'] });
    expect(severity(['--config', '../levels/sanso.config.yaml'], cwd)).toEqual({ code: 1, files: ['model.yaml'], expired: [] });
  });

  it('the config’s lang applies unless --lang is given', () => {
    const args = ['lint', MISTAKES, '--today', TODAY, '--config', 'fixtures/config/strict/sanso.config.json'];
    expect(runCli(args).stdout).toMatch(/エラー/);
    expect(runCli([...args, '--lang', 'en']).stdout).not.toMatch(/エラー/);
  });
});
