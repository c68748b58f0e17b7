// `sanso diff` on the bundled examples and on a git repository: a one-line change that opens the My Number
// tier reports exactly that, a reordering that changes no decision reports nothing, revisions are read from
// git (imported vendor files too, never the working tree), and bad input says which version it is in.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiffReport } from '../../src/api';
import { diff, lint } from '../../src/api';
import { ROOT, runCli, TODAY } from '../support/cli';

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of an example in a fresh temporary directory, with one edit applied to one of its files. */
function editedCopy(example: string, file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanso-diff-'));
  temporary.push(dir);
  const target = join(dir, 'network');
  cpSync(join(ROOT, example), target, { recursive: true });
  const path = join(target, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return target;
}

const json = (stdout: string): DiffReport => JSON.parse(stdout) as DiffReport;

describe('a one-line change that opens the My Number tier', () => {
  // jumin-export-to-renkei may reach one pinned host of the LGWAN tier (an approved exception); the edit
  // widens its destination to the host's whole zone.
  const widened = editedCopy('examples/futaba-alpha', 'firewalls/fw-mynumber.yaml', (text) =>
    text.replace('{ name: jumin-export-to-renkei, from: [jumin-ap], to: [renkei-01]', '{ name: jumin-export-to-renkei, from: [jumin-ap], to: [lg-renkei]'),
  );
  const args = ['diff', 'examples/futaba-alpha', widened, '--no-config', '--today', TODAY];

  it('reports exactly that flow and that finding, and fails', () => {
    const run = runCli([...args, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = json(run.stdout);
    expect(report.opened).toHaveLength(1);
    expect(report.opened[0]).toMatchObject({ from: 'mn-server', to: 'lg-renkei', fromCategory: 'mynumber', toCategory: 'lgwan', risk: 'mynumber', sources: ['10.1.16.10'], services: ['tcp/8443'] });
    // The pinned host the exception already allowed is not part of what opened.
    expect(report.opened[0]!.destinations).toEqual(['10.2.30.0-10.2.30.9', '10.2.30.11-10.2.30.255']);
    expect(report.opened[0]!.witness).toMatchObject({ src: '10.1.16.10', protocol: 'tcp', port: 8443 });
    expect(report.opened[0]!.witness.dst).not.toBe('10.2.30.10');
    expect(report.closed).toEqual([]);
    expect(report.zones).toEqual({ added: [], removed: [], moved: [] });
    expect(report.findings.new.map((f) => [f.ruleId, f.severity, f.location?.line])).toEqual([['mynumber-isolation', 'error', 37]]);
    expect(report.findings.resolved).toEqual([]);
    expect(report.summary).toMatchObject({ opened: 1, closed: 0, openedMyNumber: 1, openedCrossTier: 0, newFindings: { errors: 1, warnings: 0, infos: 0 } });
  });

  it('puts it first and marks it, in English, Japanese and Markdown', () => {
    const en = runCli(args);
    expect(en.stdout).toContain('1 flow opened (1 into or out of the My Number tier), 0 closed; 1 new finding (1 error), 0 resolved');
    expect(en.stdout).toContain('!! mn-server → lg-renkei  My Number tier → LGWAN tier');
    expect(en.stdout).toMatch(/e\.g\.\s+10\.1\.16\.10 → 10\.2\.30\.\d+ tcp\/8443/);
    expect(en.stdout).toMatch(/error {2}mynumber-isolation {2}.*firewalls\/fw-mynumber\.yaml:37:9/);
    const ja = runCli([...args, '--lang', 'ja']);
    expect(ja.code).toBe(1);
    expect(ja.stdout).toContain('開いた通信 1 件（マイナンバー利用事務系に出入り 1）');
    expect(ja.stdout).toContain('!! mn-server → lg-renkei  マイナンバー利用事務系 → LGWAN接続系');
    expect(ja.stdout).toContain('新しい指摘');
    const md = runCli([...args, '--format', 'markdown']);
    expect(md.stdout).toMatch(/^## sanso diff: `examples\/futaba-alpha` → `.*network`/);
    expect(md.stdout).toContain('| 🔴 | `mn-server` (My Number tier) | `lg-renkei` (LGWAN tier) | 10.1.16.10 |');
    expect(md.stdout).toMatch(/\| error \| `mynumber-isolation` \| .*fw-mynumber\.yaml:37:9 \|/);
  });

  it('the other way round closes it and resolves the finding, and passes', () => {
    const run = runCli(['diff', widened, 'examples/futaba-alpha', '--no-config', '--today', TODAY, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    expect(report.opened).toEqual([]);
    expect(report.closed.map((c) => [c.from, c.to, c.services])).toEqual([['mn-server', 'lg-renkei', ['tcp/8443']]]);
    expect(report.findings.new).toEqual([]);
    expect(report.findings.resolved.map((f) => f.ruleId)).toEqual(['mynumber-isolation']);
  });
});

describe('a reordering that changes no decision', () => {
  // kikaku-to-proxy (the last rule of fw-lgwan) moves to the top: every rule below it is renumbered.
  const reordered = editedCopy('examples/futaba-alpha-mistakes', 'firewalls/fw-lgwan.yaml', (text) => {
    const lines = text.split('\n');
    const from = lines.findIndex((l) => l.includes('name: kikaku-to-proxy'));
    const to = lines.findIndex((l) => l.includes('name: lg-office-to-ad'));
    const [moved] = lines.splice(from, 1);
    lines.splice(to, 0, moved!);
    return lines.join('\n');
  });

  it('renumbers the rules the findings name…', () => {
    const messages = (path: string): string => lint({ paths: [path], cwd: ROOT, config: false, today: TODAY }).findings.map((f) => f.message).join('\n');
    expect(messages('examples/futaba-alpha-mistakes')).toContain('fw-lgwan #18 old-relay-to-lg-mail');
    expect(messages(reordered)).toContain('fw-lgwan #19 old-relay-to-lg-mail');
    expect(messages(reordered)).not.toContain('fw-lgwan #18 old-relay-to-lg-mail');
  });

  it('…and reports nothing: no flow, no new or resolved finding, exit 0', () => {
    const run = runCli(['diff', 'examples/futaba-alpha-mistakes', reordered, '--no-config', '--today', TODAY, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    expect({ opened: report.opened, closed: report.closed, findings: report.findings }).toEqual({ opened: [], closed: [], findings: { new: [], resolved: [] } });
    const text = runCli(['diff', 'examples/futaba-alpha-mistakes', reordered, '--no-config', '--today', TODAY]);
    expect(text.stdout).toContain('No change: the same flows and the same findings.');
  });
});

describe('bad input and usage', () => {
  it('a broken version: its problems with file:line:col under its name, exit 2', () => {
    const broken = editedCopy('examples/futaba-alpha', 'network.yaml', (text) => text.replace('zones:', 'zones: [oops'));
    const run = runCli(['diff', 'examples/futaba-alpha', broken, '--no-config', '--today', TODAY]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^New version .*network: cannot be compared\n/);
    expect(run.stderr).not.toContain('Old version');
    expect(run.stderr).toMatch(/network\/network\.yaml:\d+:\d+ {2}error {2}parse-error/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a word that is neither a path nor a revision, in both languages', () => {
    const run = runCli(['diff', 'no-such-dir', 'examples/futaba-alpha', '--no-config'], {}, ROOT);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Old version no-such-dir: cannot be compared\n[\s\S]*`no-such-dir` is (neither a file or directory nor a revision|no file or directory)/);
    const ja = runCli(['diff', 'no-such-dir', 'examples/futaba-alpha', '--no-config', '--lang', 'ja']);
    expect(ja.stderr).toContain('旧版 no-such-dir: 比較できません');
  });

  it('usage errors', () => {
    expect(runCli(['diff']).code).toBe(2);
    expect(runCli(['diff', 'a', 'b', 'c']).stderr).toContain('`sanso diff` needs OLD and NEW');
    expect(runCli(['diff', 'a', 'b', 'c', '--', 'd']).stderr).toContain('one or two git revisions before `--`');
    const late = runCli(['diff', 'HEAD~1', 'HEAD', '--', 'network', '--today', '2026-11-28']);
    expect([late.code, late.stderr]).toEqual([2, expect.stringContaining('options go before `--` (after it come the paths to read): --today')]);
    expect(runCli(['diff', 'examples/futaba-alpha', 'examples/futaba-alpha', '--format', 'sarif']).stderr).toContain('--format must be text, markdown or json for `sanso diff`');
    expect(runCli(['diff', 'examples/futaba-alpha', 'examples/futaba-alpha', '--baseline', 'x.json']).code).toBe(2);
  });
});

// ---- git -----------------------------------------------------------------------------------------------

function gitAvailable(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const describeGit = gitAvailable() ? describe : describe.skip;
if (!gitAvailable()) console.warn('sanso diff: git is not installed; the tests on git revisions are skipped');

describeGit('git revisions', () => {
  let repo = '';
  const git = (...args: string[]): string => {
    // Only ever in the temporary repository.
    if (!repo.startsWith(tmpdir())) throw new Error(`not a temporary repository: ${repo}`);
    return execFileSync('git', ['-c', 'user.name=sanso', '-c', 'user.email=sanso@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
  };
  const rules = (): string => join(repo, 'net', 'town-gateway.rules');
  const RDP = '-A from-dmz -s 10.3.0.40/32 -d 10.2.0.0/20 -p tcp -m tcp --dport 3389 -j ACCEPT\n';
  const SMB = '-A from-dmz -s 10.3.0.40/32 -d 10.2.16.30/32 -p tcp -m tcp --dport 445 -j ACCEPT\n';

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'sanso-diff-git-'));
    temporary.push(repo);
    git('init', '-q');
    mkdirSync(join(repo, 'net'));
    cpSync(join(ROOT, 'fixtures/import/town.yaml'), join(repo, 'net', 'town.yaml'));
    cpSync(join(ROOT, 'fixtures/import/town-gateway.rules'), rules());
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    // Only the imported vendor file changes: the virtual browser may open RDP sessions to the office.
    writeFileSync(rules(), readFileSync(rules(), 'utf8').replace('-A log-drop -j LOG', `${RDP}-A log-drop -j LOG`));
    git('commit', '-q', '-a', '-m', 'two');
    // The working tree differs again (not committed): SMB from the virtual browser to the file server.
    writeFileSync(rules(), readFileSync(rules(), 'utf8').replace('-A log-drop -j LOG', `${SMB}-A log-drop -j LOG`));
  });

  const diffJson = (args: string[], cwd = repo): { code: number; report?: DiffReport; stderr: string } => {
    const run = runCli(['diff', '--no-config', '--today', TODAY, '--format', 'json', ...args], {}, cwd);
    return { code: run.code, stderr: run.stderr, ...(run.stdout ? { report: json(run.stdout) } : {}) };
  };
  const pairs = (report: DiffReport | undefined, kind: 'opened' | 'closed') => report![kind].map((c) => [c.from, c.to, c.services.join(', ')]);

  it('REV1 REV2 -- PATH reads both revisions, the imported vendor file from each revision', () => {
    const run = diffJson(['HEAD~1', 'HEAD', '--', 'net']);
    expect(run.stderr).toBe('');
    expect(run.report!.old).toMatchObject({ kind: 'revision', name: 'HEAD~1', paths: ['net'], files: ['net/town.yaml', 'net/town-gateway.rules'] });
    expect(run.report!.new.commit).toBe(git('rev-parse', 'HEAD').trim());
    expect(pairs(run.report, 'opened')).toEqual([['inet-dmz', 'lg-office', 'tcp/3389']]);
    expect(pairs(run.report, 'closed')).toEqual([]);
    // File names are repository-relative; the finding points at the vendor file's line.
    const places = run.report!.findings.new.map((f) => f.location?.file);
    expect(places.length).toBeGreaterThan(0);
    expect(places.every((file) => file === 'net/town-gateway.rules')).toBe(true);
    expect(run.code).toBe(1);
  });

  it('the same revision twice reports nothing, whatever the working tree holds', () => {
    const run = diffJson(['HEAD', 'HEAD', '--', 'net']);
    expect(run.code).toBe(0);
    expect({ opened: run.report!.opened, closed: run.report!.closed, findings: run.report!.findings }).toEqual({ opened: [], closed: [], findings: { new: [], resolved: [] } });
  });

  it('REV -- PATH compares the revision with the working tree', () => {
    const run = diffJson(['HEAD', '--', 'net']);
    expect(run.report!.new).toMatchObject({ kind: 'worktree', paths: ['net'] });
    expect(pairs(run.report, 'opened')).toEqual([['inet-dmz', 'lg-server', 'tcp/445']]);
    // `sanso diff REV PATH` means the same.
    expect(pairs(diffJson(['HEAD', 'net']).report, 'opened')).toEqual([['inet-dmz', 'lg-server', 'tcp/445']]);
  });

  it('from a subdirectory, pathspecs are relative to it and file names stay repository-relative', () => {
    const run = diffJson(['HEAD~1', 'HEAD', '--', '.'], join(repo, 'net'));
    expect(pairs(run.report, 'opened')).toEqual([['inet-dmz', 'lg-office', 'tcp/3389']]);
    expect(run.report!.new.files).toEqual(['net/town.yaml', 'net/town-gateway.rules']);
  });

  it('bad revisions and paths name the version they belong to', () => {
    const unknown = runCli(['diff', '--no-config', 'no-such-rev', 'HEAD', '--', 'net'], {}, repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Old version no-such-rev: cannot be compared');
    expect(unknown.stderr).toContain('`no-such-rev` is not a revision of this git repository.');
    const missing = runCli(['diff', '--no-config', 'HEAD~1', 'HEAD', '--', 'nowhere'], {}, repo);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Path HEAD~1:nowhere does not exist.');
    expect(missing.stderr).toContain('Path HEAD:nowhere does not exist.');
    const mixed = runCli(['diff', '--no-config', 'net', 'HEAD'], {}, repo);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('write `sanso diff HEAD -- net`');
  });

  // Last: it adds a commit.
  it('an imported file missing from a revision is reported where the model names it, in that version', () => {
    git('rm', '-q', '-f', 'net/town-gateway.rules');
    git('commit', '-q', '-m', 'three');
    const run = runCli(['diff', '--no-config', 'HEAD~1', 'HEAD', '--', 'net'], {}, repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^New version HEAD: cannot be compared\nnet\/town\.yaml:\d+:\d+ {2}error {2}parse-error/);
    expect(run.stderr).toContain('not in HEAD');
    expect(run.stderr).not.toContain('Old version');
  });
});

describe('zones added, removed and moved', () => {
  const model = (zones: string): string => `sanso: 1
zones:
${zones}
firewalls:
  fw:
    default: deny
    interfaces: { a: [office], b: [servers] }
    rules:
      - { name: office-to-servers, from: [office], to: [servers], services: [https], action: allow }
`;
  it('names them, and the flows of a removed zone are closed with the zone named', () => {
    const old = model('  office: { tier: lgwan, networks: [10.0.1.0/24] }\n  servers: { tier: lgwan, networks: [10.0.2.0/24] }\n  gone: { tier: internet, networks: [10.0.3.0/24] }\nlinks:\n  - [gone, office]');
    const now = model('  office: { tier: lgwan, networks: [10.0.1.0/24] }\n  servers: { tier: mynumber, networks: [10.0.2.0/24] }\n  fresh: { tier: internet, networks: [10.0.4.0/24] }');
    const result = diff({ old: { sources: [{ file: 'net.yaml', text: old }] }, new: { sources: [{ file: 'net.yaml', text: now }] }, config: false, today: TODAY, lang: 'en' });
    const d = result.diff!;
    expect(d.zones).toEqual({ added: [{ zone: 'fresh', category: 'internet' }], removed: [{ zone: 'gone', category: 'internet' }], moved: [{ zone: 'servers', from: 'lgwan', to: 'mynumber' }] });
    expect(d.closed.map((c) => [c.from, c.to, c.zonesOnlyHere])).toEqual([
      ['gone', 'office', ['gone']],
      ['office', 'gone', ['gone']],
    ]);
    // The same packets office → servers flow, now into the My Number tier: no flow opened, but the finding is new.
    expect(d.opened).toEqual([]);
    expect(d.findings.new.some((f) => f.ruleId === 'mynumber-isolation')).toBe(true);
  });
});
