// The tier and zone matrices: services, policy and compliance on a small network whose answers follow from
// its rules, and agreement with `sanso lint` on the bundled examples — every pair lint reports on is a
// violation with the same policy basis and the same number of findings, and no other pair is.

import { lint, matrix, type MatrixAnswer, type MatrixCell } from '../../src/api';
import { TODAY } from '../support/cli';

const NETWORK = `sanso: 1
zones:
  mn-app: { tier: mynumber, networks: [10.1.0.0/24] }
  lg-office: { tier: lgwan, networks: [10.2.0.0/24, "2001:db8:2::/64"] }
  lg-server: { tier: lgwan, networks: [10.2.1.0/24] }
  inet-dmz: { tier: internet, networks: [10.3.0.0/24, "2001:db8:3::/64"] }
hosts:
  mn-ap: { zone: mn-app, addresses: [10.1.0.10] }
  lg-renkei: { zone: lg-office, addresses: [10.2.0.20] }
firewalls:
  fw:
    default: deny
    interfaces: { mn: [mn-app], lg: [lg-office, lg-server], dmz: [inet-dmz] }
    rules:
      - { name: office-out, from: [lg-office], to: [inet-dmz], services: [tcp/443, tcp/8000-8080, udp/53], action: allow }
      # sanso-disable-next-line unsanitized-mail -- 移行期間中（2027-03 まで）
      - { name: mail-in, from: [inet-dmz], to: [lg-server], services: [tcp/25], action: allow }
      - { name: renkei, from: [mn-ap], to: [lg-renkei], services: [tcp/8443], action: allow }
exceptions:
  - { id: EX-1, rule: mynumber-isolation, from: [mn-ap], to: [lg-renkei], services: [tcp/8443], reason: 連携, approved-by: CISO, expires: "2099-03-31" }
`;

function run(inlineConfig = true): MatrixAnswer {
  const result = matrix({ sources: [{ file: 'net.yaml', text: NETWORK }], today: TODAY, config: false, inlineConfig });
  expect(result.report.summary.inputErrors).toBe(0);
  return result.matrix!;
}
const tier = (m: MatrixAnswer, from: string, to: string): MatrixCell => m.tiers.find((c) => c.from === from && c.to === to)!;

describe('the matrices of a small network', () => {
  const m = run();
  it('lists every ordered pair of the model\'s tiers, the diagonal included', () => {
    expect(m.categories).toEqual(['mynumber', 'lgwan', 'internet']);
    expect(m.tiers.map((c) => `${c.from}>${c.to}`)).toEqual(['mynumber', 'lgwan', 'internet'].flatMap((f) => ['mynumber', 'lgwan', 'internet'].map((t) => `${f}>${t}`)));
  });
  it('shows the services let through, merged into readable ranges, with the policy and lint\'s verdict', () => {
    const out = tier(m, 'lgwan', 'internet');
    expect(out.services).toEqual(['tcp/443', 'tcp/8000-8080', 'udp/53']);
    expect(out.policy.verdict).toBe('deny');
    expect(out.policy.via.map((v) => v.role).sort()).toEqual(['file-sanitizer', 'mail-sanitizer', 'screen-transfer']);
    expect(out.status).toBe('violation');
    expect(out.rules).toEqual(['tier-crossing']);
    expect(out.findings).toBeGreaterThan(0);
  });
  it('marks traffic whose findings inline suppressions take, and traffic an approved exception excuses', () => {
    const mail = tier(m, 'internet', 'lgwan');
    expect(mail).toMatchObject({ services: ['tcp/25'], status: 'suppressed', findings: 0, suppressed: 1 });
    expect(tier(m, 'mynumber', 'lgwan')).toMatchObject({ services: ['tcp/8443'], status: 'excepted', exceptions: ['EX-1'], findings: 0, policy: { verdict: 'declared' } });
    // Without inline configuration the suppressed mail is a violation again.
    expect(tier(run(false), 'internet', 'lgwan')).toMatchObject({ status: 'violation', rules: ['unsanitized-mail'], suppressed: 0 });
  });
  it('says where nothing flows, and what flows within one tier', () => {
    expect(tier(m, 'lgwan', 'mynumber')).toMatchObject({ services: [], status: 'none', policy: { verdict: 'declared' } });
    expect(tier(m, 'internet', 'mynumber')).toMatchObject({ services: [], status: 'none', policy: { verdict: 'deny' } });
    // lg-office and lg-server share an interface: unfiltered.
    expect(tier(m, 'lgwan', 'lgwan')).toMatchObject({ services: ['any'], status: 'ok', policy: { verdict: 'same' } });
  });
  it('lists the zone pairs with traffic, by source zone', () => {
    expect(m.zonePairs.map((z) => `${z.from}>${z.to}:${z.services.join(' ')}:${z.status}`)).toEqual([
      'mn-app>lg-office:tcp/8443:excepted',
      'lg-office>lg-server:any:ok',
      'lg-office>inet-dmz:tcp/443 tcp/8000-8080 udp/53:violation',
      'lg-server>lg-office:any:ok',
      'inet-dmz>lg-server:tcp/25:suppressed',
    ]);
  });
});

describe.each(['examples/futaba-alpha', 'examples/futaba-alpha-mistakes', 'fixtures/import/town.yaml'])('%s: the compliance agrees with sanso lint', (path) => {
  const options = { paths: [path], today: TODAY, config: false as const };
  const report = lint(options);
  const result = matrix(options);
  const m = result.matrix!;
  const flows = report.findings.filter((f) => f.flow);
  it('has a matrix', () => expect(m).toBeDefined());
  it('every finding\'s pair is a violation with the same policy basis', () => {
    for (const f of flows) {
      for (const to of f.flow!.to.split(', ')) {
        const cell = m.zonePairs.find((z) => z.from === f.flow!.from && z.to === to);
        expect({ finding: f.message, status: cell?.status }).toEqual({ finding: f.message, status: 'violation' });
        expect(cell!.rules).toContain(f.ruleId);
        // A relayed finding reaching several categories cites the policy of the first; the others are checked on their own findings.
        if (f.data.cite && !f.flow!.toCategory.includes(', ')) expect(cell!.policy.cite.join('; ')).toBe(f.data.cite);
        const category = tier(m, f.flow!.fromCategory, cell!.toCategory);
        expect(category.status).toBe('violation');
        expect(category.policy.cite).toEqual(cell!.policy.cite);
      }
    }
  });
  it('counts the findings of each pair, and no pair without findings is a violation', () => {
    for (const cell of m.zonePairs) {
      const n = flows.filter((f) => f.flow!.from === cell.from && f.flow!.to.split(', ').includes(cell.to)).length;
      expect({ pair: `${cell.from}>${cell.to}`, findings: cell.findings, violation: cell.status === 'violation' }).toEqual({ pair: `${cell.from}>${cell.to}`, findings: n, violation: n > 0 });
    }
    for (const cell of m.tiers) {
      const n = flows.filter((f) => f.flow!.fromCategory === cell.from && f.flow!.toCategory.split(', ').includes(cell.to)).length;
      expect({ pair: `${cell.from}>${cell.to}`, findings: cell.findings }).toEqual({ pair: `${cell.from}>${cell.to}`, findings: n });
    }
  });
  it('gives each tier pair the verdict of the audit report\'s policy matrix', () => {
    for (const cell of report.audit!.cells) expect(tier(m, cell.from, cell.to).policy.verdict).toBe(cell.verdict);
  });
  it('gives a tier pair the services of its zone pairs', () => {
    for (const cell of m.tiers) {
      const zones = m.zonePairs.filter((z) => z.fromCategory === cell.from && z.toCategory === cell.to && z.services.length > 0);
      expect({ pair: `${cell.from}>${cell.to}`, traffic: cell.services.length > 0 }).toEqual({ pair: `${cell.from}>${cell.to}`, traffic: zones.length > 0 });
      if (zones.length === 1) expect(cell.services).toEqual(zones[0]!.services);
    }
  });
});
