/**
 * PacketSpace: concrete cases on real addresses, and properties against brute-force enumeration of a
 * tiny universe (IPv4 src/dst 0..7, IPv6 src/dst 0..3, proto 0..7, port 0..7).
 */
import fc from 'fast-check';
import { Interval, IntervalSet } from '../../src/net/interval-set';
import { AddressTerm, Family, parseAddressTerm } from '../../src/net/ip';
import { IpSet } from '../../src/net/ip-set';
import { Cube, Packet, PacketSpace, PORT_UNIVERSE, PROTO_UNIVERSE } from '../../src/net/packet-space';
import { parsePortTerm, ServicePorts, ServiceTerm } from '../../src/net/service';

const RUNS = { numRuns: 200 };
/** Checking membership of every packet of the universe is the costliest property: fewer runs. */
const CONTAINS_RUNS = { numRuns: 60 };

// ---------------------------------------------------------------------------------------------
// Brute-force model: a bitset over every packet of the tiny universe, indexed in lexicographic order
// (family 4 before 6, then src, dst, proto, port), so the first set bit is the smallest packet.

const ADDR: Record<Family, number> = { 4: 8, 6: 4 };
const PROTO = 8;
const PORT = 8;
const BLOCK: Record<Family, number> = { 4: ADDR[4] * ADDR[4] * PROTO * PORT, 6: ADDR[6] * ADDR[6] * PROTO * PORT };
const OFFSET: Record<Family, number> = { 4: 0, 6: BLOCK[4] };
const TOTAL = BLOCK[4] + BLOCK[6];

function index(f: Family, s: number, d: number, p: number, q: number): number {
  return OFFSET[f] + ((s * ADDR[f] + d) * PROTO + p) * PORT + q;
}

function decode(i: number): Packet {
  const f: Family = i < BLOCK[4] ? 4 : 6;
  let r = i - OFFSET[f];
  const q = r % PORT;
  r = (r - q) / PORT;
  const p = r % PROTO;
  r = (r - p) / PROTO;
  const d = r % ADDR[f];
  const s = (r - d) / ADDR[f];
  return { family: f, src: BigInt(s), dst: BigInt(d), proto: p, port: q };
}

function values(s: IntervalSet): number[] {
  const out: number[] = [];
  for (const [lo, hi] of s.intervals) for (let x = lo; x <= hi; x++) out.push(Number(x));
  return out;
}

type Bits = Uint8Array;

/** Marks the points of the cubes; returns the bitset and whether some point was marked twice. */
function modelOfCubes(cubes: readonly Cube[]): { bits: Bits; overlapping: boolean } {
  const bits = new Uint8Array(TOTAL);
  let overlapping = false;
  for (const c of cubes) {
    for (const s of values(c.src)) for (const d of values(c.dst)) for (const p of values(c.proto)) for (const q of values(c.port)) {
      const i = index(c.family, s, d, p, q);
      if (bits[i]) overlapping = true;
      bits[i] = 1;
    }
  }
  return { bits, overlapping };
}

/** The model of a space, checking the representation invariants on the way. */
function model(sp: PacketSpace): Bits {
  // Plain throws rather than expect(): this runs several times per property run and must stay cheap.
  const { bits, overlapping } = modelOfCubes(sp.cubes);
  if (overlapping) throw new Error(`cubes overlap:\n${sp.toString()}`);
  if (sp.cubes.some((c) => c.src.isEmpty() || c.dst.isEmpty() || c.proto.isEmpty() || c.port.isEmpty())) {
    throw new Error('empty cube in a PacketSpace');
  }
  if (sp.size() !== BigInt(count(bits))) throw new Error(`size() ${sp.size()} but ${count(bits)} packets`);
  return bits;
}

function count(b: Bits): number {
  let n = 0;
  for (const x of b) n += x;
  return n;
}

function combine(a: Bits, b: Bits, op: (x: number, y: number) => number): Bits {
  return a.map((x, i) => op(x, b[i]!));
}

function sameBits(a: Bits, b: Bits): boolean {
  return a.every((x, i) => x === b[i]);
}

/** Packets on which two bitsets disagree (empty when equal), decoded for readable failure output. */
function diff(actual: Bits, expected: Bits): string[] {
  const out: string[] = [];
  for (let i = 0; i < TOTAL; i++) {
    if (actual[i] === expected[i]) continue;
    const p = decode(i);
    out.push(`${actual[i] ? 'extra' : 'missing'} v${p.family} ${p.src}->${p.dst} proto ${p.proto} port ${p.port}`);
  }
  return out;
}

/** Indices set in a bitset. */
function members(b: Bits): number[] {
  const out: number[] = [];
  b.forEach((x, i) => {
    if (x) out.push(i);
  });
  return out;
}

function forEachPoint(fn: (f: Family, s: number, d: number, p: number, q: number, i: number) => void): void {
  for (const f of [4, 6] as const) {
    for (let s = 0; s < ADDR[f]; s++) for (let d = 0; d < ADDR[f]; d++) for (let p = 0; p < PROTO; p++) for (let q = 0; q < PORT; q++) {
      fn(f, s, d, p, q, index(f, s, d, p, q));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: cubes from small intervals (occasionally empty dimensions), spaces built from cubes.

const arbDimSet = (max: number): fc.Arbitrary<IntervalSet> =>
  fc
    .array(
      fc
        .tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 9 }))
        // Mostly short intervals (several pieces per dimension), sometimes arbitrary ones.
        .map(([a, b, k]): Interval =>
          k < 7 ? [BigInt(a), BigInt(Math.min(max, a + (k % 3)))] : [BigInt(Math.min(a, b)), BigInt(Math.max(a, b))],
        ),
      { minLength: 1, maxLength: 2 },
    )
    .map((l) => IntervalSet.fromIntervals(l));

const arbCube: fc.Arbitrary<Cube> = fc.constantFrom(4 as const, 4 as const, 6 as const).chain((family) =>
  fc.record({
    family: fc.constant(family),
    src: arbDimSet(ADDR[family] - 1),
    dst: arbDimSet(ADDR[family] - 1),
    proto: arbDimSet(PROTO - 1),
    port: arbDimSet(PORT - 1),
  }),
);

const arbCubes = fc.array(arbCube, { maxLength: 5 });
const arbSpace: fc.Arbitrary<PacketSpace> = arbCubes.map((cs) => PacketSpace.fromCubes(cs));

const arbIpSet: fc.Arbitrary<IpSet> = fc
  .tuple(fc.option(arbDimSet(ADDR[4] - 1), { nil: undefined }), fc.option(arbDimSet(ADDR[6] - 1), { nil: undefined }))
  .map(([a, b]) => IpSet.from(a ?? IntervalSet.EMPTY, b ?? IntervalSet.EMPTY));

function ipValues(s: IpSet, f: Family): Set<number> {
  return new Set(values(s.family(f)));
}

// ---------------------------------------------------------------------------------------------

describe('PacketSpace properties (brute force over a tiny universe)', () => {
  it('fromCubes yields disjoint non-empty cubes covering exactly the input', () => {
    fc.assert(
      fc.property(arbCubes, (cs) => {
        const sp = PacketSpace.fromCubes(cs);
        expect(diff(model(sp), modelOfCubes(cs).bits)).toEqual([]);
        expect(sp.isEmpty()).toBe(count(modelOfCubes(cs).bits) === 0);
      }),
      RUNS,
    );
  });

  it('cube is empty iff a dimension is empty', () => {
    fc.assert(
      fc.property(arbCube, fc.nat(4), (c, which) => {
        const dims = ['src', 'dst', 'proto', 'port'] as const;
        const emptied = which < 4 ? { ...c, [dims[which]!]: IntervalSet.EMPTY } : c;
        const sp = PacketSpace.cube(emptied);
        expect(sp.isEmpty()).toBe(which < 4);
        expect(diff(model(sp), modelOfCubes([emptied]).bits)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('union, intersect, difference', () => {
    fc.assert(
      fc.property(arbSpace, arbSpace, (a, b) => {
        const ma = model(a);
        const mb = model(b);
        expect(diff(model(a.union(b)), combine(ma, mb, (x, y) => x | y))).toEqual([]);
        expect(diff(model(a.intersect(b)), combine(ma, mb, (x, y) => x & y))).toEqual([]);
        expect(diff(model(a.difference(b)), combine(ma, mb, (x, y) => x & (1 - y)))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('differenceAll removes every space listed, however many and however they overlap (the sweep)', () => {
    fc.assert(
      fc.property(arbSpace, fc.array(arbSpace, { maxLength: 8 }), (a, others) => {
        const rest = others.reduce((m, o) => combine(m, model(o), (x, y) => x & (1 - y)), model(a));
        const result = a.differenceAll(others);
        expect(diff(model(result), rest)).toEqual([]);
        expect(result.isEmpty()).toBe(count(rest) === 0);
        // The cubes of the result are pairwise disjoint.
        const total = result.cubes.reduce((n, c) => n + count(modelOfCubes([c]).bits), 0);
        expect(total).toBe(count(rest));
        // The same as subtracting one after the other, and as subtracting their union.
        const union = others.reduce((u, o) => u.union(o), PacketSpace.EMPTY);
        expect(result.equals(a.difference(union))).toBe(true);
      }),
      RUNS,
    );
  });

  it('union keeps every cube of this whole (no re-splitting)', () => {
    fc.assert(
      fc.property(arbSpace, arbSpace, (a, b) => {
        const u = a.union(b);
        const whole = (c: Cube): boolean =>
          u.cubes.some(
            (x) => x.family === c.family && x.src.covers(c.src) && x.dst.covers(c.dst) && x.proto.covers(c.proto) && x.port.covers(c.port),
          );
        expect(a.cubes.filter((c) => !whole(c))).toEqual([]);
      }),
      RUNS,
    );
  });

  it('equals is semantic equality, whatever the decomposition', () => {
    fc.assert(
      fc.property(arbSpace, arbSpace, arbSpace, (a, b, x) => {
        expect(a.equals(b)).toBe(sameBits(model(a), model(b)));
        const rebuilt = a.difference(x).union(a.intersect(x));
        expect(rebuilt.equals(a)).toBe(true);
        expect(PacketSpace.fromCubes([...rebuilt.cubes].reverse()).equals(a)).toBe(true);
        // A space differing by one packet is not equal.
        const ma = model(a);
        const i = members(ma)[0];
        if (i !== undefined) {
          const p = decode(i);
          const one = PacketSpace.cube({
            family: p.family,
            src: IntervalSet.point(p.src),
            dst: IntervalSet.point(p.dst),
            proto: IntervalSet.point(BigInt(p.proto)),
            port: IntervalSet.point(BigInt(p.port)),
          });
          expect(a.difference(one).equals(a)).toBe(false);
          expect(a.equals(a.difference(one))).toBe(false);
          // Same size, different packets: swap that packet for the first one outside a.
          const j = ma.indexOf(0);
          if (j >= 0) {
            const q = decode(j);
            const other = PacketSpace.cube({
              family: q.family,
              src: IntervalSet.point(q.src),
              dst: IntervalSet.point(q.dst),
              proto: IntervalSet.point(BigInt(q.proto)),
              port: IntervalSet.point(BigInt(q.port)),
            });
            const swapped = a.difference(one).union(other);
            expect(swapped.size()).toBe(a.size());
            expect(swapped.equals(a)).toBe(false);
            expect(a.equals(swapped)).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it('covers and overlaps', () => {
    fc.assert(
      fc.property(arbSpace, arbSpace, fc.boolean(), (a, b0, sub) => {
        const b = sub ? a.intersect(b0) : b0;
        const ma = model(a);
        const mb = model(b);
        expect(a.covers(b)).toBe(mb.every((y, i) => !y || ma[i] === 1));
        expect(a.overlaps(b)).toBe(mb.some((y, i) => y === 1 && ma[i] === 1));
      }),
      RUNS,
    );
  });

  it('contains and sample', () => {
    fc.assert(
      fc.property(arbSpace, (a) => {
        const ma = model(a);
        const hits = new Uint8Array(TOTAL);
        forEachPoint((f, s, d, p, q, i) => {
          if (a.contains({ family: f, src: BigInt(s), dst: BigInt(d), proto: p, port: q })) hits[i] = 1;
        });
        expect(diff(hits, ma)).toEqual([]);
        const first = members(ma)[0];
        const sample = a.sample();
        expect(sample).toEqual(first === undefined ? undefined : decode(first));
        if (sample !== undefined) {
          expect(a.contains(sample)).toBe(true);
          expect(a.contains({ ...sample, port: 100 })).toBe(false);
          expect(a.contains({ ...sample, family: sample.family === 4 ? 6 : 4, src: 100n })).toBe(false);
        }
      }),
      CONTAINS_RUNS,
    );
  });

  it('srcs, dsts, services projections and size', () => {
    fc.assert(
      fc.property(arbSpace, (a) => {
        const ma = model(a);
        const src: Record<Family, Set<number>> = { 4: new Set(), 6: new Set() };
        const dst: Record<Family, Set<number>> = { 4: new Set(), 6: new Set() };
        const svc = new Set<number>();
        forEachPoint((f, s, d, p, q, i) => {
          if (!ma[i]) return;
          src[f].add(s);
          dst[f].add(d);
          svc.add(p * PORT + q);
        });
        const sorted = (s: Set<number>): number[] => [...s].sort((x, y) => x - y);
        for (const f of [4, 6] as const) {
          expect(sorted(ipValues(a.srcs(), f))).toEqual(sorted(src[f]));
          expect(sorted(ipValues(a.dsts(), f))).toEqual(sorted(dst[f]));
        }
        const services = a.services();
        const got = new Set<number>();
        for (const [p, ports] of services.entries) for (const q of values(ports)) got.add(p * PORT + q);
        expect(sorted(got)).toEqual(sorted(svc));
        expect(a.size()).toBe(BigInt(count(ma)));
      }),
      RUNS,
    );
  });

  it('restrict', () => {
    fc.assert(
      fc.property(arbSpace, fc.option(arbIpSet, { nil: undefined }), fc.option(arbIpSet, { nil: undefined }), (a, s, d) => {
        const ma = model(a);
        const sv4 = s && ipValues(s, 4);
        const sv6 = s && ipValues(s, 6);
        const dv4 = d && ipValues(d, 4);
        const dv6 = d && ipValues(d, 6);
        const expected = new Uint8Array(TOTAL);
        forEachPoint((f, sv, dv, _p, _q, i) => {
          const ss = f === 4 ? sv4 : sv6;
          const ds = f === 4 ? dv4 : dv6;
          if (ma[i] && (ss === undefined || ss.has(sv)) && (ds === undefined || ds.has(dv))) expected[i] = 1;
        });
        expect(diff(model(a.restrict(s, d)), expected)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('withSrc', () => {
    fc.assert(
      fc.property(arbSpace, arbIpSet, (a, s) => {
        const ma = model(a);
        const srcOf = { 4: [...ipValues(s, 4)], 6: [...ipValues(s, 6)] };
        const expected = new Uint8Array(TOTAL);
        forEachPoint((f, _s, d, p, q, i) => {
          if (!ma[i]) return;
          for (const s2 of srcOf[f]) expected[index(f, s2, d, p, q)] = 1;
        });
        expect(diff(model(a.withSrc(s)), expected)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('fromRule and restrictServices', () => {
    const arbTerm: fc.Arbitrary<ServiceTerm> = fc.record({
      family: fc.constantFrom(4 as const, 6 as const, undefined),
      proto: arbDimSet(PROTO - 1),
      port: arbDimSet(PORT - 1),
    });
    fc.assert(
      fc.property(arbIpSet, arbIpSet, fc.array(arbTerm, { maxLength: 4 }), arbSpace, (s, d, terms, a) => {
        const srcOf = { 4: ipValues(s, 4), 6: ipValues(s, 6) };
        const dstOf = { 4: ipValues(d, 4), 6: ipValues(d, 6) };
        // hit[f][p * PORT + q]: some term of family f (or no family) holds (p, q)
        const hit = { 4: new Uint8Array(PROTO * PORT), 6: new Uint8Array(PROTO * PORT) };
        for (const t of terms) for (const p of values(t.proto)) for (const q of values(t.port)) {
          if (t.family !== 6) hit[4][p * PORT + q] = 1;
          if (t.family !== 4) hit[6][p * PORT + q] = 1;
        }
        const expected = new Uint8Array(TOTAL);
        forEachPoint((f, sv, dv, p, q, i) => {
          if (srcOf[f].has(sv) && dstOf[f].has(dv) && hit[f][p * PORT + q]) expected[i] = 1;
        });
        expect(diff(model(PacketSpace.fromRule(s, d, terms)), expected)).toEqual([]);

        const ports = ServicePorts.fromTerms(terms);
        const ma = model(a);
        const allowed = new Uint8Array(PROTO * PORT);
        for (const [p, qs] of ports.entries) for (const q of values(qs)) allowed[p * PORT + q] = 1;
        const restricted = new Uint8Array(TOTAL);
        forEachPoint((_f, _s, _d, p, q, i) => {
          if (ma[i] && allowed[p * PORT + q]) restricted[i] = 1;
        });
        expect(diff(model(a.restrictServices(ports)), restricted)).toEqual([]);
        // A ServicePorts applies to both families as it is.
        const familyless = terms.map((t) => ({ proto: t.proto, port: t.port }));
        expect(PacketSpace.fromRule(s, d, ports).equals(PacketSpace.fromRule(s, d, familyless))).toBe(true);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------

function ips(...texts: string[]): IpSet {
  return IpSet.fromTerms(
    texts.map((t): AddressTerm => {
      const r = parseAddressTerm(t);
      if ('error' in r) throw new Error(r.error);
      return r;
    }),
  );
}

function svc(...texts: string[]): ServiceTerm[] {
  return texts.flatMap((t) => {
    const r = parsePortTerm(t);
    if ('error' in r) throw new Error(r.error);
    return r;
  });
}

function addr(text: string): bigint {
  const r = parseAddressTerm(text);
  if ('error' in r) throw new Error(r.error);
  return r.lo;
}

describe('PacketSpace concrete cases', () => {
  const lan = ips('10.0.0.0/8', '2001:db8::/32');
  const dmz = ips('192.168.10.0/24');

  it('builds a rule space and finds its smallest packet', () => {
    const rule = PacketSpace.fromRule(lan, dmz, svc('tcp/443', 'tcp/80'));
    expect(rule.cubes).toHaveLength(1); // IPv4 only (dmz has no IPv6), ports merged
    expect(rule.sample()).toEqual({ family: 4, src: addr('10.0.0.0'), dst: addr('192.168.10.0'), proto: 6, port: 80 });
    expect(rule.contains({ family: 4, src: addr('10.1.2.3'), dst: addr('192.168.10.7'), proto: 6, port: 443 })).toBe(true);
    expect(rule.contains({ family: 4, src: addr('10.1.2.3'), dst: addr('192.168.10.7'), proto: 17, port: 443 })).toBe(false);
    expect(rule.services().toStrings()).toEqual(['tcp/80', 'tcp/443']);
    expect(rule.srcs().toStrings()).toEqual(['10.0.0.0/8']);
    expect(rule.dsts().toStrings()).toEqual(['192.168.10.0/24']);
    expect(rule.size()).toBe(2n ** 24n * 256n * 2n);
  });

  it('icmp applies per family', () => {
    const both = ips('10.0.0.0/8', '2001:db8::/32');
    const rule = PacketSpace.fromRule(both, both, svc('icmp'));
    expect(rule.contains({ family: 4, src: addr('10.0.0.1'), dst: addr('10.0.0.2'), proto: 1, port: 8 })).toBe(true);
    expect(rule.contains({ family: 4, src: addr('10.0.0.1'), dst: addr('10.0.0.2'), proto: 58, port: 128 })).toBe(false);
    expect(rule.contains({ family: 6, src: addr('2001:db8::1'), dst: addr('2001:db8::2'), proto: 58, port: 128 })).toBe(true);
    expect(rule.contains({ family: 6, src: addr('2001:db8::1'), dst: addr('2001:db8::2'), proto: 1, port: 8 })).toBe(false);
    const ping = PacketSpace.fromRule(both, both, svc('icmp/8'));
    expect(ping.srcs().toStrings()).toEqual(['10.0.0.0/8']);
  });

  it('keeps cube counts low', () => {
    const a = PacketSpace.fromRule(lan, dmz, svc('tcp/80'));
    const b = PacketSpace.fromRule(lan, dmz, svc('tcp/81'));
    expect(a.union(b).cubes).toHaveLength(1);
    expect(a.union(b).equals(PacketSpace.fromRule(lan, dmz, svc('tcp/80-81')))).toBe(true);
    // Neighbouring sources with the same services merge too.
    const c = PacketSpace.fromRule(ips('10.0.0.0/9'), dmz, svc('tcp/80'));
    const d = PacketSpace.fromRule(ips('10.128.0.0/9'), dmz, svc('tcp/80'));
    expect(c.union(d).cubes).toHaveLength(1);
    // Punching one packet out of everything: at most 4 slabs in that family, the other family untouched.
    const hole = PacketSpace.fromRule(ips('10.0.0.1'), ips('10.0.0.2'), svc('tcp/22'));
    const rest = PacketSpace.ANY.difference(hole);
    expect(rest.cubes.length).toBeLessThanOrEqual(5);
    expect(rest.size()).toBe(PacketSpace.ANY.size() - 1n);
    expect(rest.union(hole).equals(PacketSpace.ANY)).toBe(true);
    expect(rest.union(hole).cubes.length).toBeLessThanOrEqual(2);
    // The same service set over a list of 200 separate source hosts stays one cube.
    let many = PacketSpace.EMPTY;
    for (let k = 0; k < 200; k++) many = many.union(PacketSpace.fromRule(IpSet.of(4, BigInt(2 * k), BigInt(2 * k)), dmz, svc('tcp/25')));
    expect(many.cubes).toHaveLength(1);
    expect(many.srcs().v4.intervals).toHaveLength(200);
  });

  it('coalescing confirms hash matches with equality', () => {
    // Two different port sets with the same 32-bit hash (found by search).
    const p1 = IntervalSet.fromIntervals([[374n, 374n], [19916n, 19916n]]);
    const p2 = IntervalSet.fromIntervals([[860n, 860n], [26264n, 26264n]]);
    expect(p1.hash()).toBe(p2.hash());
    expect(p1.equals(p2)).toBe(false);
    const a = PacketSpace.product(ips('10.0.0.1'), ips('10.0.0.9'), IntervalSet.point(6n), p1);
    const b = PacketSpace.product(ips('10.0.0.2'), ips('10.0.0.9'), IntervalSet.point(6n), p2);
    for (const u of [a.union(b), b.union(a), PacketSpace.fromCubes([...a.cubes, ...b.cubes])]) {
      expect(u.cubes).toHaveLength(2);
      expect(u.contains({ family: 4, src: addr('10.0.0.1'), dst: addr('10.0.0.9'), proto: 6, port: 860 })).toBe(false);
      expect(u.size()).toBe(4n);
    }
  });

  it('withSrc merges what differed only by source', () => {
    const web = PacketSpace.fromRule(ips('10.0.0.1'), dmz, svc('tcp/443')).union(
      PacketSpace.fromRule(ips('10.0.0.7'), dmz, svc('tcp/443', 'tcp/80')),
    );
    const moved = web.withSrc(ips('172.16.0.0/12', '2001:db8::1'));
    expect(moved.cubes).toHaveLength(1);
    expect(moved.equals(PacketSpace.fromRule(ips('172.16.0.0/12'), dmz, svc('tcp/80', 'tcp/443')))).toBe(true);
    expect(web.withSrc(ips('2001:db8::1')).isEmpty()).toBe(true);
  });

  it('identity shortcuts and empty cases', () => {
    const a = PacketSpace.fromRule(lan, dmz, svc('udp/53'));
    expect(a.union(PacketSpace.EMPTY)).toBe(a);
    expect(a.difference(PacketSpace.fromRule(dmz, lan, svc('udp/53')))).toBe(a);
    expect(a.restrict(undefined, undefined)).toBe(a);
    expect(a.restrict(IpSet.ANY, IpSet.ANY)).toBe(a);
    expect(a.intersect(a)).toBe(a);
    expect(a.difference(a).isEmpty()).toBe(true);
    expect(PacketSpace.EMPTY.sample()).toBeUndefined();
    expect(PacketSpace.EMPTY.srcs().isEmpty()).toBe(true);
    expect(PacketSpace.EMPTY.services().isEmpty()).toBe(true);
    expect(PacketSpace.product(lan, ips('2001:db8::1'), PROTO_UNIVERSE, PORT_UNIVERSE).cubes.map((c) => c.family)).toEqual([6]);
    expect(PacketSpace.ANY.services().toStrings()).toEqual(['any']);
  });

  it('rejects values outside their universe', () => {
    const bad = { family: 4 as const, src: IntervalSet.of(0n, 1n << 33n), dst: IpSet.ANY.v4, proto: PROTO_UNIVERSE, port: PORT_UNIVERSE };
    expect(() => PacketSpace.cube(bad)).toThrow(RangeError);
    expect(() => PacketSpace.cube({ ...bad, src: IpSet.ANY.v4, port: IntervalSet.of(0n, 65536n) })).toThrow(RangeError);
    expect(() => PacketSpace.fromCubes([{ ...bad, src: IpSet.ANY.v4, proto: IntervalSet.point(256n) }])).toThrow(RangeError);
  });
});

describe('difference of many cubes by many', () => {
  // Zones' worth of traffic: sources in several /24 blocks (and the occasional wide one), so that most cube
  // pairs lie apart; checked packet by packet on the corners and middles of every cube.
  const block = fc.integer({ min: 0, max: 5 });
  const arbRange = fc.tuple(block, fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 40 })).map(([b, lo, len]): Interval => {
    const start = BigInt(0x0a000000 + b * 256 + lo);
    return [start, start + BigInt(len)];
  });
  const arbWide = fc.constant<Interval>([0x0a000000n, 0x0a0005ffn]);
  const arbBigCube: fc.Arbitrary<Cube> = fc.record({
    family: fc.constant(4 as const),
    src: fc.oneof({ weight: 9, arbitrary: arbRange }, { weight: 1, arbitrary: arbWide }).map((iv) => IntervalSet.fromIntervals([iv])),
    dst: fc.oneof(arbRange, arbWide).map((iv) => IntervalSet.fromIntervals([iv])),
    proto: fc.constantFrom(6n, 17n).map((p) => IntervalSet.point(p)),
    port: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 20 })).map(([lo, len]) => IntervalSet.of(BigInt(lo), BigInt(lo + len))),
  });
  const arbBig = fc.array(arbBigCube, { minLength: 70, maxLength: 90 }).map((cs) => PacketSpace.fromCubes(cs));
  const probes = (spaces: PacketSpace[]): Packet[] =>
    spaces.flatMap((s) =>
      s.cubes.flatMap((c) =>
        [(x: IntervalSet) => x.min()!, (x: IntervalSet) => x.max()!, (x: IntervalSet) => (x.min()! + x.max()!) / 2n].map((pick) => ({ family: c.family, src: pick(c.src), dst: pick(c.dst), proto: Number(pick(c.proto)), port: Number(pick(c.port)) })),
      ),
    );

  it('keeps exactly the packets of the first space in none of the second', () => {
    let large = 0;
    fc.assert(
      fc.property(arbBig, arbBig, (a, b) => {
        if (a.cubes.length * b.cubes.length >= 4096) large++;
        const d = a.difference(b);
        for (const p of probes([a, b])) expect([p, d.contains(p)]).toEqual([p, a.contains(p) && !b.contains(p)]);
        expect(d.overlaps(b)).toBe(false);
        // Traffic arriving again, cut the same way: the subtrahends hold the cubes as they are.
        const both = a.union(b);
        expect(a.difference(both).isEmpty()).toBe(true);
        const again = both.difference(a);
        for (const p of probes([a, b])) expect([p, again.contains(p)]).toEqual([p, b.contains(p) && !a.contains(p)]);
      }),
      { numRuns: 40 },
    );
    expect(large).toBeGreaterThan(20);
  });
});
