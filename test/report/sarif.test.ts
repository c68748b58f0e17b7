// SARIF output against the SARIF 2.1.0 JSON Schema (test/report/sarif-2.1.0.schema.json, the OASIS schema as
// shipped by @microsoft/jest-sarif, MIT): every rule that ran, every finding with a full region, related
// places, the path as a code flow, and fingerprints that do not move when unrelated lines do.

import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint } from '../../src/api';
import { formatReport } from '../../src/report';
import { runCli, TODAY } from '../support/cli';

// The schema is draft-04; the draft-07 validator reads it once `id` is `$id`.
const schema = JSON.parse(readFileSync(join(__dirname, 'sarif-2.1.0.schema.json'), 'utf8')) as Record<string, unknown>;
const { id, $schema: _draft, ...rest } = schema;
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile({ ...rest, $id: String(id) });

type Sarif = {
  runs: {
    tool: { driver: { rules: { id: string; shortDescription: { text: string }; properties: { 'security-severity': string; tags: string[] } }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; endLine: number } } }[]; relatedLocations?: unknown[]; codeFlows?: { threadFlows: { locations: unknown[] }[] }[]; partialFingerprints: Record<string, string> }[];
  }[];
};

const sarifOf = (paths: string[], cwd?: string): Sarif =>
  JSON.parse(formatReport('sarif', lint({ paths, config: false, today: TODAY, ...(cwd ? { cwd } : {}) }), { color: false, version: '0.0.0-test' })) as Sarif;

it('is valid SARIF 2.1.0, with every rule that ran and every finding', () => {
  const report = lint({ paths: ['examples/futaba-alpha-mistakes'], config: false, today: TODAY });
  const sarif = JSON.parse(formatReport('sarif', report, { color: false, version: '0.0.0-test' })) as Sarif;
  expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  // The schema has teeth: a run without its tool, or a result without a message, is refused.
  expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  expect(validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ ruleId: 'x' }] }] })).toBe(false);
  const run = sarif.runs[0]!;
  expect(run.results).toHaveLength(report.findings.length);
  expect(run.tool.driver.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['mynumber-isolation', 'tier-crossing', 'rule-shadowed']));
  for (const result of run.results) {
    expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    const { region, artifactLocation } = result.locations[0]!.physicalLocation;
    expect(artifactLocation.uri).toMatch(/^examples\/futaba-alpha-mistakes\//);
    expect(region.endLine).toBeGreaterThanOrEqual(region.startLine);
  }
  const flow = run.results.find((r) => r.ruleId === 'mynumber-isolation')!;
  expect(flow.level).toBe('error');
  expect(flow.codeFlows![0]!.threadFlows[0]!.locations.length).toBeGreaterThan(2);
  expect(flow.relatedLocations!.length).toBeGreaterThan(0);
  expect(run.tool.driver.rules.find((r) => r.id === 'mynumber-isolation')!.properties['security-severity']).toBe('8.0');
});

it('keeps fingerprints when unrelated lines move, and lists input problems as results too', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanso-sarif-'));
  cpSync('examples/futaba-alpha-mistakes', join(dir, 'net'), { recursive: true });
  const before = sarifOf(['net'], dir).runs[0]!.results.map((r) => r.partialFingerprints['sansoFinding/v1']).sort();
  const file = join(dir, 'net', 'network.yaml');
  writeFileSync(file, '# a comment that moves every line down\n\n' + readFileSync(file, 'utf8'));
  const after = sarifOf(['net'], dir).runs[0]!.results;
  expect(after.map((r) => r.partialFingerprints['sansoFinding/v1']).sort()).toEqual(before);
  expect(new Set(before).size).toBe(before.length);
  const broken = sarifOf(['fixtures/input/schema/model.yaml']);
  expect(validate(broken) ? [] : validate.errors).toEqual([]);
  expect(broken.runs[0]!.results.every((r) => r.level === 'error')).toBe(true);
});

it('writes several formats from one run with --format NAME:PATH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanso-formats-'));
  const run = runCli(['lint', 'examples/futaba-alpha-mistakes', '--no-config', '--today', TODAY, '--format', 'text', '--format', `sarif:${join(dir, 'out', 'sanso.sarif')}`, '--format', `json:${join(dir, 'sanso.json')}`]);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('mynumber-isolation');
  const sarif = JSON.parse(readFileSync(join(dir, 'out', 'sanso.sarif'), 'utf8')) as Sarif;
  const json = JSON.parse(readFileSync(join(dir, 'sanso.json'), 'utf8')) as { findings: unknown[] };
  expect(sarif.runs[0]!.results.length).toBe(json.findings.length);
  expect(runCli(['lint', 'examples/futaba-alpha', '--format', 'json', '--format', 'sarif']).code).toBe(2);
  expect(runCli(['lint', 'examples/futaba-alpha', '--format', 'xml:out.xml']).code).toBe(2);
});

it('lists the traffic exceptions excuse only when asked, as results suppressed by the exception', () => {
  const report = lint({ paths: ['examples/futaba-alpha'], config: false, today: TODAY });
  const plain = JSON.parse(formatReport('sarif', report, { color: false, version: '0.0.0-test' })) as Sarif;
  expect(plain.runs[0]!.results).toEqual([]);
  const asked = JSON.parse(formatReport('sarif', report, { color: false, version: '0.0.0-test', includeExcepted: true })) as { runs: { results: { ruleId: string; suppressions: { kind: string; justification: string }[] }[] }[] };
  expect(validate(asked) ? [] : validate.errors).toEqual([]);
  expect(asked.runs[0]!.results.map((r) => [r.ruleId, r.suppressions[0]!.kind])).toEqual([['mynumber-isolation', 'external']]);
  expect(asked.runs[0]!.results[0]!.suppressions[0]!.justification).toContain('EX-2025-01');
});
