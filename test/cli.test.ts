// The command line as a user meets it: exit codes, formats, languages, and bad input reported with
// file:line:column and exit code 2, never a stack trace.

import { runCli, TODAY } from './support/cli';

const lintJson = (path: string, ...rest: string[]) => {
  const run = runCli(['lint', path, '--format', 'json', '--today', TODAY, ...rest]);
  return { ...run, json: JSON.parse(run.stdout) as { findings: { ruleId: string; messageId: string; message: string; location?: { file: string; line: number; column: number } }[]; summary: { inputErrors: number } } };
};

describe('usage', () => {
  it('prints help in English and Japanese', () => {
    expect(runCli(['--help']).stdout).toMatch(/Usage:\n {2}sanso lint/);
    expect(runCli(['--help'], { LANG: 'ja_JP.UTF-8' }).stdout).toMatch(/使い方/);
    expect(runCli(['--help', '--lang', 'en'], { LANG: 'ja_JP.UTF-8' }).stdout).toMatch(/Usage:/);
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
