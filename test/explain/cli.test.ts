// `sanso explain` and the finding ids on the command line: text in English and Japanese, JSON, the ids
// `sanso lint` shows, bad ids and bad usage (exit 2).

import { runCli, TODAY } from '../support/cli';

const MISTAKES = 'examples/futaba-alpha-mistakes';
const lintJson = JSON.parse(runCli(['lint', MISTAKES, '--today', TODAY, '--format', 'json']).stdout) as { findings: { id: string; ruleId: string; location?: { file: string; line: number; column: number }; data: Record<string, string> }[] };
const byRule = (rule: string, firewallRule: string) => lintJson.findings.find((f) => f.ruleId === rule && f.data.firewallRule === firewallRule)!;

it('lint shows every finding\'s id in the text, the same as in the JSON', () => {
  const text = runCli(['lint', MISTAKES, '--today', TODAY]).stdout;
  for (const f of lintJson.findings) {
    const where = f.location ? `${f.location.file}:${f.location.line}:${f.location.column}` : '';
    expect(text).toContain(`${where}  `);
    expect(text).toMatch(new RegExp(`^${where.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}  \\S+  ${f.ruleId}  ${f.id.replace('.', '\\.')}$`, 'm'));
  }
  expect(new Set(lintJson.findings.map((f) => f.id)).size).toBe(lintJson.findings.length);
  expect(text).toContain('sanso explain ID');
});

describe('explain a finding', () => {
  const mail = byRule('unsanitized-mail', 'fw-lgwan #18 old-relay-to-lg-mail');

  it('in English: the deciding rule with its place, the policy it breaks, the rule\'s docs', () => {
    const run = runCli(['explain', mail.id, MISTAKES, '--today', TODAY]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Finding [0-9a-f]{8}  error  unsanitized-mail/);
    expect(run.stdout).toMatch(/fw-lgwan +allow +#18 old-relay-to-lg-mail +examples\/futaba-alpha-mistakes\/firewalls\/fw-lgwan\.yaml:44:9/);
    expect(run.stdout).toContain('this flow  breaks it: mail crosses the boundary and neither end is a mail-sanitizer; reported by unsanitized-mail');
    expect(run.stdout).toContain('docs        rules/unsanitized-mail/README.md');
  });

  it('in Japanese', () => {
    const run = runCli(['explain', mail.id, MISTAKES, '--today', TODAY, '--lang', 'ja']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^指摘 [0-9a-f]{8}  エラー  unsanitized-mail（|^指摘 [0-9a-f]{8}  エラー  unsanitized-mail \(/);
    expect(run.stdout).toContain('パケットの経路と、各ファイアウォールで判定を決めたルール');
    expect(run.stdout).toMatch(/fw-lgwan +許可 +#18 old-relay-to-lg-mail/);
    expect(run.stdout).toContain('三層のポリシー');
    expect(run.stdout).toContain('インターネット接続系 → LGWAN接続系');
    expect(run.stdout).toContain('ポリシーに反します: メールが無害化装置（mail-sanitizer）を通らずに領域を越えます');
    expect(run.stdout).toContain('このパケットを範囲に含む例外措置はありません。');
  });

  it('as JSON', () => {
    const run = runCli(['explain', mail.id.slice(0, 6), MISTAKES, '--today', TODAY, '--format', 'json']);
    expect(run.code).toBe(0);
    const explanation = JSON.parse(run.stdout);
    expect(explanation.subject).toBe('finding');
    expect(explanation.finding.id).toBe(mail.id);
    expect(explanation.policy[0].outcome).toBe('violation');
  });

  it('a relayed finding: its paths leg by leg', () => {
    const relayed = lintJson.findings.find((f) => f.ruleId === 'unsanitized-mail' && f.data.via === 'web-proxy → inet-smtp' && f.data.from === 'inet-office')!;
    const run = runCli(['explain', relayed.id, MISTAKES, '--today', TODAY]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('leg 1 of 3');
    expect(run.stdout).toMatch(/fw-internet +allow +#1 clients-to-proxy/);
    expect(run.stdout).toContain('(through the relaying host web-proxy → inet-smtp)');
  });
});

describe('explain a question', () => {
  it('an exception that applies, in both languages', () => {
    const en = runCli(['explain', '--from', 'jumin-ap', '--to', 'renkei-01', '--service', 'tcp/8443', 'examples/futaba-alpha', '--today', TODAY]);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Verdict  allowed by exception EX-2025-01');
    expect(en.stdout).toMatch(/EX-2025-01  in force  mynumber-isolation  until 2027-03-31  examples\/futaba-alpha\/exceptions\.yaml:9:5/);
    expect(en.stdout).toContain('→            excuses this packet');
    const ja = runCli(['explain', '--from', 'jumin-ap', '--to', 'renkei-01', '--service', 'tcp/8443', 'examples/futaba-alpha', '--today', TODAY, '--lang', 'ja']);
    expect(ja.stdout).toContain('判定    例外措置 EX-2025-01 により許可');
    expect(ja.stdout).toContain('このパケットを免除しています');
  });

  it('names the findings whose traffic holds the packet', () => {
    const finding = byRule('mynumber-isolation', 'fw-mynumber #14 jumin-db-to-renkei');
    const run = runCli(['explain', '--from', 'jumin-db', '--to', 'renkei-01', '--service', 'tcp/1433', MISTAKES, '--today', TODAY]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Findings whose traffic holds this packet\n  ${finding.id}  error  mynumber-isolation`);
    expect(run.stdout).toContain('covers this packet but has expired: it excuses nothing');
  });
});

describe('bad input and usage', () => {
  it('an unknown id is an input error with close ids, exit 2', () => {
    const id = lintJson.findings[0]!.id;
    const slip = id.slice(0, 7) + (id[7] === '0' ? '1' : '0');
    const run = runCli(['explain', slip, MISTAKES, '--today', TODAY]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`No finding has id \`${slip}\`. Close ids: ${id}`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('a word that is not an id', () => {
    const run = runCli(['explain', MISTAKES, '--lang', 'ja']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`\`${MISTAKES}\` は指摘のIDではありません`);
  });

  it('usage errors', () => {
    expect(runCli(['explain']).code).toBe(2);
    expect(runCli(['explain', '--from', '10.0.0.1', MISTAKES]).stderr).toContain('needs all of --from, --to and --service');
    expect(runCli(['explain', 'abcd', '--format', 'sarif']).code).toBe(2);
    expect(runCli(['lint', '--from', '10.0.0.1']).stderr).toContain('--from is not an option of `sanso lint` (it is one of `sanso query`, `sanso explain`)');
  });

  it('the help names the command in both languages', () => {
    expect(runCli(['--help']).stdout).toContain('sanso explain ID [PATH...] | sanso explain --from A --to B --service SVC [PATH...]');
    expect(runCli(['--help', '--lang', 'ja']).stdout).toContain('指摘（ID は sanso lint が表示するもの');
  });
});
