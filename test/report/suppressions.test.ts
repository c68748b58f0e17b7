// Inline suppressions: `# sanso-disable-next-line RULE -- reason` above a firewall rule takes that rule's
// findings of that check out of the run; one without a reason, or one that takes nothing, is reported;
// --no-inline-config ignores them all.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, TODAY } from '../support/cli';

type Report = { findings: { ruleId: string; messageId: string; location?: { file: string; line: number } }[] };

it('takes out the findings on the next line, reports reasonless and unused ones, and can be ignored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanso-suppress-'));
  cpSync('examples/futaba-alpha-mistakes', join(dir, 'net'), { recursive: true });
  const lint = (...extra: string[]): Report => JSON.parse(runCli(['lint', 'net', '--no-config', '--today', TODAY, '--format', 'json', ...extra], {}, dir).stdout) as Report;
  const before = lint();
  const target = before.findings.find((f) => f.ruleId === 'rule-no-log' || f.ruleId === 'rule-no-comment' || f.ruleId === 'dangerous-service')!;
  const file = join(dir, target.location!.file);
  const lines = readFileSync(file, 'utf8').split('\n');
  const indent = /^\s*/.exec(lines[target.location!.line - 1]!)![0];
  // Above the target: a real suppression. Above the first line of the file: one without a reason, one unused.
  lines.splice(target.location!.line - 1, 0, `${indent}# sanso-disable-next-line ${target.ruleId} -- 保守業者の作業用、2027-03 に廃止予定`);
  lines.splice(0, 0, '# sanso-disable-next-line tier-crossing', '# sanso-disable-next-line rule-shadowed -- nothing here');
  writeFileSync(file, lines.join('\n'));

  const after = lint();
  const at = (r: Report) => r.findings.filter((f) => f.location?.file === target.location!.file).map((f) => `${f.ruleId}:${f.location!.line}`);
  // The target's finding is gone (its line moved down by three); the others on that line stay.
  const movedLine = target.location!.line + 3;
  expect(at(after)).not.toContain(`${target.ruleId}:${movedLine}`);
  expect(after.findings.filter((f) => f.ruleId === 'inline-suppression').map((f) => `${f.messageId}:${f.location!.line}`).sort()).toEqual(['no-reason:1', 'unused:2']);
  // --no-inline-config: as before the comments were written (the lines moved), and no suppression findings.
  const strict = lint('--no-inline-config');
  expect(strict.findings.filter((f) => f.ruleId === 'inline-suppression')).toEqual([]);
  expect(strict.findings.length).toBe(before.findings.length);
  expect(at(strict)).toContain(`${target.ruleId}:${movedLine}`);
});

it('the configuration can turn the reports on suppressions off, or raise them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanso-suppress-'));
  cpSync('examples/futaba-alpha', join(dir, 'net'), { recursive: true });
  const file = join(dir, 'net', 'network.yaml');
  writeFileSync(file, '# sanso-disable-next-line tier-crossing\n' + readFileSync(file, 'utf8'));
  const ids = (config: string): string[] => {
    writeFileSync(join(dir, 'sanso.config.yaml'), config);
    const run = runCli(['lint', 'net', '--today', TODAY, '--format', 'json'], {}, dir);
    return (JSON.parse(run.stdout) as { findings: { ruleId: string; severity: string }[] }).findings.map((f) => `${f.ruleId}:${f.severity}`);
  };
  expect(ids('rules: {}\n')).toEqual(['inline-suppression:warning']);
  expect(ids('rules:\n  inline-suppression: off\n')).toEqual([]);
  expect(ids('rules:\n  inline-suppression: error\n')).toEqual(['inline-suppression:error']);
});
