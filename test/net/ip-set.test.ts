/** IpSet: concrete cases and properties against a model set of "family:value" strings. */
import fc from 'fast-check';
import { Interval, IntervalSet } from '../../src/net/interval-set';
import { ADDRESS_MAX, AddressTerm, Family, parseAddressTerm } from '../../src/net/ip';
import { IpSet } from '../../src/net/ip-set';

const RUNS = { numRuns: 300 };
const U = 31;

function t(text: string): AddressTerm {
  const r = parseAddressTerm(text);
  if ('error' in r) throw new Error(r.error);
  return r;
}

function set(...texts: string[]): IpSet {
  return IpSet.fromTerms(texts.map(t));
}

const arbFamilySet: fc.Arbitrary<IntervalSet> = fc
  .array(
    fc
      .tuple(fc.integer({ min: 0, max: U }), fc.integer({ min: 0, max: 6 }))
      .map(([a, l]): Interval => [BigInt(a), BigInt(Math.min(U, a + l))]),
    { maxLength: 4 },
  )
  .map((l) => IntervalSet.fromIntervals(l));
// Family-6 values are shifted high so that IPv4 and IPv6 values never coincide numerically.
const V6_BASE = 1n << 100n;
const arbIpSet: fc.Arbitrary<IpSet> = fc
  .tuple(arbFamilySet, arbFamilySet)
  .map(([a, b]) => IpSet.from(a, IntervalSet.fromIntervals(b.intervals.map(([lo, hi]) => [lo + V6_BASE, hi + V6_BASE]))));

function model(s: IpSet): Set<string> {
  const m = new Set<string>();
  for (const f of [4, 6] as const) for (const [lo, hi] of s.family(f).intervals) for (let x = lo; x <= hi; x++) m.add(`${f}:${x}`);
  return m;
}

function same(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

describe('IpSet concrete cases', () => {
  it('ANY and EMPTY', () => {
    expect(IpSet.ANY.size()).toBe(ADDRESS_MAX[4] + 1n + ADDRESS_MAX[6] + 1n);
    expect(IpSet.ANY.toStrings()).toEqual(['0.0.0.0/0', '::/0']);
    expect(IpSet.EMPTY.isEmpty()).toBe(true);
    expect(IpSet.EMPTY.toStrings()).toEqual([]);
    expect(IpSet.ANY.covers(set('10.0.0.0/8', '2001:db8::/32'))).toBe(true);
  });

  it('of validates bounds and treats lo > hi as empty', () => {
    expect(IpSet.of(4, 5n, 4n).isEmpty()).toBe(true);
    expect(() => IpSet.of(4, 0n, ADDRESS_MAX[4] + 1n)).toThrow(RangeError);
    expect(() => IpSet.of(6, -1n, 0n)).toThrow(RangeError);
    expect(() => IpSet.from(IntervalSet.of(0n, 1n << 40n), IntervalSet.EMPTY)).toThrow(RangeError);
    expect(IpSet.of(6, 0n, ADDRESS_MAX[6]).equals(IpSet.anyOf(6))).toBe(true);
  });

  it('set algebra on real addresses', () => {
    const a = set('10.0.0.0/8', '2001:db8::/32');
    const b = set('10.1.0.0/16', '192.168.0.1');
    expect(a.intersect(b).toStrings()).toEqual(['10.1.0.0/16']);
    expect(a.difference(b).toStrings()).toEqual(['10.0.0.0/16', '10.2.0.0-10.255.255.255', '2001:db8::/32']);
    expect(a.union(b).toStrings()).toEqual(['10.0.0.0/8', '192.168.0.1', '2001:db8::/32']);
    expect(a.contains(4, t('10.200.0.1').lo)).toBe(true);
    expect(a.contains(6, t('10.200.0.1').lo)).toBe(false);
    expect(a.overlaps(b)).toBe(true);
    expect(a.overlaps(set('11.0.0.0/8'))).toBe(false);
    expect(a.family(6).equals(IntervalSet.of(t('2001:db8::/32').lo, t('2001:db8::/32').hi))).toBe(true);
  });

  it('toStrings prints v4 first, merges adjacent terms, and truncates with "+N more"', () => {
    const s = set('2001:db8::1', '10.0.0.5', '10.0.0.1-10.0.0.3', '10.0.0.4', '172.16.0.0/12', '192.168.1.1');
    expect(s.toStrings()).toEqual(['10.0.0.1-10.0.0.5', '172.16.0.0/12', '192.168.1.1', '2001:db8::1']);
    expect(s.toStrings(4)).toEqual(['10.0.0.1-10.0.0.5', '172.16.0.0/12', '192.168.1.1', '2001:db8::1']);
    expect(s.toStrings(3)).toEqual(['10.0.0.1-10.0.0.5', '172.16.0.0/12', '+2 more']);
    expect(s.toStrings(1)).toEqual(['+4 more']);
  });
});

describe('IpSet properties', () => {
  it('union, intersect, difference, covers, overlaps, equals, size, contains', () => {
    fc.assert(
      fc.property(arbIpSet, arbIpSet, fc.boolean(), (a, b0, sub) => {
        const b = sub ? a.intersect(b0) : b0;
        const ma = model(a);
        const mb = model(b);
        expect(same(model(a.union(b)), new Set([...ma, ...mb]))).toBe(true);
        expect(same(model(a.intersect(b)), new Set([...ma].filter((x) => mb.has(x))))).toBe(true);
        expect(same(model(a.difference(b)), new Set([...ma].filter((x) => !mb.has(x))))).toBe(true);
        expect(a.covers(b)).toBe([...mb].every((x) => ma.has(x)));
        expect(a.overlaps(b)).toBe([...mb].some((x) => ma.has(x)));
        expect(a.equals(b)).toBe(same(ma, mb));
        expect(a.size()).toBe(BigInt(ma.size));
        expect(a.isEmpty()).toBe(ma.size === 0);
        for (const f of [4, 6] as Family[]) {
          const base = f === 4 ? 0n : V6_BASE;
          const hits: bigint[] = [];
          for (let x = base; x <= base + BigInt(U); x++) if (a.contains(f, x)) hits.push(x);
          const expected = [...ma]
            .filter((k) => k.startsWith(`${f}:`))
            .map((k) => BigInt(k.slice(2)))
            .sort((p, q) => (p < q ? -1 : 1));
          expect(hits).toEqual(expected);
        }
      }),
      RUNS,
    );
  });

  it('toStrings lists every interval (up to the limit) and the terms parse back to the set', () => {
    fc.assert(
      fc.property(arbIpSet, fc.integer({ min: 1, max: 6 }), (a, limit) => {
        const all = a.toStrings();
        expect(all).toHaveLength(a.v4.intervals.length + a.v6.intervals.length);
        expect(IpSet.fromTerms(all.map(t)).equals(a)).toBe(true);
        const cut = a.toStrings(limit);
        if (all.length <= limit) expect(cut).toEqual(all);
        else expect(cut).toEqual([...all.slice(0, limit - 1), `+${all.length - limit + 1} more`]);
      }),
      RUNS,
    );
  });
});
