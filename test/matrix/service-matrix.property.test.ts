// The service matrix against brute force: random rule sets over a tiny address universe (two small blocks
// plus the rest of the family's space) are decided packet by packet by an independent first-match over
// plain numbers, and the classes must partition the space, hold addresses of identical access only, be the
// coarsest such partition, and their edges must be exactly the allowed pairs — for IPv4 and IPv6.

import fc from 'fast-check';
import { formatAddress, type Family } from '../../src/net/ip';
import { IntervalSet } from '../../src/net/interval-set';
import { parseMatrixService, serviceMatrix, formatFamilyService } from '../../src/flows/service-matrix';
import { buildModel } from '../../src/model/build';
import { parseText } from '../../src/source/document';

type Range = readonly [bigint, bigint];
type End = 'any' | readonly Range[];
interface RuleSpec { from: End; to: End; service: number; action: 'allow' | 'deny'; enabled: boolean }
interface FirewallSpec { rules: RuleSpec[]; defaultAllow: boolean }

/** Rule services: [as written, protocol (-1: any), lowest port, highest port]. The matrix asks about tcp/22. */
const SERVICES: readonly [string, number, number, number][] = [
  ['any', -1, 0, 65535],
  ['tcp/22', 6, 22, 22],
  ['tcp/20-30', 6, 20, 30],
  ['udp/22', 17, 22, 22],
  ['tcp/80', 6, 80, 80],
];
const ASKED = { proto: 6, port: 22 };

interface Universe {
  readonly family: Family;
  /** Two small blocks the rules draw their addresses from. */
  readonly blocks: readonly Range[];
  /** Addresses outside both blocks, every one of them alike for every rule. */
  readonly outside: readonly bigint[];
  readonly max: bigint;
}

const V4: Universe = {
  family: 4,
  blocks: [[0x0a000000n, 0x0a00000fn], [0x0a000100n, 0x0a000103n]], // 10.0.0.0/28, 10.0.1.0/30
  outside: [0n, 0x0a000010n, 0x0a0000c8n, 0x0a000104n, 0xffffffffn],
  max: 0xffffffffn,
};
const V6_BASE = 0x20010db8n << 96n;
const V6: Universe = {
  family: 6,
  blocks: [[V6_BASE, V6_BASE + 15n], [V6_BASE + (1n << 64n), V6_BASE + (1n << 64n) + 3n]], // 2001:db8::/124, 2001:db8:0:1::/126
  outside: [0n, V6_BASE + 16n, V6_BASE + 200n, V6_BASE + (1n << 64n) + 4n, (1n << 128n) - 1n],
  max: (1n << 128n) - 1n,
};

/** A CIDR block or a range inside one of the blocks, as [lo, hi]. */
const rangeArb = (u: Universe): fc.Arbitrary<Range> =>
  fc.oneof(
    fc.record({ block: fc.integer({ min: 0, max: 1 }), bits: fc.integer({ min: 0, max: 4 }), at: fc.nat(15) }).map(({ block, bits, at }) => {
      const [lo, hi] = u.blocks[block]!;
      const size = 1n << BigInt(Math.min(bits, block === 0 ? 4 : 2));
      const start = lo + ((BigInt(at) % (hi - lo + 1n)) / size) * size;
      return [start, start + size - 1n] as const;
    }),
    fc.record({ a: fc.nat(15), b: fc.nat(15) }).map(({ a, b }) => {
      const lo = u.blocks[0]![0];
      return [lo + BigInt(Math.min(a, b)), lo + BigInt(Math.max(a, b))] as const;
    }),
  );
const endArb = (u: Universe): fc.Arbitrary<End> =>
  fc.oneof({ arbitrary: fc.constant('any' as const), weight: 1 }, { arbitrary: fc.array(rangeArb(u), { minLength: 1, maxLength: 2 }), weight: 4 });
const firewallArb = (u: Universe): fc.Arbitrary<FirewallSpec> =>
  fc.record({
    rules: fc.array(
      fc.record({ from: endArb(u), to: endArb(u), service: fc.nat(SERVICES.length - 1), action: fc.constantFrom('allow' as const, 'deny' as const), enabled: fc.boolean() }),
      { maxLength: 8 },
    ),
    defaultAllow: fc.boolean(),
  });

function term(u: Universe, [lo, hi]: Range): string {
  const text = lo === hi ? formatAddress(u.family, lo) : `${formatAddress(u.family, lo)}-${formatAddress(u.family, hi)}`;
  return JSON.stringify(text);
}

function firewallOf(u: Universe, spec: FirewallSpec) {
  const end = (e: End): string => (e === 'any' ? 'any' : e.map((r) => term(u, r)).join(', '));
  const lines = [
    'sanso: 1',
    'zones:',
    '  inside: { tier: lgwan, networks: [10.0.0.0/8, "2001:db8::/32"] }',
    '  outside: { external: internet, networks: [0.0.0.0/0, "::/0"] }',
    'firewalls:',
    '  fw:',
    `    default: ${spec.defaultAllow ? 'allow' : 'deny'}`,
    '    interfaces: { lan: [inside], wan: [outside] }',
    spec.rules.length === 0 ? '    rules: []' : '    rules:',
    ...spec.rules.map((r) => `      - { from: [${end(r.from)}], to: [${end(r.to)}], services: [${SERVICES[r.service]![0]}], action: ${r.action}, enabled: ${r.enabled} }`),
  ];
  const parsed = parseText('fw.yaml', lines.join('\n') + '\n');
  expect(parsed.problems).toEqual([]);
  const built = buildModel([parsed.document!], '2026-11-28');
  expect(built.diagnostics).toEqual([]);
  return built.model.firewalls.get('fw')!;
}

// ---- the reference, over plain numbers ------------------------------------------------------------
const inEnd = (e: End, a: bigint): boolean => e === 'any' || e.some(([lo, hi]) => a >= lo && a <= hi);
function allowed(spec: FirewallSpec, src: bigint, dst: bigint): boolean {
  for (const r of spec.rules) {
    if (!r.enabled || !inEnd(r.from, src) || !inEnd(r.to, dst)) continue;
    const [, proto, lo, hi] = SERVICES[r.service]!;
    if (proto !== -1 && (proto !== ASKED.proto || ASKED.port < lo || ASKED.port > hi)) continue;
    return r.action === 'allow';
  }
  return spec.defaultAllow;
}

function probes(u: Universe): bigint[] {
  const inside = u.blocks.flatMap(([lo, hi]) => Array.from({ length: Number(hi - lo + 1n) }, (_, i) => lo + BigInt(i)));
  return [...inside, ...u.outside].sort((a, b) => (a < b ? -1 : 1));
}

describe.each([V4, V6])('service matrix of random rule sets, IPv$family', (u) => {
  const points = probes(u);
  it('partitions the space into the coarsest classes of identical access, with exactly the allowed edges', () => {
    fc.assert(
      fc.property(firewallArb(u), (spec) => {
        const matrix = serviceMatrix(firewallOf(u, spec), { family: u.family, ...ASKED });
        const { classes, edges } = matrix;
        // The classes partition the family's whole address space.
        expect(IntervalSet.unionAll(classes.map((c) => c.addresses)).equals(IntervalSet.of(0n, u.max))).toBe(true);
        expect(classes.reduce((n, c) => n + c.addresses.size(), 0n)).toBe(u.max + 1n);
        const classOf = (a: bigint): number => {
          const found = classes.flatMap((c, i) => (c.addresses.contains(a) ? [i] : []));
          expect(found).toHaveLength(1);
          return found[0]!;
        };
        const at = points.map(classOf);
        // Every class holds a probe (every class starts at a rule boundary or at 0), so the checks below see them all.
        expect(new Set(at).size).toBe(classes.length);
        const row = (a: bigint): string => points.map((b) => (allowed(spec, a, b) ? '1' : '0')).join('');
        const column = (a: bigint): string => points.map((b) => (allowed(spec, b, a) ? '1' : '0')).join('');
        const access = points.map((a) => `${row(a)}|${column(a)}`);
        // Same class exactly when the same access (identical, and coarsest).
        const misplaced: string[] = [];
        for (let i = 0; i < points.length; i++) {
          for (let j = 0; j < points.length; j++) if ((at[i] === at[j]) !== (access[i] === access[j])) misplaced.push(`${points[i]} ${points[j]}`);
        }
        expect(misplaced).toEqual([]);
        // The edges are exactly the allowed pairs.
        const edgeSet = new Set(edges.map(([f, t]) => `${f}>${t}`));
        expect(edgeSet.size).toBe(edges.length);
        const wrong: string[] = [];
        for (let i = 0; i < points.length; i++) {
          for (let j = 0; j < points.length; j++) if (edgeSet.has(`${at[i]}>${at[j]}`) !== allowed(spec, points[i]!, points[j]!)) wrong.push(`${points[i]} → ${points[j]}`);
        }
        expect(wrong).toEqual([]);
        // The ranges print the class's addresses, lowest first.
        for (const c of classes) expect(c.ranges).toHaveLength(c.addresses.intervals.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseMatrixService', () => {
  it('takes one protocol and one port per family', () => {
    expect(parseMatrixService('tcp/22')).toEqual([{ family: 4, proto: 6, port: 22 }, { family: 6, proto: 6, port: 22 }]);
    expect(parseMatrixService('icmp/8')).toEqual([{ family: 4, proto: 1, port: 8 }]);
    expect(parseMatrixService('tcp')).toEqual({ detail: expect.stringContaining('one protocol and one port') });
    expect(parseMatrixService('tcp/20-30')).toEqual({ detail: expect.stringContaining('one protocol and one port') });
    expect(parseMatrixService('tcp/99999')).toEqual({ detail: expect.any(String) });
    expect(formatFamilyService({ family: 4, proto: 6, port: 22 })).toBe('tcp/22');
    expect(formatFamilyService({ family: 6, proto: 58, port: 128 })).toBe('icmpv6 type 128');
  });
});
