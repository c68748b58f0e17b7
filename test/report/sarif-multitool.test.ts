// SARIF as GitHub code scanning ingests it: Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool-linux,
// installed by .ci/run) validates sanso's SARIF with GitHub's ingestion rules and the SARIF rules, and must
// report nothing. Skipped, with one line saying why, where the Multitool is not installed.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli, TODAY } from '../support/cli';

const tool = join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'Sarif.Multitool');
const present = process.platform === 'linux' && existsSync(tool);
if (!present) console.log('SARIF Multitool test skipped: @microsoft/sarif-multitool-linux is not installed (.ci/run installs it)');
const itWithTool = present ? it : it.skip;

itWithTool('SARIF Multitool (GitHub ingestion and SARIF rules) finds no error and no warning', () => {
  chmodSync(tool, 0o755); // npm may not have run the package's install script
  const dir = mkdtempSync(join(tmpdir(), 'sanso-multitool-'));
  const sarif = join(dir, 'sanso.sarif');
  const run = runCli(['lint', 'examples/futaba-alpha-mistakes', '--no-config', '--today', TODAY, '--format', `sarif:${sarif}`, '--docs-url', 'https://docs.example.org/sanso/']);
  expect(run.code).toBe(1);
  const log = join(dir, 'validation.sarif');
  const result = spawnSync(tool, ['validate', '--rule-kind', 'Gh;Sarif', '--output', log, sarif], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  expect([result.status, result.stderr]).toEqual([0, '']);
  const validation = JSON.parse(readFileSync(log, 'utf8')) as { runs: { results?: { ruleId: string; level?: string; message: { text?: string } }[] }[] };
  const problems = validation.runs.flatMap((r) => r.results ?? []).map((r) => `${r.level ?? 'warning'} ${r.ruleId}: ${r.message.text ?? ''}`);
  expect(problems).toEqual([]);
});
