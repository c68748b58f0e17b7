// The flow analysis against a brute-force reference on random small networks: every packet of a tiny
// universe is pushed through an independent re-implementation of zone ownership, first match and path
// search written over plain numbers, and the exact packet spaces must agree with it packet by packet.
// The findings of a full lint run are checked too: every witness is really allowed, and no pair of zones
// with forbidden traffic goes unreported.

import fc from 'fast-check';
import { lint } from '../../src/api';
import { IpSet } from '../../src/net/ip-set';
import { createFlowAnalysis, zoneSource, type ReachMode } from '../../src/flows/analysis';
import { buildModel } from '../../src/model/build';
import { parseText } from '../../src/source/document';
import type { Packet } from '../../src/net/packet-space';

type Category = 'mynumber' | 'lgwan' | 'internet' | 'ext:internet' | 'ext:security-cloud';
interface ZoneSpec { id: string; category: Category; base: number; prefix: number } // 10.0.0.base/prefix
type End = number | 'any' | { host: number }; // a zone index, any, or the single address 10.0.0.host
interface RuleSpec { from: End; to: End; service: number; action: 'allow' | 'deny'; enabled: boolean }
interface NetSpec { zones: ZoneSpec[]; firewalls: { interfaces: number[][]; rules: RuleSpec[]; defaultAllow: boolean }[]; links: [number, number][] }

// Services: index → [proto, lo, hi]
const SERVICES: [string, number, number, number][] = [
  ['any', -1, 0, 0],
  ['tcp/1', 6, 1, 1],
  ['tcp/1-2', 6, 1, 2],
  ['udp/2', 17, 2, 2],
  ['icmp', 1, 0, 65535],
  ['tcp/25', 6, 25, 25],
];
const PROTOS = [6, 17, 1];
const PORTS = [0, 1, 2, 25];
const BASE = 0x0a000000; // 10.0.0.0

const categories: Category[] = ['mynumber', 'lgwan', 'internet', 'ext:internet', 'ext:security-cloud'];

const zoneArb = (i: number): fc.Arbitrary<ZoneSpec> =>
  fc.record({
    category: fc.constantFrom(...categories),
    prefix: fc.integer({ min: 29, max: 32 }),
    base: fc.integer({ min: 0, max: 15 }),
  }).map(({ category, prefix, base }) => {
    const size = 2 ** (32 - prefix);
    return { id: `z${i}`, category, prefix, base: Math.floor(base / size) * size };
  });

const endArb = (n: number): fc.Arbitrary<End> =>
  fc.oneof(
    { arbitrary: fc.constant('any' as const), weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: n - 1 }), weight: 2 },
    // Single addresses, so that pinned rules (single address to single address, one port) are common.
    { arbitrary: fc.record({ host: fc.integer({ min: 0, max: 15 }) }), weight: 2 },
  );

const netArb: fc.Arbitrary<NetSpec> = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.record({
    zones: fc.tuple(...Array.from({ length: n }, (_, i) => zoneArb(i))),
    firewalls: fc.array(
      fc.record({
        interfaces: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
        rules: fc.array(
          fc.record({
            from: endArb(n),
            to: endArb(n),
            service: fc.integer({ min: 0, max: SERVICES.length - 1 }),
            action: fc.constantFrom('allow' as const, 'deny' as const),
            enabled: fc.boolean(),
          }),
          { maxLength: 6 },
        ),
        defaultAllow: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    links: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), { maxLength: 2 }),
  }),
);

function toYaml(net: NetSpec): string {
  const lines = ['sanso: 1', 'zones:'];
  for (const z of net.zones) {
    const kind = z.category.startsWith('ext:') ? `external: ${z.category.slice(4)}` : `tier: ${z.category}`;
    lines.push(`  ${z.id}: { ${kind}, networks: [10.0.0.${z.base}/${z.prefix}] }`);
  }
  lines.push('firewalls:');
  net.firewalls.forEach((fw, f) => {
    lines.push(`  fw${f}:`, `    default: ${fw.defaultAllow ? 'allow' : 'deny'}`, '    interfaces:');
    fw.interfaces.forEach((zs, i) => lines.push(`      if${i}: [${zs.map((z) => `z${z}`).join(', ')}]`));
    lines.push('    rules:');
    if (fw.rules.length === 0) lines[lines.length - 1] = '    rules: []';
    for (const r of fw.rules) {
      const ref = (x: End) => (x === 'any' ? 'any' : typeof x === 'number' ? `z${x}` : `10.0.0.${x.host}`);
      lines.push(`      - { from: [${ref(r.from)}], to: [${ref(r.to)}], services: [${SERVICES[r.service]![0]}], action: ${r.action}, enabled: ${r.enabled} }`);
    }
  });
  const links = net.links.filter(([a, b]) => a !== b);
  if (links.length) lines.push('links:', ...links.map(([a, b]) => `  - [z${a}, z${b}]`));
  return lines.join('\n') + '\n';
}

// ---- the reference, over plain numbers ------------------------------------------------------------
function owner(net: NetSpec, addr: number): number[] {
  let best = -1;
  let owners: number[] = [];
  net.zones.forEach((z, i) => {
    const size = 2 ** (32 - z.prefix);
    if (addr < BASE + z.base || addr >= BASE + z.base + size) return;
    if (best === -1 || size < best) {
      best = size;
      owners = [i];
    } else if (size === best) owners.push(i);
  });
  return owners;
}
function endMatches(net: NetSpec, end: End, addr: number): boolean {
  if (end === 'any') return true;
  if (typeof end === 'number') return owner(net, addr).includes(end);
  return addr === BASE + end.host;
}
/** A pinned rule: single addresses on both ends and one explicit port. */
function rulePinned(r: RuleSpec): boolean {
  return typeof r.from === 'object' && typeof r.to === 'object' && [1, 3, 5].includes(r.service);
}
function ruleMatches(net: NetSpec, r: RuleSpec, p: { src: number; dst: number; proto: number; port: number }): boolean {
  if (!r.enabled) return false;
  if (!endMatches(net, r.from, p.src) || !endMatches(net, r.to, p.dst)) return false;
  const [, proto, lo, hi] = SERVICES[r.service]!;
  if (proto === -1) return true;
  return p.proto === proto && p.port >= lo && p.port <= hi;
}
/** Whether the firewall lets the packet through; with `unpinned`, packets a pinned rule allows are stopped. */
function firewallAllows(net: NetSpec, f: number, p: { src: number; dst: number; proto: number; port: number }, unpinned: boolean): boolean {
  const fw = net.firewalls[f]!;
  for (const r of fw.rules) if (ruleMatches(net, r, p)) return r.action === 'allow' && !(unpinned && rulePinned(r));
  return fw.defaultAllow;
}
/** Zones a packet can arrive in, starting from zone `from`, in a mode (bypass: never through a security-cloud zone). */
function reachable(net: NetSpec, from: number, p: { src: number; dst: number; proto: number; port: number }, mode: ReachMode): Set<number> {
  const blockSecurityCloud = mode === 'bypass';
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    const z = queue.shift()!;
    if (blockSecurityCloud && z !== from && net.zones[z]!.category === 'ext:security-cloud') continue;
    const next = new Set<number>();
    net.firewalls.forEach((fw, f) => {
      const attached = fw.interfaces.flat();
      if (!attached.includes(z)) return;
      for (const iface of fw.interfaces) if (iface.includes(z)) iface.forEach((x) => next.add(x));
      if (firewallAllows(net, f, p, mode === 'unpinned')) attached.forEach((x) => next.add(x));
    });
    for (const [a, b] of net.links) {
      if (a === z) next.add(b);
      if (b === z) next.add(a);
    }
    for (const x of next) if (!seen.has(x)) {
      seen.add(x);
      queue.push(x);
    }
  }
  return seen;
}

const ADDRESSES = Array.from({ length: 16 }, (_, i) => BASE + i);

function modelOf(net: NetSpec) {
  const parsed = parseText('net.yaml', toYaml(net));
  expect(parsed.problems).toEqual([]);
  const built = buildModel([parsed.document!], '2026-11-28');
  expect(built.diagnostics).toEqual([]);
  return built.model;
}

describe('flow analysis equals the brute-force reference', () => {
  // In unpinned mode, networks are also drawn where a pinned rule is often the only way through: one zone per
  // interface, no links, default deny, and single addresses at the start of a zone.
  const atZone = (net: NetSpec, end: End): End => (typeof end === 'object' ? { host: net.zones[end.host % net.zones.length]!.base } : end);
  const apart = netArb.map((net) => ({
    ...net,
    firewalls: net.firewalls.map((fw) => ({
      interfaces: fw.interfaces.map((zs) => zs.slice(0, 1)),
      rules: fw.rules.map((r) => ({ ...r, from: atZone(net, r.from), to: atZone(net, r.to) })),
      defaultAllow: false,
    })),
    links: [],
  }));
  it.each<ReachMode>(['all', 'unpinned', 'bypass'])('mode %s', (mode) => {
    fc.assert(
      fc.property(mode === 'unpinned' ? fc.oneof(netArb, apart) : netArb, (net) => {
        const model = modelOf(net);
        const analysis = createFlowAnalysis(model);
        net.zones.forEach((zone, a) => {
          const source = zoneSource(model.zones.get(zone.id)!);
          const spaces = net.zones.map((z) => analysis.flowTo(source, z.id, mode));
          for (const src of ADDRESSES) {
            if (!owner(net, src).includes(a)) continue;
            for (const dst of ADDRESSES) for (const proto of PROTOS) for (const port of PORTS) {
              const p = { src, dst, proto, port };
              const arrived = reachable(net, a, p, mode);
              for (const b of owner(net, dst)) {
                if (b === a) continue;
                const packet: Packet = { family: 4, src: BigInt(src), dst: BigInt(dst), proto, port };
                const expected = arrived.has(b);
                if (spaces[b]!.contains(packet) !== expected) {
                  throw new Error(`${zone.id}→z${b} ${JSON.stringify(p)}: expected ${expected}\n${toYaml(net)}`);
                }
              }
            }
          }
        });
      }),
      { numRuns: mode === 'unpinned' ? 400 : 150 },
    );
  });
});

/** The position of the first enabled rule matching the packet, or -1 for the default. */
function firstMatch(net: NetSpec, f: number, p: { src: number; dst: number; proto: number; port: number }): number {
  return net.firewalls[f]!.rules.findIndex((r) => ruleMatches(net, r, p));
}

describe('the decision that holds a packet equals first match', () => {
  // For a packet a zone sends, decisionOf names the rule first match picks (none for the default) and holds
  // exactly the zone's packets that rule decides. Default-deny firewalls answer it for allowed packets from
  // their compiled allow rules, and every other case by evaluating the rules: both are drawn.
  it('names the rule and holds exactly what it decides of the source', () => {
    const packets = ADDRESSES.flatMap((src) => ADDRESSES.flatMap((dst) => PROTOS.flatMap((proto) => PORTS.map((port) => ({ src, dst, proto, port })))));
    const asPacket = (p: { src: number; dst: number; proto: number; port: number }): Packet => ({ family: 4, src: BigInt(p.src), dst: BigInt(p.dst), proto: p.proto, port: p.port });
    fc.assert(
      fc.property(netArb, fc.nat(), (net, seed) => {
        const model = modelOf(net);
        const analysis = createFlowAnalysis(model);
        net.firewalls.forEach((fw, f) => {
          const firewall = model.firewalls.get(`fw${f}`)!;
          net.zones.forEach((zone, a) => {
            const source = zoneSource(model.zones.get(zone.id)!);
            const sent = packets.filter((p) => owner(net, p.src).includes(a));
            if (sent.length === 0) return;
            // Two packets some rule allows and one more (checking every packet would make the test slow), each
            // against everything the source sends.
            const allowed = sent.filter((p) => {
              const rule = firstMatch(net, f, p);
              return rule >= 0 ? fw.rules[rule]!.action === 'allow' : fw.defaultAllow;
            });
            const picks = [allowed[seed % Math.max(1, allowed.length)], allowed[(seed >> 8) % Math.max(1, allowed.length)], sent[seed % sent.length]];
            for (const p of picks) {
              if (!p) continue;
              const decision = analysis.decisionOf(firewall, source, asPacket(p));
              const rule = firstMatch(net, f, p);
              const where = `fw${f} from ${zone.id} ${JSON.stringify(p)}\n${toYaml(net)}`;
              if (decision === undefined || (decision.rule?.index ?? -1) !== rule) throw new Error(`${where}: decided by ${decision?.rule?.index}, not ${rule}`);
              for (const q of sent) {
                if (decision.space.contains(asPacket(q)) !== (firstMatch(net, f, q) === rule)) throw new Error(`${where}: the decision disagrees on ${JSON.stringify(q)}`);
              }
            }
          });
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('a zone that traffic reaches through two joints before it is followed', () => {
  // s reaches x through firewall g (tcp/80 only) and w over a link; x sends tcp/80 through f into y and z,
  // and w sends everything over a second link into y, all before y is followed. The part that came over
  // the link has not been through f: from y, f must let tcp/443 on to z.
  const MODEL = [
    'sanso: 1',
    'zones:',
    '  s: { tier: lgwan, networks: [10.0.1.0/24] }',
    '  x: { tier: lgwan, networks: [10.0.2.0/24] }',
    '  w: { tier: lgwan, networks: [10.0.3.0/24] }',
    '  y: { tier: lgwan, networks: [10.0.4.0/24] }',
    '  z: { tier: internet, networks: [10.0.5.0/24] }',
    'firewalls:',
    '  g:',
    '    interfaces: { a: [s], b: [x] }',
    '    rules:',
    '      - { from: [s], to: [z], services: [tcp/80], action: allow }',
    '  f:',
    '    interfaces: { a: [x], b: [y], c: [z] }',
    '    rules:',
    '      - { from: [s], to: [z], services: [tcp/80, tcp/443], action: allow }',
    'links:',
    '  - [s, w]',
    '  - [w, y]',
    '',
  ].join('\n');
  it('lets the other part through the first joint', () => {
    const parsed = parseText('net.yaml', MODEL);
    const model = buildModel([parsed.document!], '2026-11-28').model;
    const analysis = createFlowAnalysis(model);
    const s = zoneSource(model.zones.get('s')!);
    const packet = (port: number): Packet => ({ family: 4, src: BigInt(BASE + 0x105), dst: BigInt(BASE + 0x505), proto: 6, port });
    for (const mode of ['all', 'unpinned', 'bypass'] as const) {
      const toZ = analysis.flowTo(s, 'z', mode);
      expect([mode, toZ.contains(packet(80)), toZ.contains(packet(443)), toZ.contains(packet(22))]).toEqual([mode, true, true, false]);
    }
  });
});

describe('following only some destinations', () => {
  // Packets travel independently, so following only the packets bound for some addresses must give exactly
  // the full result restricted to those addresses — the basis of following traffic only out of its tier.
  const filterArb = fc.array(fc.tuple(fc.nat(15), fc.nat(15)), { minLength: 1, maxLength: 3 }).map((ranges) =>
    ranges.reduce((set, [a, b]) => set.union(IpSet.of(4, BigInt(BASE + Math.min(a, b)), BigInt(BASE + Math.max(a, b)))), IpSet.EMPTY),
  );
  it('gives the full result restricted to them, in every mode', () => {
    fc.assert(
      fc.property(netArb, filterArb, (net, filter) => {
        const model = modelOf(net);
        const full = createFlowAnalysis(model);
        const restricted = createFlowAnalysis(model, { destinations: () => filter });
        for (const zone of model.zones.values()) {
          const source = zoneSource(zone);
          for (const to of model.zones.values()) {
            for (const mode of ['all', 'unpinned', 'bypass'] as const) {
              const expected = full.flowTo(source, to.id, mode).restrict(undefined, filter);
              expect(restricted.flowTo(source, to.id, mode).equals(expected)).toBe(true);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('findings of a lint run', () => {
  const parseAddr = (s: string): number => s.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const protoOf = (name: string): number => ({ tcp: 6, udp: 17, icmp: 1 } as Record<string, number>)[name] ?? Number(name.replace('proto/', ''));

  it('every witness is really allowed, and every pair with forbidden traffic is reported', () => {
    fc.assert(
      fc.property(netArb, (net) => {
        const report = lint({ sources: [{ file: 'net.yaml', text: toYaml(net) }], today: '2026-11-28' });
        expect(report.summary.inputErrors).toBe(0);
        const index = new Map(net.zones.map((z, i) => [z.id, i]));
        for (const f of report.findings) {
          if (!f.witness || !f.flow || f.flow.via.length > 0) continue;
          const w = { src: parseAddr(f.witness.src), dst: parseAddr(f.witness.dst), proto: protoOf(f.witness.protocol), port: f.witness.port ?? 0 };
          const from = index.get(f.flow.from)!;
          const to = index.get(f.flow.to)!;
          expect(owner(net, w.src)).toContain(from);
          expect(owner(net, w.dst)).toContain(to);
          expect(reachable(net, from, w, f.ruleId === 'internet-egress' ? 'bypass' : 'all').has(to)).toBe(true);
        }
        // My Number → Internet-tier or Internet: forbidden outright, so any allowed packet must be reported.
        net.zones.forEach((za, a) => {
          if (za.category !== 'mynumber') return;
          net.zones.forEach((zb, b) => {
            if (zb.category !== 'internet' && zb.category !== 'ext:internet') return;
            const leaks = ADDRESSES.some((src) => owner(net, src).includes(a) && ADDRESSES.some((dst) => owner(net, dst).includes(b) &&
              PROTOS.some((proto) => PORTS.some((port) => reachable(net, a, { src, dst, proto, port }, 'all').has(b)))));
            const reported = report.findings.some((f) => f.ruleId === 'mynumber-isolation' && f.flow?.from === za.id && f.flow.to.split(', ').includes(zb.id));
            if (leaks !== reported) throw new Error(`${za.id}→${zb.id}: leak ${leaks}, reported ${reported}\n${toYaml(net)}`);
          });
        });
      }),
      { numRuns: 100 },
    );
  });
});
