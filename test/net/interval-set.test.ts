/** IntervalSet: concrete cases and properties against a JS Set<bigint> model on the universe 0..63. */
import fc from 'fast-check';
import { Interval, IntervalSet } from '../../src/net/interval-set';

const U = 63;
const RUNS = { numRuns: 300 };

const arbInterval: fc.Arbitrary<Interval> = fc
  .tuple(fc.integer({ min: 0, max: U }), fc.integer({ min: 0, max: U }), fc.integer({ min: 0, max: 12 }))
  // Mostly short intervals (so sets have several pieces), sometimes arbitrary (possibly lo > hi: empty).
  .map(([a, b, len]) => (len < 10 ? [BigInt(a), BigInt(Math.min(U, a + len))] : [BigInt(a), BigInt(b)]) as Interval);
const arbList = fc.array(arbInterval, { maxLength: 7 });
const arbSet = arbList.map((l) => IntervalSet.fromIntervals(l));

function modelOfList(list: readonly Interval[]): Set<bigint> {
  const s = new Set<bigint>();
  for (const [lo, hi] of list) for (let x = lo; x <= hi; x++) s.add(x);
  return s;
}

function model(s: IntervalSet): Set<bigint> {
  return modelOfList(s.intervals);
}

function sorted(s: Set<bigint>): bigint[] {
  return [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function expectCanonical(s: IntervalSet): void {
  const bad = s.intervals.filter(([lo, hi], k) => lo > hi || (k > 0 && lo <= s.intervals[k - 1]![1] + 1n));
  expect(bad).toEqual([]);
}

function expectModel(s: IntervalSet, m: Set<bigint>): void {
  expectCanonical(s);
  expect(sorted(model(s))).toEqual(sorted(m));
}

describe('IntervalSet concrete cases', () => {
  it('of / EMPTY', () => {
    expect(IntervalSet.of(5n, 4n).isEmpty()).toBe(true);
    expect(IntervalSet.of(5n, 4n)).toBe(IntervalSet.EMPTY);
    expect(IntervalSet.of(3n, 3n).intervals).toEqual([[3n, 3n]]);
    expect(IntervalSet.EMPTY.size()).toBe(0n);
    expect(IntervalSet.EMPTY.min()).toBeUndefined();
    expect(IntervalSet.EMPTY.max()).toBeUndefined();
  });

  it('fromIntervals sorts, merges overlapping and adjacent intervals, drops empty ones', () => {
    const s = IntervalSet.fromIntervals([
      [10n, 12n],
      [1n, 2n],
      [3n, 4n],
      [11n, 20n],
      [30n, 29n],
      [22n, 22n],
    ]);
    expect(s.intervals).toEqual([
      [1n, 4n],
      [10n, 20n],
      [22n, 22n],
    ]);
    expect(s.size()).toBe(4n + 11n + 1n);
    expect(s.min()).toBe(1n);
    expect(s.max()).toBe(22n);
  });

  it('does not alias the caller array', () => {
    const list: Interval[] = [[1n, 2n]];
    const s = IntervalSet.fromIntervals(list);
    list.push([5n, 6n]);
    expect(s.intervals).toEqual([[1n, 2n]]);
  });

  it('works with 128-bit values', () => {
    const max = (1n << 128n) - 1n;
    const all = IntervalSet.of(0n, max);
    const hole = IntervalSet.of(1n << 127n, 1n << 127n);
    const d = all.difference(hole);
    expect(d.intervals).toEqual([
      [0n, (1n << 127n) - 1n],
      [(1n << 127n) + 1n, max],
    ]);
    expect(d.size()).toBe(max);
    expect(d.complement(0n, max).equals(hole)).toBe(true);
    expect(d.union(hole).equals(all)).toBe(true);
  });

  it('complement within a universe', () => {
    const s = IntervalSet.fromIntervals([
      [2n, 3n],
      [7n, 9n],
    ]);
    expect(s.complement(0n, 10n).intervals).toEqual([
      [0n, 1n],
      [4n, 6n],
      [10n, 10n],
    ]);
    expect(s.complement(3n, 8n).intervals).toEqual([[4n, 6n]]);
    expect(s.complement(7n, 9n).isEmpty()).toBe(true);
    expect(s.complement(5n, 4n).isEmpty()).toBe(true);
  });

  it('keeps identity when an operation changes nothing', () => {
    const a = IntervalSet.fromIntervals([
      [1n, 5n],
      [10n, 12n],
    ]);
    const b = IntervalSet.of(0n, 20n);
    expect(a.union(IntervalSet.of(2n, 3n))).toBe(a);
    expect(a.intersect(b)).toBe(a);
    expect(a.difference(IntervalSet.of(6n, 9n))).toBe(a);
    expect(b.union(a)).toBe(b);
  });

  it('key distinguishes sets and matches equal ones', () => {
    const a = IntervalSet.fromIntervals([
      [1n, 5n],
      [7n, 7n],
    ]);
    expect(a.key()).toBe('1-5,7');
    expect(IntervalSet.fromIntervals([[7n, 7n], [1n, 3n], [4n, 5n]]).key()).toBe(a.key());
    expect(IntervalSet.of(1n, 57n).key()).not.toBe(a.key());
  });
});

describe('IntervalSet properties (model: Set<bigint> over 0..63)', () => {
  it('fromIntervals is canonical and holds exactly the listed values', () => {
    fc.assert(
      fc.property(arbList, (l) => {
        expectModel(IntervalSet.fromIntervals(l), modelOfList(l));
      }),
      RUNS,
    );
  });

  it('union, intersect, difference', () => {
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        const ma = model(a);
        const mb = model(b);
        expectModel(a.union(b), new Set([...ma, ...mb]));
        expectModel(a.intersect(b), new Set([...ma].filter((x) => mb.has(x))));
        expectModel(a.difference(b), new Set([...ma].filter((x) => !mb.has(x))));
      }),
      RUNS,
    );
  });

  it('unionAll equals folding union', () => {
    fc.assert(
      fc.property(fc.array(arbSet, { maxLength: 5 }), (sets) => {
        const folded = sets.reduce((acc, s) => acc.union(s), IntervalSet.EMPTY);
        expect(IntervalSet.unionAll(sets).equals(folded)).toBe(true);
      }),
      RUNS,
    );
  });

  it('complement within [lo, hi]', () => {
    fc.assert(
      fc.property(arbSet, fc.integer({ min: 0, max: U }), fc.integer({ min: 0, max: U }), (a, x, y) => {
        const [lo, hi] = [BigInt(Math.min(x, y)), BigInt(Math.max(x, y))];
        const ma = model(a);
        const m = new Set<bigint>();
        for (let v = lo; v <= hi; v++) if (!ma.has(v)) m.add(v);
        expectModel(a.complement(lo, hi), m);
      }),
      RUNS,
    );
  });

  it('contains, size, min, max', () => {
    fc.assert(
      fc.property(arbSet, (a) => {
        const ma = model(a);
        const got: bigint[] = [];
        for (let x = -1n; x <= BigInt(U) + 1n; x++) if (a.contains(x)) got.push(x);
        expect(got).toEqual(sorted(ma));
        expect(a.size()).toBe(BigInt(ma.size));
        const s = sorted(ma);
        expect(a.min()).toBe(s[0]);
        expect(a.max()).toBe(s[s.length - 1]);
        expect(a.isEmpty()).toBe(ma.size === 0);
      }),
      RUNS,
    );
  });

  it('covers, overlaps, equals, key', () => {
    fc.assert(
      fc.property(arbSet, arbSet, fc.boolean(), (a, b0, sub) => {
        // Half of the time b is a subset of a, so that `covers` is exercised on both outcomes.
        const b = sub ? a.intersect(b0) : b0;
        const ma = model(a);
        const mb = model(b);
        expect(a.covers(b)).toBe([...mb].every((x) => ma.has(x)));
        expect(a.overlaps(b)).toBe([...mb].some((x) => ma.has(x)));
        const eq = ma.size === mb.size && [...mb].every((x) => ma.has(x));
        expect(a.equals(b)).toBe(eq);
        expect(a.key() === b.key()).toBe(eq);
      }),
      RUNS,
    );
  });

  it('equals recognises the same set built another way', () => {
    fc.assert(
      fc.property(arbSet, arbSet, (a, x) => {
        const rebuilt = a.difference(x).union(a.intersect(x));
        expect(rebuilt.equals(a)).toBe(true);
        const pieces = [...a.intervals].reverse().flatMap(([lo, hi]): Interval[] =>
          lo < hi ? [[lo + 1n, hi], [lo, lo]] : [[lo, hi]],
        );
        expect(IntervalSet.fromIntervals(pieces).equals(a)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('IntervalSet on values of 2^53 and more (kept as bigints) and across that line', () => {
  // Shifting the universe 0..63 so that it straddles 2^53 (or lies far above it) must not change any
  // result: sets wholly below are kept as numbers, the others as bigints, and operations mix both kinds.
  const arbOffset = fc.constantFrom(2n ** 53n - 32n, 2n ** 53n - 64n, 2n ** 53n, 2n ** 120n);
  const shift = (s: IntervalSet, by: bigint): IntervalSet => IntervalSet.fromIntervals(s.intervals.map(([lo, hi]): Interval => [lo + by, hi + by]));

  it('union, intersect, difference, complement and the tests commute with the shift', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbOffset, (a, b, by) => {
        const [sa, sb] = [shift(a, by), shift(b, by)];
        expect(sa.union(sb).equals(shift(a.union(b), by))).toBe(true);
        expect(sa.intersect(sb).equals(shift(a.intersect(b), by))).toBe(true);
        expect(sa.difference(sb).equals(shift(a.difference(b), by))).toBe(true);
        expect(sa.complement(by, by + BigInt(U)).equals(shift(a.complement(0n, BigInt(U)), by))).toBe(true);
        expect(IntervalSet.unionAll([sa, sb, shift(a.intersect(b), by)]).equals(shift(a.union(b), by))).toBe(true);
        expect(sa.covers(sb)).toBe(a.covers(b));
        expect(sa.overlaps(sb)).toBe(a.overlaps(b));
        expect(sa.equals(sb)).toBe(a.equals(b));
        expect(sa.size()).toBe(a.size());
        expect(sa.min()).toBe(a.min() === undefined ? undefined : a.min()! + by);
        expect(sa.max()).toBe(a.max() === undefined ? undefined : a.max()! + by);
        // The ends as doubles are read from the bounds, rounded the same way as the bigints they stand for.
        expect(sa.lowest()).toBe(a.min() === undefined ? NaN : Number(a.min()! + by));
        expect(sa.highest()).toBe(a.max() === undefined ? NaN : Number(a.max()! + by));
        const visited: Interval[] = [];
        sa.forEachInterval((lo, hi) => visited.push([lo, hi]));
        expect(visited).toEqual(sa.intervals);
        for (let x = 0n; x <= BigInt(U); x++) expect(sa.contains(x + by)).toBe(a.contains(x));
        for (let m = 0n; m <= BigInt(U); m += 7n) expect(sa.atMost(m + by)).toBe(a.max() === undefined || a.max()! <= m);
        expectCanonical(sa.union(sb));
      }),
      RUNS,
    );
  });

  it('equal sets have equal keys and hashes whichever way they were built', () => {
    fc.assert(
      fc.property(arbSet, arbSet, arbOffset, (a, b, by) => {
        const direct = shift(a, by);
        const built = shift(a.difference(b), by).union(shift(a.intersect(b), by));
        expect(built.equals(direct)).toBe(true);
        expect(built.key()).toBe(direct.key());
        expect(built.hash()).toBe(direct.hash());
      }),
      RUNS,
    );
  });

  it('keeps identity when an operation changes nothing', () => {
    const big = IntervalSet.of(2n ** 64n, 2n ** 64n + 10n);
    const small = IntervalSet.of(5n, 9n);
    expect(big.union(IntervalSet.EMPTY)).toBe(big);
    expect(big.union(IntervalSet.of(2n ** 64n + 2n, 2n ** 64n + 3n))).toBe(big);
    expect(big.intersect(IntervalSet.of(0n, 2n ** 65n))).toBe(big);
    expect(big.difference(small)).toBe(big);
    expect(small.intersect(IntervalSet.of(0n, 100n))).toBe(small);
  });
});
