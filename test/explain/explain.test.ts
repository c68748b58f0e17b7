// The library's explanations on the bundled examples: the deciding rule and its line in the example files,
// the tier policy and its judgement, the exceptions that apply, agreement with the lint run's own findings,
// and bad ids and questions as input errors.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explain, lint, type ExplainOptions } from '../../src/api';
import { editDistance } from '../../src/model/suggest';
import { ROOT, TODAY } from '../support/cli';

const MISTAKES = 'examples/futaba-alpha-mistakes';
const CLEAN = 'examples/futaba-alpha';
const base = { cwd: ROOT, today: TODAY, config: false as const };
const run = (options: Partial<ExplainOptions>, paths = [MISTAKES]) => explain({ ...base, paths, ...options });
const report = lint({ ...base, paths: [MISTAKES] });

/** The line of a file where a rule's name is written (1-based). */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(`name: ${text},`));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

describe('explain a finding', () => {
  const mail = report.findings.find((f) => f.ruleId === 'unsanitized-mail' && f.location?.file.endsWith('fw-lgwan.yaml') && f.flow?.via.length === 0)!;

  it('names the rule that lets the witness through, with its line in the example', () => {
    const { explanation } = run({ id: mail.id });
    expect(explanation?.finding?.id).toBe(mail.id);
    const hops = explanation!.legs.flatMap((leg) => leg.paths.filter((p) => p.delivered).flatMap((p) => p.hops)).filter((h) => h.kind === 'firewall');
    const file = `${MISTAKES}/firewalls/fw-lgwan.yaml`;
    expect(hops).toContainEqual(expect.objectContaining({ id: 'fw-lgwan', action: 'allow', rule: '#18 old-relay-to-lg-mail', location: expect.objectContaining({ file, line: lineOf(file, 'old-relay-to-lg-mail') }) }));
    expect(explanation!.packet).toEqual(mail.witness);
    expect(explanation!.rule).toEqual(expect.objectContaining({ id: 'unsanitized-mail', docs: 'rules/unsanitized-mail/README.md' }));
  });

  it('says which part of the tier policy it breaks', () => {
    const [judgement, ...rest] = run({ id: mail.id }).explanation!.policy;
    expect(rest).toEqual([]);
    expect(judgement).toEqual(expect.objectContaining({ outcome: 'violation', reason: 'not-via-gateway', rule: 'unsanitized-mail' }));
    expect(judgement!.cell.verdict).toBe('deny');
    expect(judgement!.cell.via.map((v) => v.role)).toContain('mail-sanitizer');
    expect(judgement!.cell.cite.length).toBeGreaterThan(0);
  });

  it('accepts a unique prefix of 4 digits or more, in either case', () => {
    const length = [4, 5, 6, 7, 8].find((n) => report.findings.filter((f) => f.id.startsWith(mail.id.slice(0, n))).length === 1)!;
    expect(run({ id: mail.id.slice(0, length).toUpperCase() }).explanation?.finding?.id).toBe(mail.id);
  });

  it('agrees with the lint run on every flow finding: the witness breaks the policy, judged by the finding\'s rule', () => {
    const flowFindings = report.findings.filter((f) => f.flow && f.witness);
    expect(flowFindings.length).toBeGreaterThan(10);
    for (const f of flowFindings) {
      const { explanation } = run({ id: f.id });
      const judged = explanation!.policy.filter((p) => p.outcome === 'violation');
      expect({ id: f.id, rules: judged.map((p) => p.rule) }).toEqual({ id: f.id, rules: expect.arrayContaining([f.ruleId]) });
      if (f.flow!.via.length > 0) expect(judged.filter((p) => p.rule === f.ruleId).map((p) => p.relays)).toContainEqual(f.flow!.via);
      // Asked as a question, the same packet leads back to the finding.
      const asked = run({ from: f.witness!.src, to: f.witness!.dst, service: `${f.witness!.protocol}/${f.witness!.port}` }).explanation!;
      expect({ id: f.id, found: asked.findings.map((x) => x.id) }).toEqual({ id: f.id, found: expect.arrayContaining([f.id]) });
    }
  });

  it('shows the exception a finding is about', () => {
    const expired = report.findings.find((f) => f.ruleId === 'exception-expired')!;
    const { explanation } = run({ id: expired.id });
    expect(explanation!.legs).toEqual([]);
    expect(explanation!.exceptions).toEqual([expect.objectContaining({ id: 'EX-2024-07', status: 'expired', effect: 'subject' })]);
  });
});

describe('explain a question', () => {
  it('an exception in force excuses a pinned flow out of the My Number tier', () => {
    const { explanation } = run({ from: 'jumin-ap', to: 'renkei-01', service: 'tcp/8443' }, [CLEAN]);
    expect(explanation!.question).toEqual(expect.objectContaining({ from: expect.objectContaining({ kind: 'host', address: '10.1.16.10', representative: false }) }));
    expect(explanation!.policy).toEqual([expect.objectContaining({ outcome: 'excepted', rule: 'mynumber-isolation', exceptions: ['EX-2025-01'] })]);
    expect(explanation!.exceptions).toEqual([expect.objectContaining({ id: 'EX-2025-01', status: 'in-force', effect: 'excuses', coversPacket: true, approvedBy: expect.stringContaining('最高情報セキュリティ責任者') })]);
    expect(explanation!.findings).toEqual([]);
  });

  it('an expired exception excuses nothing: the flow is a violation and its finding is named', () => {
    const { explanation } = run({ from: 'jumin-db', to: 'renkei-01', service: 'tcp/1433' });
    expect(explanation!.policy).toEqual([expect.objectContaining({ outcome: 'violation', reason: 'not-declared', rule: 'mynumber-isolation' })]);
    expect(explanation!.exceptions).toEqual([expect.objectContaining({ id: 'EX-2024-07', effect: 'expired', coversPacket: true })]);
    const expected = report.findings.filter((f) => f.ruleId === 'mynumber-isolation' && f.data.firewallRule === 'fw-mynumber #14 jumin-db-to-renkei');
    expect(expected).toHaveLength(1);
    expect(explanation!.findings.map((f) => f.id)).toEqual([expected[0]!.id]);
  });

  it('an exception that is not pinned is void', () => {
    const { explanation } = run({ from: '10.1.16.1', to: 'renkei-01', service: 'tcp/22' });
    expect(explanation!.exceptions).toEqual([expect.objectContaining({ id: 'EX-2025-03', status: 'not-pinned', effect: 'void' })]);
    expect(explanation!.policy[0]!.outcome).toBe('violation');
  });

  it('a sanitizing gateway sanctions mail; a zone stands for an address of it that gets through', () => {
    const { explanation } = run({ from: 'inet-dmz', to: 'lg-server', service: 'tcp/25' }, [CLEAN]);
    expect(explanation!.question!.picked).toBe('delivered');
    expect(explanation!.question!.from).toEqual(expect.objectContaining({ kind: 'zone', representative: true }));
    expect(explanation!.legs[0]!.delivered).toBe(true);
    expect(explanation!.policy).toEqual([expect.objectContaining({ outcome: 'gateway', gateway: 'mail-sanitizer' })]);
  });

  it('a stopped packet is not delivered and holds no finding', () => {
    const { explanation } = run({ from: 'lg-office', to: '8.8.8.8', service: 'tcp/443' }, [CLEAN]);
    expect(explanation!.question!.picked).toBe('none-delivered');
    expect(explanation!.legs[0]!.delivered).toBe(false);
    expect(explanation!.policy.map((p) => p.outcome)).toEqual(['stopped']);
  });
});

describe('bad input', () => {
  const problems = (result: ReturnType<typeof run>) => result.report.findings.map((f) => `${f.ruleId}/${f.messageId}`);

  it('an id that is not hex, or too short', () => {
    for (const id of ['zzzz', '12', 'examples/x']) {
      const result = run({ id });
      expect(result.explanation).toBeUndefined();
      expect(problems(result)).toEqual(['explain/bad-id']);
    }
  });

  it('an unknown id lists close ids', () => {
    const target = report.findings[0]!.id;
    const slip = target.slice(0, 5) + (target[5] === '0' ? '1' : '0') + target.slice(6);
    const result = run({ id: slip });
    expect(problems(result)).toEqual(['explain/unknown-id']);
    expect(result.report.findings[0]!.message).toContain(target);
  });

  it('an id no finding comes near', () => {
    const unused = ['0000', '1111', '2222', 'ffff', 'abab'].map((p) => p.repeat(2)).find((id) => report.findings.every((f) => editDistance(id, f.id.slice(0, 8)) > 2))!;
    expect(problems(run({ id: unused }))).toEqual(['explain/unknown-id-none']);
  });

  it('an id two findings share is ambiguous, and lists both', () => {
    const text = readFileSync(join(ROOT, 'test/explain/duplicate-names.yaml'), 'utf8');
    const sources = [{ file: 'duplicate-names.yaml', text }];
    const linted = lint({ ...base, sources });
    const twins = linted.findings.filter((f) => /\.\d+$/.test(f.id));
    expect(twins).toHaveLength(2);
    const shared = twins[0]!.id.replace(/\.\d+$/, '');
    const result = explain({ ...base, sources, id: shared });
    expect(problems(result)).toEqual(['explain/ambiguous-id']);
    for (const f of twins) expect(result.report.findings[0]!.message).toContain(f.id);
    expect(explain({ ...base, sources, id: twins[1]!.id }).explanation?.finding?.id).toBe(twins[1]!.id);
  });

  it('an unknown name, with a did-you-mean', () => {
    const result = run({ from: 'lg-ofice', to: '8.8.8.8', service: 'tcp/443' }, [CLEAN]);
    expect(problems(result)).toEqual(['explain/unknown-end']);
    expect(result.report.findings[0]!.message).toContain('lg-office');
  });

  it('a bad address or service is a bad question', () => {
    expect(problems(run({ from: '10.0.0.0/8', to: '8.8.8.8', service: 'tcp/443' }, [CLEAN]))).toEqual(['query/bad-address']);
    expect(problems(run({ from: '10.2.0.1', to: '8.8.8.8', service: 'tcp' }, [CLEAN]))).toEqual(['query/bad-service']);
  });

  it('a broken model is reported as it is by lint', () => {
    const result = explain({ ...base, sources: [{ file: 'broken.yaml', text: 'sanso: 1\nzones: [\n' }], id: 'abcd' });
    expect(result.explanation).toBeUndefined();
    expect(problems(result)).toEqual(['parse-error/syntax']);
  });
});
