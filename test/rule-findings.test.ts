// What the rule-base and address-plan rules say, beyond "fires or not": which rule a finding points at,
// what it names, its severity, and how options and levels from the configuration change it; and the stage
// timings a run reports.

import { lint } from '../src/api';
import { ROOT, TODAY } from './support/cli';

const ZONES = `
sanso: 1
zones:
  mn-office: { tier: mynumber, networks: [10.1.0.0/24] }
  lg-office: { tier: lgwan, networks: [10.2.0.0/20] }
  lg-server: { tier: lgwan, networks: [10.2.16.0/24] }
  inet-dmz: { tier: internet, networks: [10.3.0.0/24] }
hosts:
  groupware: { zone: lg-server, addresses: [10.2.16.20] }
  vb: { zone: inet-dmz, addresses: [10.3.0.40], role: screen-transfer, services: [https] }
`;

const model = (rules: string): string =>
  `${ZONES}firewalls:\n  fw:\n    interfaces: { mn: [mn-office], lg: [lg-office], srv: [lg-server], dmz: [inet-dmz] }\n    default: deny\n    rules:\n${rules}`;
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const run = (rules: string, config?: string) =>
  lint({
    sources: [{ file: 'm.yaml', text: model(rules) }],
    today: TODAY,
    config: false,
    ...(config ? { configSource: { file: 'sanso.config.yaml', text: config } } : {}),
  });
const of = (report: ReturnType<typeof lint>, ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId);

it('of two duplicate rules only the later one is redundant', () => {
  const report = run(`
      - { name: a, from: [lg-office], to: [groupware], services: [https], action: allow, comment: x }
      - { name: b, from: [lg-office], to: [groupware], services: [https], action: allow, comment: x }
`);
  const found = of(report, 'rule-redundant');
  expect(found.map((f) => [f.messageId, f.data.firewallRule])).toEqual([['covered', '#2 b']]);
  expect(found[0]!.related.map((r) => r.label)).toEqual(['fw #1 a (allow)']);
});

it('a shadowed rule names the overriding rule and points at every covering rule', () => {
  const rules = `
      - { name: deny-lo, from: [10.2.0.0/21], to: [inet-dmz], services: any, action: deny, log: true }
      - { name: allow-hi, from: [10.2.8.0/21], to: [inet-dmz], services: [https], action: allow, log: true, comment: x }
      - { name: whole, from: [lg-office], to: [vb], services: [https], action: allow, log: true, comment: x }
`;
  const report = run(rules);
  const [finding, ...rest] = of(report, 'rule-shadowed');
  expect(rest).toEqual([]);
  expect(finding!.data).toMatchObject({ firewallRule: '#3 whole', other: '#1 deny-lo', covering: '#1 deny-lo, #2 allow-hi' });
  expect(finding!.related.map((r) => r.line)).toEqual([lineOf(model(rules), 'deny-lo'), lineOf(model(rules), 'allow-hi')]);
  expect(finding!.location!.line).toBe(lineOf(model(rules), 'name: whole'));
  expect(finding!.witness!.src.startsWith('10.2.')).toBe(true);
});

it('partial shadowing is reported for allows cut by an earlier deny, not for denies after allows', () => {
  const allowCut = run(`
      - { name: no-smb, from: [10.2.5.0/24], to: [vb], services: [https], action: deny, log: true }
      - { name: office-to-vb, from: [lg-office], to: [vb], services: [https], action: allow, log: true, comment: x }
`);
  expect(of(allowCut, 'rule-partially-shadowed').map((f) => f.data.other)).toEqual(['#1 no-smb']);
  const denyAfter = run(`
      - { name: office-to-vb, from: [lg-office], to: [vb], services: [https], action: allow, log: true, comment: x }
      - { name: rest, from: [lg-office], to: [inet-dmz], services: any, action: deny, log: true }
`);
  expect(of(denyAfter, 'rule-partially-shadowed')).toEqual([]);
});

it('over-broad and dangerous services are errors into the My Number tier and warnings elsewhere', () => {
  const report = run(`
      - { name: lg-to-mn, from: [lg-office], to: [mn-office], services: [telnet], action: allow, log: true, comment: x }
      - { name: lg-to-dmz, from: [lg-office], to: [inet-dmz], services: [telnet], action: allow, log: true, comment: x }
      - { name: lg-anywhere, from: [lg-office], to: any, services: [https], action: allow, log: true, comment: x }
`);
  expect(of(report, 'dangerous-service').map((f) => [f.data.firewallRule, f.severity])).toEqual([
    ['#1 lg-to-mn', 'error'],
    ['#2 lg-to-dmz', 'warning'],
  ]);
  expect(of(report, 'rule-over-broad').map((f) => [f.messageId, f.severity, f.data.toTier])).toEqual([['any-destination', 'error', 'mynumber']]);
});

it('options and levels from the configuration change what rule-over-broad reports', () => {
  const rules = `
      - { name: wide, from: [10.2.0.0/20], to: [inet-dmz], services: [tcp/8000-8100], action: allow, log: true, comment: x }
`;
  expect(of(run(rules), 'rule-over-broad')).toEqual([]);
  const strict = run(rules, 'rules:\n  rule-over-broad: [error, { wideIpv4Prefix: 24, maxPortRange: 50 }]\n');
  expect(of(strict, 'rule-over-broad').map((f) => [f.messageId, f.severity])).toEqual([
    ['wide-source', 'error'],
    ['wide-ports', 'error'],
  ]);
  expect(of(run(rules, 'rules:\n  rule-no-log: off\n  rule-over-broad: off\n'), 'rule-over-broad')).toEqual([]);
});

it('reports a cross-tier allow without log and without comment once each, and not a tier-internal one', () => {
  const report = run(`
      - { name: inside, from: [lg-office], to: [groupware], services: [https], action: allow }
      - { name: across, from: [lg-office], to: [vb], services: [https], action: allow }
`);
  expect(of(report, 'rule-no-log').map((f) => f.data.firewallRule)).toEqual(['#2 across']);
  expect(of(report, 'rule-no-comment').map((f) => f.data.firewallRule)).toEqual(['#2 across']);
});

it('reports the wall time of each stage, in order, to a listener', () => {
  const stages: [string, number][] = [];
  const report = lint({ paths: ['examples/futaba-alpha'], cwd: ROOT, today: TODAY, config: false, onStage: (stage, ms) => stages.push([stage, ms]) });
  expect(report.summary.errors).toBe(0);
  expect(stages.map(([s]) => s)).toEqual(['read', 'validate', 'model', 'flows', 'rules', 'report']);
  for (const [, ms] of stages) expect(ms).toBeGreaterThanOrEqual(0);
});
