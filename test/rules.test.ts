// The rule pack as data: folders, registry, metadata and README agree; each README's examples and each
// fixture behave as they say (violating and invalid inputs produce the rule, compliant and valid ones don't).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../src/api';
import { RULES } from '../rules';
import { ROOT, TODAY } from './support/cli';

const folders = readdirSync(join(ROOT, 'rules'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'policy')
  .map((d) => d.name)
  .sort();

const headings = (withOptions: boolean): string[] => [
  '## Why this matters / なぜ問題か',
  '## What it checks / 検査内容',
  '## Examples / 例',
  '### Violating / 違反例',
  '### Compliant / 適合例',
  '## How to fix / 修正方法',
  ...(withOptions ? ['## Options / オプション'] : []),
  '## References / 参照',
];

const ruleIdsOf = (text: string, file: string) => {
  const report = lint({ sources: [{ file, text }], today: TODAY });
  expect(report.findings.filter((f) => f.severity === 'error' && ['parse-error', 'schema', 'undefined-reference', 'invalid-address', 'invalid-service', 'duplicate-id', 'reference-cycle', 'import-error'].includes(f.ruleId))).toEqual([]);
  return report.findings.map((f) => f.ruleId);
};

it('the registry lists exactly the rule folders', () => {
  expect(RULES.map((r) => r.meta.id).sort()).toEqual(folders);
});

describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
  const readme = readFileSync(join(ROOT, 'rules', id, 'README.md'), 'utf8');

  it('README opens with the id and the descriptions from the metadata', () => {
    const lines = readme.split('\n');
    expect(lines[0]).toBe(`# ${id}`);
    expect(readme).toContain(`\n${rule.meta.description.en}\n`);
    expect(readme).toContain(`\n${rule.meta.description.ja}\n`);
  });

  it('README has the sections in order', () => {
    const found = readme.split('\n').filter((l) => /^#{2,3} /.test(l));
    expect(found).toEqual(headings(rule.meta.options !== undefined));
  });

  it('README states the default severity in both languages', () => {
    expect(readme).toContain(`Severity: ${rule.meta.severity}`);
    expect(readme).toContain(`重大度: ${rule.meta.severity}`);
  });

  it('README documents every option with its default, and only those', () => {
    const options = rule.meta.options;
    if (!options) return expect(readme).not.toContain('## Options');
    const section = readme.split('## Options / オプション')[1]!.split('## References')[0]!;
    const documented = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(options.defaults).sort());
    for (const [name, value] of Object.entries(options.defaults)) expect(section).toMatch(new RegExp(`\\| \`${name}\` \\|[^\\n]*\\| \`${JSON.stringify(value)}\` \\|`));
    expect(Object.keys(options.defaults).sort()).toEqual(Object.keys((options.schema as { properties: object }).properties).sort());
  });

  it('README examples: the violating one produces the rule, the compliant one does not', () => {
    const violating = readme.split('### Violating')[1]!.split('### Compliant')[0]!;
    const compliant = readme.split('### Compliant')[1]!.split('## How to fix')[0]!;
    const yaml = (section: string) => section.match(/```yaml\n([\s\S]*?)```/)![1]!;
    expect(ruleIdsOf(yaml(violating), `rules/${id}/README.md`)).toContain(id);
    expect(ruleIdsOf(yaml(compliant), `rules/${id}/README.md`)).not.toContain(id);
  });

  it('metadata is complete in both languages', () => {
    const { meta } = rule;
    expect(meta.title.ja && meta.title.en && meta.description.ja && meta.description.en).toBeTruthy();
    expect(meta.references.length).toBeGreaterThan(0);
    for (const message of Object.values(meta.messages)) {
      expect(message.ja).toMatch(/[\u3040-\u30ff]/);
      expect(message.en).not.toMatch(/[\u3040-\u309f]/);
      const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      expect(placeholders(message.ja)).toEqual(placeholders(message.en));
    }
  });

  for (const kind of ['valid', 'invalid'] as const) {
    const dir = join(ROOT, 'fixtures', 'rules', id, kind);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
    it(`has ${kind} fixtures`, () => expect(files.length).toBeGreaterThan(0));
    it.each(files)(`${kind}/%s`, (file) => {
      const ids = ruleIdsOf(readFileSync(join(dir, file), 'utf8'), `fixtures/rules/${id}/${kind}/${file}`);
      if (kind === 'valid') expect(ids).not.toContain(id);
      else expect(ids).toContain(id);
    });
  }
});
