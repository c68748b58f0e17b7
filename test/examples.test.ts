// Every bundled example is linted and its report compared with the expected.txt beside it, so the
// examples and their documentation never go stale. Refresh with UPDATE_EXPECTED=1 after a deliberate change.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, TODAY } from './support/cli';

const examples = readdirSync(join(ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe.each(examples)('examples/%s', (name) => {
  const dir = `examples/${name}`;
  const run = runCli(['lint', dir, '--today', TODAY, '--lang', 'en']);
  const expectedFile = join(ROOT, dir, 'expected.txt');

  it('matches expected.txt', () => {
    if (process.env.UPDATE_EXPECTED) writeFileSync(expectedFile, run.stdout);
    expect(existsSync(expectedFile)).toBe(true);
    expect(run.stdout).toBe(readFileSync(expectedFile, 'utf8'));
  });

  it('has a README in Japanese and English', () => {
    const readme = readFileSync(join(ROOT, dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/[\u3040-\u30ff]/);
    expect(readme).toMatch(/sanso(\.js)? lint examples\//);
  });

  it('exits 0 when clean and 1 with errors, never 2', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(run.stdout.includes(' error ') ? 1 : 0);
  });
});

it('the clean example passes and the mistakes example shows the rules its README lists', () => {
  const clean = runCli(['lint', 'examples/futaba-alpha', '--today', TODAY, '--format', 'json']);
  expect(clean.code).toBe(0);
  expect(JSON.parse(clean.stdout).findings).toEqual([]);
  const mistakes = runCli(['lint', 'examples/futaba-alpha-mistakes', '--today', TODAY, '--format', 'json']);
  expect(mistakes.code).toBe(1);
  const ids = new Set((JSON.parse(mistakes.stdout).findings as { ruleId: string }[]).map((f) => f.ruleId));
  const shown = ['mynumber-isolation', 'unsanitized-mail', 'tier-crossing', 'internet-egress', 'exception-expired', 'exception-not-pinned'];
  shown.push('rule-shadowed', 'rule-redundant', 'rule-over-broad', 'dangerous-service', 'screen-transfer-hygiene', 'rule-no-log', 'rule-no-comment', 'object-unused');
  for (const id of shown) {
    expect(ids).toContain(id);
  }
});
