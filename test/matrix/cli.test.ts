// `sanso matrix` on the command line: the formats, both languages, the service matrix of a firewall with
// imported rules, and bad input (exit 2, every problem at once, no stack trace).

import { matrix, serviceMatrix } from '../../src/api';
import { displayWidth } from '../../src/core/text-width';
import { runCli, TODAY } from '../support/cli';

const MISTAKES = 'examples/futaba-alpha-mistakes';
const args = (...rest: string[]): string[] => ['matrix', ...rest, '--today', TODAY, '--no-config'];

describe('sanso matrix (tier and zone matrices)', () => {
  const expected = matrix({ paths: [MISTAKES], today: TODAY, config: false }).matrix!;
  it('prints the grid of marks and every pair with traffic, exit 0 even with violations', () => {
    const run = runCli(args(MISTAKES));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Tier matrix — 双葉地方広域市町村圏組合, model α, guideline R7\.3\n/);
    const grid = run.stdout.split('\n').filter((line) => /^ {2}\d+ /.test(line));
    expect(grid).toHaveLength(expected.categories.length);
    // The marks line up under the column numbers, Japanese or not.
    const header = run.stdout.split('\n').find((line) => /^ +1 +2 /.test(line))!;
    for (const line of grid) expect(line.split(/ {2,}/).length).toBe(expected.categories.length + 2);
    expect(header.trim().split(/ +/)).toEqual(expected.categories.map((_, i) => String(i + 1)));
    for (const cell of expected.tiers.filter((c) => c.status === 'violation')) {
      expect(run.stdout).toContain(`: violation: ${cell.findings} finding${cell.findings === 1 ? '' : 's'} (${cell.rules.join(', ')})`);
    }
    for (const z of expected.zonePairs) expect(run.stdout).toMatch(new RegExp(`\\n {4}${z.from} → ${z.to} +\\S`));
  });
  it('speaks Japanese, aligned by display width', () => {
    const run = runCli(args(MISTAKES, '--lang', 'ja'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('領域間の通信行列 — 双葉地方広域市町村圏組合、モデル α、ガイドライン R7.3');
    expect(run.stdout).toContain('インターネット接続系 → LGWAN接続系: 違反: 指摘');
    expect(run.stdout).toContain('ポリシー  禁止（mail-sanitizer (smtp)・file-sanitizer 経由を除く）');
    const grid = run.stdout.split('\n').filter((line) => /^ {2}\d+ /.test(line));
    const firstMark = grid.map((line) => displayWidth(line.replace(/ {2}(-|ok|\.|ex|sup|x\d+)( .*)?$/, (m) => m.replace(/\S.*$/, ''))));
    expect(new Set(firstMark).size).toBe(1);
    expect(runCli(args(MISTAKES), { LANG: 'ja_JP.UTF-8' }).stdout).toContain('領域間の通信行列');
  });
  it('writes Markdown tables with a cell per pair', () => {
    const run = runCli(args(MISTAKES, '--format', 'markdown'));
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('| **'));
    expect(rows).toHaveLength(expected.categories.length);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(expected.categories.length + 1);
    expect(run.stdout.split('\n').filter((line) => /^\| [a-z]/.test(line) && !line.startsWith('| from'))).toHaveLength(expected.zonePairs.length);
  });
  it('writes CSV with a byte order mark, one row per pair', () => {
    const run = runCli(args(MISTAKES, '--format', 'csv', '--lang', 'ja'));
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('\ufefflevel,from,to,')).toBe(true);
    const lines = run.stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + expected.tiers.length + expected.zonePairs.length);
    expect(lines.filter((l) => l.startsWith('tier,'))).toHaveLength(expected.categories.length ** 2);
    expect(run.stdout).toContain('tier,mynumber,internet,マイナンバー利用事務系,インターネット接続系,禁止,violation,');
  });
  it('writes the matrix as JSON', () => {
    const run = runCli(args(MISTAKES, '--format', 'json'));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});

describe('sanso matrix --firewall ID --service SVC', () => {
  const town = (service: string, ...rest: string[]) => runCli(args('fixtures/import/town.yaml', '--firewall', 'fw-town', '--service', service, ...rest));
  it('partitions the addresses of an imported rule set into classes and prints the allowed edges', () => {
    // town-gateway.rules: lan0 (10.2.0.0/20, 10.2.16.0/24) may open https only to 10.3.0.40 from 10.2.0.0/20.
    const run = town('tcp/443');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Service matrix of fw-town for tcp/443');
    expect(run.stdout).toContain('IPv4 (tcp/443): 3 classes');
    expect(run.stdout).toMatch(/\n {2}v4-2 {2}10\.2\.0\.0\/20 {2}\(4096 addresses\)\n/);
    expect(run.stdout).toMatch(/\n {2}v4-3 {2}10\.3\.0\.40 {2}\(1 address\)\n/);
    expect(run.stdout).toMatch(/allowed:\n {2}v4-2 {2}→ {2}v4-3\n/);
    expect(run.stdout).toMatch(/IPv6 \(tcp\/443\): 1 class\n {2}v6-1 {2}::\/0 .*\nallowed:\n {2}nothing is allowed/);
  });
  it('gives the edges in both directions where the rules allow both, and JSON with every class', () => {
    const run = town('tcp/25', '--format', 'json');
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    const v4 = answer.families.find((f: { family: number }) => f.family === 4);
    const id = (range: string): string => v4.classes.find((c: { ranges: string[] }) => c.ranges.length === 1 && c.ranges[0] === range).id;
    expect(v4.classes).toHaveLength(3);
    expect(v4.edges).toEqual(expect.arrayContaining([{ from: id('10.2.16.25'), to: id('10.3.0.25') }, { from: id('10.3.0.25'), to: id('10.2.16.25') }]));
    expect(v4.edges).toHaveLength(2);
    expect(answer).toMatchObject({ firewall: 'fw-town', service: 'tcp/25', defaultAction: 'deny', approximated: [] });
  });
  it('speaks Japanese, and writes Markdown and CSV', () => {
    expect(town('tcp/445', '--lang', 'ja').stdout).toMatch(/fw-town のサービス行列（tcp\/445）\n有効なルール \d+ 件、既定の動作は拒否。/);
    const markdown = town('tcp/445', '--format', 'markdown').stdout;
    expect(markdown).toContain('| v4-2 | 10.2.16.30 | 1 |  |');
    expect(markdown).toContain('| v4-3 | 10.3.0.30 | 1 | v4-2 |');
    const csv = town('tcp/445', '--format', 'csv').stdout;
    expect(csv.startsWith('\ufefffamily,service,class,addresses,size,reaches\r\n')).toBe(true);
    expect(csv).toContain('IPv4,tcp/445,v4-3,10.3.0.30,1,v4-2\r\n');
  });
  it('covers IPv6 as exactly as IPv4, merging addresses without access into one class (library)', () => {
    const text = `sanso: 1
zones:
  lg: { tier: lgwan, networks: ["2001:db8:2::/64"] }
  inet: { tier: internet, networks: ["2001:db8:3::/64"] }
firewalls:
  fw:
    default: deny
    interfaces: { a: [lg], b: [inet] }
    rules:
      - { from: ["2001:db8:2::10"], to: [inet], services: [tcp/22], action: deny }
      - { from: [lg], to: ["2001:db8:3::/120"], services: [tcp/22], action: allow }
`;
    const answer = serviceMatrix({ sources: [{ file: 'v6.yaml', text }], firewall: 'fw', service: 'tcp/22', config: false }).answer!;
    const v6 = answer.families.find((f) => f.family === 6)!;
    // 2001:db8:2::10 may do nothing, like every address outside the two zones: one class with them.
    expect(v6.classes).toHaveLength(3);
    expect(v6.classes[0]!.ranges).toContain('2001:db8:2::10');
    expect(v6.classes[1]!.ranges).toEqual(['2001:db8:2::/124', '2001:db8:2::11-2001:db8:2:0:ffff:ffff:ffff:ffff']);
    expect(v6.classes[2]!.ranges).toEqual(['2001:db8:3::/120']);
    expect(v6.edges).toEqual([{ from: 'v6-2', to: 'v6-3' }]);
    expect(answer.families.find((f) => f.family === 4)).toMatchObject({ classes: [{ id: 'v4-1', ranges: ['0.0.0.0/0'], size: '4294967296' }], edges: [] });
  });
});

describe('sanso matrix: bad input and usage (exit 2)', () => {
  it('reports an unknown firewall and a bad service together, with a suggestion, in both languages', () => {
    const run = runCli(args('fixtures/import/town.yaml', '--firewall', 'fw-twon', '--service', 'tcp'));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('The model has no firewall `fw-twon`. Did you mean `fw-town`?');
    expect(run.stderr).toContain('Service `tcp` cannot be used: one protocol and one port');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const ja = runCli(args('fixtures/import/town.yaml', '--firewall', 'fw-twon', '--service', 'tcp/99999', '--lang', 'ja'));
    expect(ja.code).toBe(2);
    expect(ja.stderr).toContain('モデルにファイアウォール `fw-twon` がありません。「fw-town」の誤りではありませんか？');
    expect(ja.stderr).toContain('サービス `tcp/99999` は使えません');
  });
  it('reports a broken model with its place, and a missing path', () => {
    const broken = runCli(args('fixtures/import/broken.yaml'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.yaml:\d+:\d+/);
    const missing = runCli(args('no/such/dir'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });
  it.each([
    [['--firewall', 'fw-town'], '--firewall and --service together'],
    [['--service', 'tcp/22'], '--firewall and --service together'],
    [['--format', 'sarif'], '--format must be text, markdown, csv or json for `sanso matrix`'],
    [['--from', '10.0.0.1'], '--from is not an option of `sanso matrix`'],
    [['--table', 'nat'], '--table is not an option of `sanso matrix`'],
  ])('rejects %j', (extra, message) => {
    const run = runCli(args('fixtures/import/town.yaml', ...extra));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
