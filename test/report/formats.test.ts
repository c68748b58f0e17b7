// The outputs for CI and spreadsheets — JUnit, GitHub annotations and job summary, Markdown, CSV — from one
// lint run, and the gating options that decide the exit code.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint } from '../../src/api';
import { main } from '../../src/cli/main';
import type { LintReport } from '../../src/core/report';
import { formatReport, type FormatName } from '../../src/report';
import { runCli, ROOT, TODAY } from '../support/cli';

const report: LintReport = lint({ paths: ['examples/futaba-alpha-mistakes'], config: false, today: TODAY });
const out = (name: FormatName, r: LintReport = report): string => formatReport(name, r, { color: false, version: '0.0.0-test' });
const failing = report.findings.filter((f) => f.severity !== 'info').length;

it('JUnit: one suite per rule that ran, a failure per error or warning, counts that add up', () => {
  const xml = out('junit');
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sanso"')).toBe(true);
  expect(xml.match(/<testsuite /g)).toHaveLength(report.rules.length);
  expect(xml.match(/<failure /g)).toHaveLength(failing);
  expect(xml).toContain(`failures="${failing}"`);
  const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/g)];
  for (const [, rule, tests, failures] of suites) {
    const own = report.findings.filter((f) => f.ruleId === rule);
    expect([rule, Number(tests), Number(failures)]).toEqual([rule, Math.max(own.length, 1), own.filter((f) => f.severity !== 'info').length]);
  }
  // Each test case names the finding's id, which `sanso explain` takes.
  for (const f of report.findings) expect(xml).toContain(` ${f.messageId} ${f.id}"`);
  // Well formed: every element closed, no raw ampersand or angle bracket in text.
  expect(xml.match(/<testsuite /g)!.length).toBe(xml.match(/<\/testsuite>/g)!.length);
  expect(xml.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;)/);
});

it('GitHub: one workflow command per finding with its place, escaped', () => {
  const lines = out('github').trimEnd().split('\n');
  expect(lines).toHaveLength(report.findings.length);
  for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=sanso [a-z-]+ [0-9a-f]{8,}(\.\d+)?::.+$/);
  // The title carries the id `sanso explain` takes.
  expect(lines[0]).toContain(`title=sanso ${report.findings[0]!.ruleId} ${report.findings[0]!.id}::`);
  const tricky = { ...report, findings: [{ ...report.findings[0]!, message: '50% done\nnext: a, b' }] };
  expect(out('github', tricky)).toContain('::50%25 done%0Anext: a, b');
});

it('Markdown: the counts and one table row per finding, cells escaped', () => {
  const md = out('markdown');
  expect(md).toContain(`**${report.summary.errors}** errors`);
  expect(md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'))).toHaveLength(report.findings.length);
  const tricky = { ...report, findings: [{ ...report.findings[0]!, message: 'a | b *c*' }] };
  expect(out('markdown', tricky)).toContain('a \\| b \\*c\\*');
});

it('CSV: UTF-8 with a BOM, a header, one row per finding, quoted as RFC 4180 says', () => {
  const csv = out('csv');
  expect(csv.startsWith('\ufeffid,severity,rule,file,line,column,message,')).toBe(true);
  expect(csv.split('\r\n')[1]!.startsWith(`${report.findings[0]!.id},${report.findings[0]!.severity},`)).toBe(true);
  expect(csv.trimEnd().split('\r\n')).toHaveLength(report.findings.length + 1);
  const tricky = { ...report, findings: [{ ...report.findings[0]!, message: 'say "hi", then =SUM(A1)' }, { ...report.findings[0]!, message: '=cmd' }] };
  const rows = out('csv', tricky).split('\r\n');
  expect(rows[1]).toContain('"say ""hi"", then =SUM(A1)"');
  expect(rows[2]).toContain(`"'=cmd"`);
});

it('writes the GitHub job summary when GITHUB_STEP_SUMMARY is set', () => {
  let summary = '';
  let stdout = '';
  const code = main(['lint', 'examples/futaba-alpha-mistakes', '--no-config', '--today', TODAY, '--format', 'github'], {
    stdout: (s) => (stdout += s),
    stderr: () => {},
    appendFile: (path, text) => (summary += `${path}\n${text}`),
    env: { LANG: 'C', GITHUB_STEP_SUMMARY: '/summary.md' },
    cwd: ROOT,
    isTTY: false,
  });
  expect(code).toBe(1);
  expect(stdout.split('\n')[0]).toMatch(/^::(error|warning|notice) /);
  expect(summary.startsWith('/summary.md\n## sanso')).toBe(true);
});

it('--fail-on and --max-warnings decide the exit code', () => {
  // The clean example has no errors and no warnings; the one with mistakes has both.
  expect(runCli(['lint', 'examples/futaba-alpha', '--no-config', '--today', TODAY, '--fail-on', 'info']).code).toBe(0);
  expect(runCli(['lint', 'examples/futaba-alpha-mistakes', '--no-config', '--today', TODAY]).code).toBe(1);
  const dir = mkdtempSync(join(tmpdir(), 'sanso-gate-'));
  const onlyWarnings = runCli(['lint', 'fixtures/rules/firewall-default-allow/invalid/internal-firewall-default-allow.yaml', '--no-config', '--today', TODAY, '--format', `json:${join(dir, 'r.json')}`]);
  const summary = (JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { summary: { errors: number; warnings: number } }).summary;
  expect(summary.errors).toBe(0);
  expect(summary.warnings).toBeGreaterThan(0);
  expect(onlyWarnings.code).toBe(0);
  const args = ['lint', 'fixtures/rules/firewall-default-allow/invalid/internal-firewall-default-allow.yaml', '--no-config', '--today', TODAY];
  expect(runCli([...args, '--fail-on', 'warning']).code).toBe(1);
  expect(runCli([...args, '--max-warnings', String(summary.warnings)]).code).toBe(0);
  expect(runCli([...args, '--max-warnings', String(summary.warnings - 1)]).code).toBe(1);
  expect(runCli([...args, '--fail-on', 'fatal']).code).toBe(2);
  expect(runCli([...args, '--max-warnings', '-1']).code).toBe(2);
});

it('every format is the same bytes for the same input (no timestamps, stable order)', () => {
  const again: LintReport = lint({ paths: ['examples/futaba-alpha-mistakes'], config: false, today: TODAY });
  for (const name of ['text', 'json', 'sarif', 'junit', 'github', 'markdown', 'csv'] as const) expect([name, out(name, again)]).toEqual([name, out(name)]);
});

it('the example CI workflow runs the outputs it documents', () => {
  const workflow = readFileSync(join(ROOT, 'docs', 'github-actions.yml'), 'utf8');
  for (const option of ['--format github', '--format sarif:sanso.sarif', '--format junit:sanso-junit.xml', '--baseline sanso-baseline.json', '--fail-on error']) expect(workflow).toContain(option);
  const hooks = readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  expect(hooks).toContain('entry: sanso lint');
});
