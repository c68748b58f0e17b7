// Baselines: --update-baseline writes the run's findings by identity; a later run fails only on findings
// that are new, keeps the old ones out even when unrelated lines move, and lists the ones that are gone.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, TODAY } from '../support/cli';

const lintJson = (dir: string, ...extra: string[]) => {
  const run = runCli(['lint', 'net', '--no-config', '--today', TODAY, '--format', 'json', ...extra], {}, dir);
  return { code: run.code, report: JSON.parse(run.stdout) as { findings: { ruleId: string; message: string }[]; summary: { errors: number }; baseline?: { matched: number; resolved: { ruleId: string }[] } } };
};

it('fails only on new findings, survives moved lines, and lists what was resolved', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanso-baseline-'));
  cpSync('examples/futaba-alpha-mistakes', join(dir, 'net'), { recursive: true });
  const first = lintJson(dir, '--baseline', 'sanso-baseline.json', '--update-baseline');
  expect(first.code).toBe(0);
  expect(first.report.findings).toEqual([]);
  const written = JSON.parse(readFileSync(join(dir, 'sanso-baseline.json'), 'utf8')) as { version: number; findings: { key: string }[] };
  expect(written.version).toBe(1);
  expect(written.findings.length).toBe(first.report.baseline!.matched);
  expect(written.findings.length).toBeGreaterThan(10);

  // Unrelated lines move: nothing new.
  const network = join(dir, 'net', 'network.yaml');
  writeFileSync(network, '# moved\n\n' + readFileSync(network, 'utf8'));
  const moved = lintJson(dir, '--baseline', 'sanso-baseline.json');
  expect([moved.code, moved.report.findings.length, moved.report.baseline!.resolved.length]).toEqual([0, 0, 0]);

  // A new violation fails the run on its own; a fixed one is listed as resolved.
  const objects = join(dir, 'net', 'firewalls', 'fw-lgwan.yaml');
  const text = readFileSync(objects, 'utf8');
  const rule = '      - { name: new-hole, from: [lg-office], to: [inet-dmz], services: [tcp/3389], action: allow, log: true, comment: new }\n';
  writeFileSync(objects, text.replace(/(\n    rules:\n)/, `$1${rule}`));
  const changed = lintJson(dir, '--baseline', 'sanso-baseline.json');
  expect(changed.code).toBe(1);
  // The new rule's findings, and the few flows whose services it changed; the named rules below it moved
  // down one place but keep their keys.
  const fresh = changed.report.findings as { ruleId: string; message: string }[];
  expect(fresh.some((f) => f.message.includes('new-hole'))).toBe(true);
  expect(fresh.length).toBeLessThanOrEqual(4);
  expect(changed.report.summary.errors).toBe(changed.report.findings.filter((f) => (f as { severity?: string }).severity === 'error').length);
  const exceptions = join(dir, 'net', 'exceptions.yaml');
  writeFileSync(exceptions, 'sanso: 1\n');
  const fixed = lintJson(dir, '--baseline', 'sanso-baseline.json');
  expect(fixed.report.baseline!.resolved.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['exception-expired']));
});

it('a missing or broken baseline is an input error with exit code 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanso-baseline-'));
  cpSync('examples/futaba-alpha', join(dir, 'net'), { recursive: true });
  expect(runCli(['lint', 'net', '--baseline', 'none.json'], {}, dir).code).toBe(2);
  writeFileSync(join(dir, 'bad.json'), '{"version": 2}');
  const bad = runCli(['lint', 'net', '--baseline', 'bad.json'], {}, dir);
  expect(bad.code).toBe(2);
  expect(bad.stdout).toContain('bad.json');
  expect(runCli(['lint', 'net', '--update-baseline'], {}, dir).code).toBe(2);
});
