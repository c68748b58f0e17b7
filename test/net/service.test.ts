/** Service terms and ServicePorts: parsing, readable strings, and set algebra against a pair-set model. */
import fc from 'fast-check';
import { Interval, IntervalSet } from '../../src/net/interval-set';
import { parsePortTerm, PORT_UNIVERSE, PROTO_UNIVERSE, ServicePorts, ServiceTerm } from '../../src/net/service';

const RUNS = { numRuns: 300 };

function terms(text: string): ServiceTerm[] {
  const r = parsePortTerm(text);
  if ('error' in r) throw new Error(`unexpected error for ${text}: ${r.error}`);
  return r;
}

function errorOf(text: string): string {
  const r = parsePortTerm(text);
  if (!('error' in r)) throw new Error(`expected an error for ${text}`);
  return r.error;
}

function sp(...texts: string[]): ServicePorts {
  return ServicePorts.fromTerms(texts.flatMap(terms));
}

/** Terms in a plain comparable form. */
function plain(ts: readonly ServiceTerm[]): { family?: number; proto: string; port: string }[] {
  return ts.map((x) => ({ ...(x.family !== undefined ? { family: x.family } : {}), proto: x.proto.key(), port: x.port.key() }));
}

describe('parsePortTerm', () => {
  it('parses port protocols', () => {
    expect(plain(terms('tcp/25'))).toEqual([{ proto: '6', port: '25' }]);
    expect(plain(terms('udp/53'))).toEqual([{ proto: '17', port: '53' }]);
    expect(plain(terms('tcp/8000-8080'))).toEqual([{ proto: '6', port: '8000-8080' }]);
    expect(plain(terms('tcp'))).toEqual([{ proto: '6', port: '0-65535' }]);
    expect(plain(terms('sctp/2905'))).toEqual([{ proto: '132', port: '2905' }]);
    expect(plain(terms(' TCP/0 '))).toEqual([{ proto: '6', port: '0' }]);
    expect(plain(terms('tcp/65535'))).toEqual([{ proto: '6', port: '65535' }]);
  });

  it('parses ICMP with family tags', () => {
    expect(plain(terms('icmp'))).toEqual([
      { family: 4, proto: '1', port: '0-65535' },
      { family: 6, proto: '58', port: '0-65535' },
    ]);
    expect(plain(terms('icmp/8'))).toEqual([{ family: 4, proto: '1', port: '8' }]);
    expect(plain(terms('icmp/0-3'))).toEqual([{ family: 4, proto: '1', port: '0-3' }]);
    expect(plain(terms('icmpv6/128'))).toEqual([{ family: 6, proto: '58', port: '128' }]);
    expect(plain(terms('icmpv6'))).toEqual([{ family: 6, proto: '58', port: '0-65535' }]);
    expect(plain(terms('ipv6-icmp/135'))).toEqual([{ family: 6, proto: '58', port: '135' }]);
    // Type 255 stands for the rest of the port dimension, so that "icmp/0-255" is "icmp".
    expect(plain(terms('icmp/255'))).toEqual([{ family: 4, proto: '1', port: '255-65535' }]);
    expect(plain(terms('icmp/0-255'))).toEqual([{ family: 4, proto: '1', port: '0-65535' }]);
  });

  it('parses any, named and numbered protocols', () => {
    expect(plain(terms('any'))).toEqual([{ proto: '0-255', port: '0-65535' }]);
    expect(plain(terms('gre'))).toEqual([{ proto: '47', port: '0-65535' }]);
    expect(plain(terms('esp'))).toEqual([{ proto: '50', port: '0-65535' }]);
    expect(plain(terms('ah'))).toEqual([{ proto: '51', port: '0-65535' }]);
    expect(plain(terms('proto/47'))).toEqual([{ proto: '47', port: '0-65535' }]);
    expect(plain(terms('proto/2-5'))).toEqual([{ proto: '2-5', port: '0-65535' }]);
  });

  it('reports precise errors', () => {
    expect(errorOf('tcp/70000')).toBe('port 70000 out of range (0-65535)');
    expect(errorOf('tcp/20-10')).toBe('port range start 20 is after its end 10');
    expect(errorOf('foo/1')).toMatch(/^unknown protocol "foo"/);
    expect(errorOf('tcp/abc')).toBe('port "abc" is not a decimal number');
    expect(errorOf('tcp/')).toBe('missing port');
    expect(errorOf('tcp/1-')).toBe('port "" is not a decimal number');
    expect(errorOf('icmp/256')).toBe('ICMP type 256 out of range (0-255)');
    expect(errorOf('proto/256')).toBe('protocol number 256 out of range (0-255)');
    expect(errorOf('proto')).toBe('missing protocol number after "proto/"');
    expect(errorOf('gre/5')).toContain('"gre" takes no port or type');
    expect(errorOf('any/5')).toContain('"any" takes no port or type');
    expect(errorOf('')).toBe('empty service');
  });
});

describe('ServicePorts concrete cases', () => {
  it('toStrings', () => {
    expect(ServicePorts.ANY.toStrings()).toEqual(['any']);
    expect(sp('any').toStrings()).toEqual(['any']);
    expect(ServicePorts.EMPTY.toStrings()).toEqual([]);
    expect(sp('tcp/80', 'tcp/25', 'tcp/81', 'udp/53').toStrings()).toEqual(['tcp/25', 'tcp/80-81', 'udp/53']);
    expect(sp('tcp', 'tcp/25').toStrings()).toEqual(['tcp']);
    expect(sp('udp', 'icmp/8', 'tcp/8000-8080').toStrings()).toEqual(['icmp/8', 'tcp/8000-8080', 'udp']);
    expect(sp('icmp').toStrings()).toEqual(['icmp', 'icmpv6']);
    expect(sp('icmp/0-255').toStrings()).toEqual(['icmp']);
    expect(sp('icmp').difference(sp('icmp/8')).toStrings()).toEqual(['icmp/0-7', 'icmp/9-255', 'icmpv6']);
    expect(sp('icmpv6/128-129').toStrings()).toEqual(['icmpv6/128-129']);
    expect(sp('gre', 'esp', 'ah', 'proto/200').toStrings()).toEqual(['proto/47', 'proto/50-51', 'proto/200']);
    expect(sp('sctp/1-2').toStrings()).toEqual(['sctp/1-2']);
    expect(ServicePorts.ANY.difference(sp('tcp')).toStrings()).toEqual([
      'proto/0',
      'icmp',
      'proto/2-5',
      'proto/7-16',
      'udp',
      'proto/18-57',
      'icmpv6',
      'proto/59-131',
      'sctp',
      'proto/133-255',
    ]);
    expect(ServicePorts.ANY.difference(sp('tcp/22')).toStrings().slice(0, 5)).toEqual([
      'proto/0',
      'icmp',
      'proto/2-5',
      'tcp/0-21',
      'tcp/23-65535',
    ]);
    // A non-port protocol restricted to some port values (only reachable by construction).
    const odd = ServicePorts.fromTerms([{ proto: IntervalSet.point(47n), port: IntervalSet.fromIntervals([[5n, 10n], [12n, 12n]]) }]);
    expect(odd.toStrings()).toEqual(['proto/47:5-10,12']);
  });

  it('treats ICMP with all types 0-255 as complete when deciding "any"', () => {
    const anyButHighIcmp = ServicePorts.ANY.difference(
      ServicePorts.fromTerms([{ proto: IntervalSet.point(1n), port: IntervalSet.of(256n, 65535n) }]),
    );
    expect(anyButHighIcmp.equals(ServicePorts.ANY)).toBe(false);
    expect(anyButHighIcmp.toStrings()).toEqual(['any']);
  });

  it('algebra, ports, protocols, toTerms', () => {
    const web = sp('tcp/80', 'tcp/443');
    const mail = sp('tcp/25', 'tcp/465', 'tcp/587');
    expect(web.union(mail).ports(6).key()).toBe('25,80,443,465,587');
    expect(web.intersect(mail).isEmpty()).toBe(true);
    expect(sp('tcp').covers(web)).toBe(true);
    expect(web.covers(sp('tcp'))).toBe(false);
    expect(web.overlaps(sp('tcp/443-500'))).toBe(true);
    expect(web.ports(17).isEmpty()).toBe(true);
    expect(sp('udp', 'tcp', 'gre').protocols().key()).toBe('6,17,47');
    expect(plain(sp('udp', 'tcp', 'gre', 'icmp/3').toTerms())).toEqual([
      { proto: '1', port: '3' },
      { proto: '6,17,47', port: '0-65535' },
    ]);
    expect(ServicePorts.ANY.toTerms().map((x) => [x.proto.key(), x.port.key()])).toEqual([['0-255', '0-65535']]);
    expect(() => ServicePorts.fromTerms([{ proto: IntervalSet.point(256n), port: PORT_UNIVERSE }])).toThrow(RangeError);
    expect(() => ServicePorts.fromTerms([{ proto: PROTO_UNIVERSE, port: IntervalSet.point(65536n) }])).toThrow(RangeError);
  });
});

// Model universe: protocols 0..7 × ports 0..7 (a pair is encoded as proto * 8 + port).
const N = 8;
const arbSmall = (max: number): fc.Arbitrary<IntervalSet> =>
  fc
    .array(
      fc
        .tuple(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 3 }))
        .map(([a, l]): Interval => [BigInt(a), BigInt(Math.min(max, a + l))]),
      { minLength: 0, maxLength: 2 },
    )
    .map((l) => IntervalSet.fromIntervals(l));
const arbTerm: fc.Arbitrary<ServiceTerm> = fc.record({
  family: fc.constantFrom(4 as const, 6 as const, undefined),
  proto: arbSmall(N - 1),
  port: arbSmall(N - 1),
});
const arbPorts = fc.array(arbTerm, { maxLength: 5 }).map((ts) => ServicePorts.fromTerms(ts));

function modelOfTerms(ts: readonly ServiceTerm[]): Set<number> {
  const m = new Set<number>();
  for (const x of ts) for (const [plo, phi] of x.proto.intervals) for (let p = plo; p <= phi; p++) {
    for (const [lo, hi] of x.port.intervals) for (let q = lo; q <= hi; q++) m.add(Number(p) * N + Number(q));
  }
  return m;
}

function model(s: ServicePorts): Set<number> {
  return modelOfTerms(s.entries.map(([p, port]) => ({ proto: IntervalSet.point(BigInt(p)), port })));
}

function sorted(m: Set<number>): number[] {
  return [...m].sort((a, b) => a - b);
}

describe('ServicePorts properties (model: set of (proto, port) pairs over 0..7 × 0..7)', () => {
  it('fromTerms is canonical and holds exactly the terms, family ignored', () => {
    // A single term (the usual rule) takes a path of its own: it is drawn as often as a list.
    fc.assert(
      fc.property(fc.oneof(fc.array(arbTerm, { maxLength: 5 }), arbTerm.map((t) => [t])), (ts) => {
        const s = ServicePorts.fromTerms(ts);
        expect(sorted(model(s))).toEqual(sorted(modelOfTerms(ts)));
        const protos = s.entries.map(([p]) => p);
        expect(protos).toEqual([...new Set(protos)].sort((a, b) => a - b));
        expect(s.entries.every(([, port]) => !port.isEmpty())).toBe(true);
        expect(s.size()).toBe(BigInt(modelOfTerms(ts).size));
      }),
      RUNS,
    );
  });

  it('union, intersect, difference, equals, covers, overlaps', () => {
    fc.assert(
      fc.property(arbPorts, arbPorts, fc.boolean(), (a, b0, sub) => {
        const b = sub ? a.intersect(b0) : b0;
        const ma = model(a);
        const mb = model(b);
        expect(sorted(model(a.union(b)))).toEqual(sorted(new Set([...ma, ...mb])));
        expect(sorted(model(a.intersect(b)))).toEqual(sorted(ma).filter((x) => mb.has(x)));
        expect(sorted(model(a.difference(b)))).toEqual(sorted(ma).filter((x) => !mb.has(x)));
        const eq = ma.size === mb.size && [...ma].every((x) => mb.has(x));
        expect(a.equals(b)).toBe(eq);
        expect(a.covers(b)).toBe([...mb].every((x) => ma.has(x)));
        expect(a.overlaps(b)).toBe([...mb].some((x) => ma.has(x)));
        expect(a.isEmpty()).toBe(ma.size === 0);
        const viaPorts: number[] = [];
        for (let p = 0; p < N; p++) for (const [lo, hi] of a.ports(p).intervals) for (let q = lo; q <= hi; q++) viaPorts.push(p * N + Number(q));
        expect(viaPorts).toEqual(sorted(ma));
      }),
      RUNS,
    );
  });

  it('toTerms gives disjoint protocol groups that rebuild the set', () => {
    fc.assert(
      fc.property(arbPorts, (a) => {
        const ts = a.toTerms();
        expect(ServicePorts.fromTerms(ts).equals(a)).toBe(true);
        const totalProtos = ts.reduce((n, x) => n + x.proto.size(), 0n);
        expect(IntervalSet.unionAll(ts.map((x) => x.proto)).size()).toBe(totalProtos);
        expect(new Set(ts.map((x) => x.port.key())).size).toBe(ts.length);
      }),
      RUNS,
    );
  });

  it('toStrings parses back to the same set', () => {
    const arbText = fc.oneof(
      fc.constantFrom('tcp', 'udp', 'sctp', 'gre', 'esp', 'ah', 'any'),
      fc
        .tuple(fc.constantFrom('tcp', 'udp', 'sctp'), fc.nat(65535), fc.nat(30))
        .map(([n, lo, l]) => `${n}/${lo}-${Math.min(65535, lo + l)}`),
      fc.tuple(fc.constantFrom('icmp', 'icmpv6'), fc.nat(254), fc.nat(5)).map(([n, lo, l]) => `${n}/${lo}-${Math.min(254, lo + l)}`),
      fc.tuple(fc.nat(255), fc.nat(4)).map(([lo, l]) => `proto/${lo}-${Math.min(255, lo + l)}`),
    );
    fc.assert(
      fc.property(fc.array(arbText, { maxLength: 5 }), fc.array(arbText, { maxLength: 2 }), (add, remove) => {
        const s = sp(...add).difference(sp(...remove.filter((x) => !/^(tcp|udp|sctp|gre|esp|ah|any)$/.test(x))));
        const back = sp(...s.toStrings());
        // "icmp" prints ICMPv4 alone but parses as ICMPv4 + ICMPv6 (and "icmpv6" is ICMPv6 alone).
        const full = (p: number): ServicePorts =>
          ServicePorts.fromTerms([{ proto: IntervalSet.point(BigInt(p)), port: PORT_UNIVERSE }]);
        const expected = s.ports(1).equals(PORT_UNIVERSE) ? s.union(full(58)) : s;
        expect(back.equals(expected)).toBe(true);
      }),
      RUNS,
    );
  });
});
