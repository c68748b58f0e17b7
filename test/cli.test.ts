// The command line as a user meets it: exit codes, formats, languages, and bad input reported with
// file:line:column and exit code 2, never a stack trace.

import { ruleCatalog } from '../src/api';
import { runCli, TODAY } from './support/cli';

const lintJson = (path: string, ...rest: string[]) => {
  const run = runCli(['lint', path, '--format', 'json', '--today', TODAY, ...rest]);
  return { ...run, json: JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string; messageId: string; message: string; location?: { file: string; line: number; column: number } }[]; summary: { inputErrors: number; errors: number } } };
};

describe('usage', () => {
  it('prints help in English and Japanese', () => {
    expect(runCli(['--help']).stdout).toMatch(/Usage:\n {2}sanso lint/);
    expect(runCli(['--help'], { LANG: 'ja_JP.UTF-8' }).stdout).toMatch(/使い方/);
    expect(runCli(['--help', '--lang', 'en'], { LANG: 'ja_JP.UTF-8' }).stdout).toMatch(/Usage:/);
    for (const lang of ['en', 'ja']) {
      const help = runCli(['--help', '--lang', lang]).stdout;
      expect(help).toMatch(/\n {2}sanso rules /);
      expect(help).toMatch(/\n {6}--config PATH /);
      expect(help).toMatch(/\n {6}--no-config /);
    }
  });

  it('prints the version', () => {
    expect(runCli(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['lint', '--format', 'xml', 'examples'], /--format must be one of text, json/],
    [['lint', '--lang', 'fr', 'examples'], /--lang must be ja or en/],
    [['lint', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['lint', '--today', 'tomorrow', 'examples'], /--today must be a date/],
    [['lint', 'examples', '--config', 'x.yaml', '--no-config'], /--config and --no-config cannot be used together/],
    [['rules', 'examples'], /`sanso rules` takes no paths/],
    [['rules', '--format', 'sarif'], /--format must be text or json for `sanso rules`/],
    [['rules', '--max-warnings', '3'], /--max-warnings is not an option of `sanso rules` \(it is one of `sanso lint`\)/],
    [['query', '--fail-on', 'warning'], /--fail-on is not an option of `sanso query` \(it is one of `sanso lint`, `sanso diff`\)/],
  ])('rejects %j with exit 2', (args, message) => {
    const run = runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('fails closed without input files', () => {
    const missing = runCli(['lint', 'no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/Path no\/such\/dir does not exist/);
    const empty = runCli(['lint', 'fixtures/input/empty-dir-does-not-exist-either', 'test']);
    expect(empty.code).toBe(2);
  });
});

describe('bad input: every problem, with file:line:column, exit 2', () => {
  it('YAML syntax', () => {
    const { code, json } = lintJson('fixtures/input/broken-yaml');
    expect(code).toBe(2);
    expect(json.findings[0]).toMatchObject({ ruleId: 'parse-error', location: { file: 'fixtures/input/broken-yaml/model.yaml', line: 4 } });
  });

  it('schema: unknown keys with a suggestion, bad enums, zone kind, missing keys — all at once', () => {
    const { code, json } = lintJson('fixtures/input/schema');
    expect(code).toBe(2);
    expect(json.findings.map((f) => [f.messageId, f.location?.line])).toEqual([
      ['unknown', 2],
      ['enum', 5],
      ['zone-kind', 8],
      ['required', 15],
    ]);
    expect(json.findings[0]!.message).toMatch(/Did you mean `model`\?/);
  });

  it('references: unknown names, cycles, bad services, unknown rule in an exception', () => {
    const { code, json } = lintJson('fixtures/input/references');
    expect(code).toBe(2);
    expect(json.findings.map((f) => f.ruleId)).toEqual([
      'reference-cycle',
      'undefined-reference',
      'undefined-reference',
      'undefined-reference',
      'invalid-service',
      'undefined-reference',
    ]);
    expect(json.findings.map((f) => f.location?.line)).toEqual([7, 9, 12, 14, 16, 18]);
  });

  it('addresses: octet out of range, prefix too long, reversed range, too many octets', () => {
    const { code, json } = lintJson('fixtures/input/addresses');
    expect(code).toBe(2);
    expect(json.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/10\.0\.0\.300\/24.*octet 300/),
      expect.stringMatching(/2001:db8::\/129.*prefix length 129/),
      expect.stringMatching(/10\.9\.0\.99-10\.9\.0\.1.*start is after its end/),
      expect.stringMatching(/10\.2\.0\.1\.5/),
    ]);
  });

  it('an alias bomb is refused quickly', () => {
    const { code, json } = lintJson('fixtures/input/alias-bomb');
    expect(code).toBe(2);
    expect(json.findings[0]).toMatchObject({ ruleId: 'parse-error', messageId: 'alias-limit' });
  });

  it('an id defined in two files names both places', () => {
    const { code, json } = lintJson('fixtures/input/split');
    expect(code).toBe(2);
    expect(json.findings[0]!.message).toBe('Id `lg-office` is already defined at fixtures/input/split/a.yaml:3:14.');
    expect(json.findings[0]!.location).toMatchObject({ file: 'fixtures/input/split/b.yaml', line: 3 });
  });

  it('text output is the same facts, in Japanese too, and never a stack trace', () => {
    const run = runCli(['lint', 'fixtures/input/references', '--today', TODAY], { LANG: 'ja_JP.UTF-8' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/fixtures\/input\/references\/model\.yaml:12:24 {2}エラー {2}undefined-reference/);
    expect(run.stdout).toMatch(/`lg-ofice` というゾーンはありません。「lg-office」の誤りではありませんか？/);
    expect(run.stdout + run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('findings', () => {
  it('the JSON output carries the documented fields', () => {
    const { code, json } = lintJson('examples/futaba-alpha-mistakes');
    expect(code).toBe(1);
    const flow = json.findings.find((f) => f.ruleId === 'unsanitized-mail')!;
    expect(flow).toMatchObject({
      severity: 'error',
      location: { file: expect.stringMatching(/^examples\/futaba-alpha-mistakes\//), line: expect.any(Number), column: expect.any(Number) },
      related: expect.arrayContaining([expect.objectContaining({ file: expect.any(String), line: expect.any(Number) })]),
      witness: { src: expect.any(String), dst: expect.any(String), protocol: 'tcp', port: 25 },
    });
  });

  it('messages follow --lang', () => {
    const ja = lintJson('examples/futaba-alpha-mistakes', '--lang', 'ja').json.findings.map((f) => f.message);
    const en = lintJson('examples/futaba-alpha-mistakes', '--lang', 'en').json.findings.map((f) => f.message);
    expect(ja.every((m) => /[\u3040-\u30ff]/.test(m))).toBe(true);
    expect(en.some((m) => /[\u3040-\u309f]/.test(m))).toBe(false);
  });
});

describe('configuration', () => {
  it('a missing --config file is an input error', () => {
    for (const command of [['lint', 'examples/futaba-alpha-mistakes'], ['rules']]) {
      const run = runCli([...command, '--config', 'no/such/sanso.config.yaml']);
      expect(run.code).toBe(2);
      expect(run.stdout).toMatch(/Configuration file no\/such\/sanso\.config\.yaml does not exist\./);
    }
  });

  it('an unknown rule id: exit 2 with line:column and a suggestion; the model is not analysed', () => {
    const run = runCli(['lint', 'examples/futaba-alpha-mistakes', '--today', TODAY, '--config', 'fixtures/config/problems/sanso.config.yaml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/fixtures\/config\/problems\/sanso\.config\.yaml:4:17 {2}error {2}config\n {2}No rule named `tier-crosing` .*Did you mean `tier-crossing`\?/);
    expect(run.stdout).toMatch(/:5:11 {2}error {2}config\n {2}`schema` checks the input itself/);
    expect(run.stdout).not.toMatch(/examples\/futaba-alpha-mistakes/);
  });

  it('options for a rule that takes none: exit 2, in Japanese too', () => {
    const run = runCli(['lint', 'examples/futaba-alpha-mistakes', '--config', 'fixtures/config/problems/sanso.config.yaml', '--lang', 'ja']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/sanso\.config\.yaml:6:31 {2}エラー {2}config\n {2}ルール `exception-unused` はオプションを取りません/);
  });

  it('levels from the configuration change severities and the exit code follows them', () => {
    const plain = lintJson('fixtures/config/with-model', '--no-config');
    expect(plain.code).toBe(1);
    expect(plain.json.findings.filter((f) => f.ruleId === 'exception-expired').map((f) => f.severity)).toEqual(['warning']);
    // levels: strict, exception-expired off, mynumber-isolation info
    const run = lintJson('fixtures/config/with-model', '--config', 'fixtures/config/levels/sanso.config.yaml');
    const of = (id: string) => run.json.findings.filter((f) => f.ruleId === id).map((f) => f.severity);
    expect(of('exception-expired')).toEqual([]);
    expect(of('mynumber-isolation')).toEqual(['info']);
    expect(run.json.findings.filter((f) => f.ruleId !== 'mynumber-isolation').every((f) => f.severity === 'error')).toBe(true);
    expect(run.code).toBe(run.json.summary.errors > 0 ? 1 : 0);
  });
});

describe('sanso rules', () => {
  const ids = ruleCatalog().map((m) => m.id);

  it('text: a header, one aligned line per rule, the input checks marked', () => {
    const run = runCli(['rules', '--no-config']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE +SEVERITY +LEVEL +CATEGORY +TITLE$/);
    for (const id of ids) expect(run.stdout).toMatch(new RegExp(`^ *${id} +(error|warning|info) +`, 'm'));
    expect(lines[1]).toMatch(/^mynumber-isolation +error +default +exposure +My Number tier isolation$/);
    const column = (line: string, word: string) => line.indexOf(word);
    expect(column(lines[1]!, 'error')).toBe(column(lines[0]!, 'SEVERITY'));
    expect(run.stdout).toMatch(/Input checks \(always errors; cannot be configured\):\n +no-input +error +error +input +No input files/);
    expect(run.stdout).toMatch(/Configuration: \(none\); preset recommended/);
  });

  it('text follows --lang and shows the effective level of the configuration', () => {
    const run = runCli(['rules', '--lang', 'ja', '--config', 'fixtures/config/levels/sanso.config.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ルール +既定の重大度 +水準 +分類 +名称$/m);
    expect(run.stdout).toMatch(/^exception-expired +warning +off +exceptions +期限切れの例外措置$/m);
    expect(run.stdout).toMatch(/^exception-unused +warning +error +/m);
    expect(run.stdout).toMatch(/^mynumber-isolation +error +info +/m);
    expect(run.stdout).toMatch(/設定ファイル: fixtures\/config\/levels\/sanso\.config\.yaml、プリセット strict/);
  });

  it('json: every rule with its full metadata and effective level', () => {
    const run = runCli(['rules', '--format', 'json', '--no-config']);
    expect(run.code).toBe(0);
    const rules = JSON.parse(run.stdout) as { id: string; title: { ja: string; en: string }; category: string; level: string; messageIds: string[] }[];
    expect(rules.map((r) => r.id)).toEqual(ids);
    for (const rule of rules) {
      expect(rule).toMatchObject({ title: { ja: expect.any(String), en: expect.any(String) }, description: { ja: expect.any(String), en: expect.any(String) }, severity: expect.any(String), references: expect.any(Array) });
      expect(rule.messageIds.length).toBeGreaterThan(0);
      expect(rule.level).toBe(rule.category === 'input' ? 'error' : 'default');
    }
    const strict = JSON.parse(runCli(['rules', '--format', 'json', '--config', 'fixtures/config/strict/sanso.config.json']).stdout) as { id: string; level: string }[];
    expect(strict.find((r) => r.id === 'exception-expired')?.level).toBe('error');
  });
});
