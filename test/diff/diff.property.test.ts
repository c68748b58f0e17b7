// The semantic diff on random small networks: a version against itself changes nothing, and for every pair
// of zones the old flows with the opened packets added and the closed ones taken away are exactly the new
// flows — with B drawn as A after random rule edits (actions, services, ends, deletions, insertions, swaps)
// and sometimes a new zone behind a firewall.

import fc from 'fast-check';
import { diff } from '../../src/api';
import { diffFlows } from '../../src/flows/flow-diff';
import { representative } from '../../src/flows/witness';
import { zoneFlows, type ZoneFlows } from '../../src/flows/zone-flows';
import { buildModel } from '../../src/model/build';
import { PacketSpace } from '../../src/net/packet-space';
import { parseText } from '../../src/source/document';
import { TODAY } from '../support/cli';

type Category = 'mynumber' | 'lgwan' | 'internet' | 'ext:internet';
interface ZoneSpec { category: Category; base: number; prefix: number } // 10.0.0.base/prefix
type End = number | 'any' | { host: number }; // a zone index, any, or the single address 10.0.0.host
interface RuleSpec { from: End; to: End; service: number; action: 'allow' | 'deny' }
interface NetSpec { zones: ZoneSpec[]; firewalls: { interfaces: number[][]; rules: RuleSpec[] }[] }

const SERVICES = ['any', 'tcp/25', 'tcp/443', 'tcp/1-1000', 'udp/53', 'icmp'];
const CATEGORIES: Category[] = ['mynumber', 'lgwan', 'internet', 'ext:internet'];

const zoneArb: fc.Arbitrary<ZoneSpec> = fc
  .record({ category: fc.constantFrom(...CATEGORIES), prefix: fc.integer({ min: 29, max: 31 }), base: fc.integer({ min: 0, max: 31 }) })
  .map(({ category, prefix, base }) => {
    const size = 2 ** (32 - prefix);
    return { category, prefix, base: Math.floor(base / size) * size };
  });

const endArb = (n: number): fc.Arbitrary<End> =>
  fc.oneof(fc.constant('any' as const), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: 31 }).map((host) => ({ host })));

const ruleArb = (n: number): fc.Arbitrary<RuleSpec> =>
  fc.record({ from: endArb(n), to: endArb(n), service: fc.integer({ min: 0, max: SERVICES.length - 1 }), action: fc.oneof({ arbitrary: fc.constant('allow' as const), weight: 3 }, { arbitrary: fc.constant('deny' as const), weight: 1 }) });

const netArb: fc.Arbitrary<NetSpec> = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc.record({
    zones: fc.array(zoneArb, { minLength: n, maxLength: n }),
    firewalls: fc.array(
      fc.record({
        interfaces: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 1 }), { minLength: 2, maxLength: 3 }),
        rules: fc.array(ruleArb(n), { minLength: 1, maxLength: 6 }),
      }),
      { minLength: 1, maxLength: 2 },
    ),
  }),
);

/** One edit of a rule base, or a new zone behind the first firewall's first interface. */
type Edit =
  | { kind: 'action' | 'service' | 'delete' | 'swap'; firewall: number; rule: number; service: number }
  | { kind: 'insert'; firewall: number; rule: number; spec: RuleSpec }
  | { kind: 'zone'; category: Category };

const editArb = (n: number): fc.Arbitrary<Edit> =>
  fc.oneof(
    { arbitrary: fc.record({ kind: fc.constantFrom('action' as const, 'service' as const, 'delete' as const, 'swap' as const), firewall: fc.nat(1), rule: fc.nat(6), service: fc.nat(SERVICES.length - 1) }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant('insert' as const), firewall: fc.nat(1), rule: fc.nat(6), spec: ruleArb(n) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('zone' as const), category: fc.constantFrom(...CATEGORIES) }), weight: 1 },
  );

function applyEdit(net: NetSpec, edit: Edit): NetSpec {
  if (edit.kind === 'zone') {
    // A zone of its own addresses (10.0.0.64/30 and up), attached to the first firewall.
    const zones = [...net.zones, { category: edit.category, base: 64 + 4 * net.zones.length, prefix: 30 }];
    const firewalls = net.firewalls.map((fw, f) => (f === 0 ? { ...fw, interfaces: fw.interfaces.map((zs, i) => (i === 0 ? [...zs, zones.length - 1] : zs)) } : fw));
    return { zones, firewalls };
  }
  const firewalls = net.firewalls.map((fw, f) => {
    if (f !== edit.firewall % net.firewalls.length) return fw;
    const rules = [...fw.rules];
    const at = rules.length === 0 ? 0 : edit.rule % rules.length;
    if (edit.kind === 'insert') rules.splice(edit.rule % (rules.length + 1), 0, edit.spec);
    else if (rules.length === 0) return fw;
    else if (edit.kind === 'action') rules[at] = { ...rules[at]!, action: rules[at]!.action === 'allow' ? 'deny' : 'allow' };
    else if (edit.kind === 'service') rules[at] = { ...rules[at]!, service: edit.service };
    else if (edit.kind === 'delete') rules.splice(at, 1);
    else if (at + 1 < rules.length) [rules[at], rules[at + 1]] = [rules[at + 1]!, rules[at]!];
    return { ...fw, rules };
  });
  return { ...net, firewalls };
}

function toYaml(net: NetSpec): string {
  const lines = ['sanso: 1', 'zones:'];
  net.zones.forEach((z, i) => {
    const kind = z.category.startsWith('ext:') ? `external: ${z.category.slice(4)}` : `tier: ${z.category}`;
    lines.push(`  z${i}: { ${kind}, networks: [10.0.0.${z.base}/${z.prefix}] }`);
  });
  lines.push('firewalls:');
  net.firewalls.forEach((fw, f) => {
    lines.push(`  fw${f}:`, '    default: deny', '    interfaces:');
    fw.interfaces.forEach((zs, i) => lines.push(`      if${i}: [${zs.map((z) => `z${z}`).join(', ')}]`));
    if (fw.rules.length === 0) lines.push('    rules: []');
    else lines.push('    rules:');
    fw.rules.forEach((r, i) => {
      const ref = (x: End): string => (x === 'any' ? 'any' : typeof x === 'number' ? `z${x}` : `10.0.0.${x.host}`);
      lines.push(`      - { name: r${i}-${r.action}, from: [${ref(r.from)}], to: [${ref(r.to)}], services: [${SERVICES[r.service]}], action: ${r.action} }`);
    });
  });
  return lines.join('\n') + '\n';
}

function modelOf(text: string) {
  const parsed = parseText('net.yaml', text);
  expect(parsed.problems).toEqual([]);
  const built = buildModel([parsed.document!], TODAY);
  expect(built.diagnostics).toEqual([]);
  return built.model;
}

const flowOf = (flows: ZoneFlows, from: string, to: string): PacketSpace => flows.get(from)?.get(to) ?? PacketSpace.EMPTY;

const pairArb = netArb.chain((a) => fc.tuple(fc.constant(a), fc.array(editArb(a.zones.length), { minLength: 1, maxLength: 4 })));

describe('sanso diff on random small networks', () => {
  it('diff(A, A) is empty: no flow opened or closed, no zone changed, no finding new or resolved', () => {
    fc.assert(
      fc.property(netArb, (net) => {
        const text = toYaml(net);
        const result = diff({ old: { sources: [{ file: 'net.yaml', text }] }, new: { sources: [{ file: 'net.yaml', text }] }, config: false, today: TODAY });
        expect(result.diff).toBeDefined();
        const d = result.diff!;
        expect({ opened: d.opened, closed: d.closed, zones: d.zones, findings: d.findings }).toEqual({ opened: [], closed: [], zones: { added: [], removed: [], moved: [] }, findings: { new: [], resolved: [] } });
      }),
      { numRuns: 25 },
    );
  });

  it('for every pair of zones: (A ∪ opened) − closed = B, opened is outside A and closed inside A', () => {
    fc.assert(
      fc.property(pairArb, ([a, edits]) => {
        const b = edits.reduce(applyEdit, a);
        const modelA = modelOf(toYaml(a));
        const modelB = modelOf(toYaml(b));
        const flowsA = zoneFlows(modelA);
        const flowsB = zoneFlows(modelB);
        const result = diffFlows({ model: modelA, flows: flowsA }, { model: modelB, flows: flowsB });
        const ids = [...new Set([...modelA.zones.keys(), ...modelB.zones.keys()])];
        for (const from of ids) {
          for (const to of ids) {
            if (from === to) continue;
            const opened = result.opened.filter((c) => c.from === from && c.to === to);
            const closed = result.closed.filter((c) => c.from === from && c.to === to);
            expect(opened.length).toBeLessThanOrEqual(1);
            expect(closed.length).toBeLessThanOrEqual(1);
            const open = opened[0]?.space ?? PacketSpace.EMPTY;
            const shut = closed[0]?.space ?? PacketSpace.EMPTY;
            const before = flowOf(flowsA, from, to);
            const after = flowOf(flowsB, from, to);
            expect(before.union(open).difference(shut).equals(after)).toBe(true);
            expect(open.overlaps(before)).toBe(false);
            expect(before.covers(shut)).toBe(true);
            // The example shown is a packet of the change.
            for (const c of [...opened, ...closed]) {
              const witness = representative(c.space)!;
              expect(c.space.contains(witness)).toBe(true);
              expect(flowOf(flowsB, from, to).contains(witness)).toBe(c === opened[0]);
            }
          }
        }
        const newZones = [...modelB.zones.keys()].filter((z) => !modelA.zones.has(z));
        expect(result.addedZones.map((z) => z.zone)).toEqual(newZones);
        for (const c of result.opened) expect(c.zonesOnlyHere).toEqual([c.from, c.to].filter((z) => newZones.includes(z)));
      }),
      { numRuns: 60 },
    );
  });

  it('the findings diff counts what changed: |new| − |resolved| = |findings of B| − |findings of A|', () => {
    fc.assert(
      fc.property(pairArb, ([a, edits]) => {
        const b = edits.reduce(applyEdit, a);
        const result = diff({ old: { sources: [{ file: 'net.yaml', text: toYaml(a) }] }, new: { sources: [{ file: 'net.yaml', text: toYaml(b) }] }, config: false, today: TODAY });
        const d = result.diff!;
        expect(d.findings.new.length - d.findings.resolved.length).toBe(result.new.findings.length - result.old.findings.length);
        for (const f of d.findings.new) expect(result.new.findings).toContain(f);
        for (const f of d.findings.resolved) expect(result.old.findings).toContain(f);
        expect(d.summary.opened).toBe(d.opened.length);
        expect(d.summary.openedMyNumber).toBe(d.opened.filter((c) => c.fromCategory !== c.toCategory && (c.fromCategory === 'mynumber' || c.toCategory === 'mynumber')).length);
      }),
      { numRuns: 20 },
    );
  });
});
