/**
 * Immutable, canonical sets of non-negative integers stored as sorted, merged intervals. Every binary
 * operation is a single linear merge over the two sorted interval lists.
 *
 * Values are bigints at the interface (an IPv6 address needs 128 bits) but numbers inside wherever they fit:
 * a set whose values are all below 2^53 (every IPv4 address, port and protocol) keeps its bounds as doubles,
 * which compare without allocating. Other sets keep bigints. Bounds are half-open, so the merges only
 * compare and copy values; each merge exists for numbers and for bigints, the same text with other types, so
 * that the engine keeps the number one specialised to doubles (one function seeing both kinds runs about
 * twice as slow).
 */

import { doubleList, doublePair } from './lists';

/** An inclusive interval `[lo, hi]` with `lo <= hi`. */
export type Interval = readonly [lo: bigint, hi: bigint];

/**
 * Half-open bounds, flat: `[lo0, end0, lo1, end1, …]` for the intervals `[lo_k, end_k)`, canonical:
 * `lo_k < end_k < lo_(k+1)` (intervals neither overlap nor touch).
 */
type Bounds = readonly number[];
type BigBounds = readonly bigint[];

/** Ends up to this are exact as doubles (every value below it is a safe integer). */
const NUMBER_LIMIT = 2 ** 53;
const BIG_NUMBER_LIMIT = BigInt(NUMBER_LIMIT);

/** FNV-style mixing of a non-negative integer, 32 bits at a time, into a 32-bit hash (same for both kinds). */
function mixBigint(h: number, x: bigint): number {
  do {
    h = Math.imul(h ^ Number(BigInt.asUintN(32, x)), 0x01000193);
    x >>= 32n;
  } while (x !== 0n);
  return h;
}

function mixNumber(h: number, x: number): number {
  do {
    h = Math.imul(h ^ x % 4294967296, 0x01000193);
    x = Math.floor(x / 4294967296);
  } while (x !== 0);
  return h;
}

/**
 * A set of non-negative integers. Two sets are equal exactly when their bounds are equal: the bounds are
 * canonical, and numbers are used exactly when the last end is at most 2^53.
 */
export class IntervalSet {
  static readonly EMPTY: IntervalSet = new IntervalSet(doubleList(), undefined);

  /** The bounds as numbers; undefined for a set with a value of 2^53 or more. */
  private readonly nums: Bounds | undefined;
  /** The bounds as bigints: given for a set of large values, made on demand for the others. */
  private bigs: BigBounds | undefined;
  /** Lazily computed caches, not observable state. */
  private intervalCache: readonly Interval[] | undefined;
  private approximateCache: readonly number[] | undefined;
  private keyCache: string | undefined;
  private hashCache: number | undefined;

  /** Callers pass canonical bounds: numbers when they fit, else bigints (see `fromBig`). */
  private constructor(nums: Bounds | undefined, bigs: BigBounds | undefined) {
    this.nums = nums;
    this.bigs = bigs;
    this.intervalCache = undefined;
    this.approximateCache = undefined;
    this.keyCache = undefined;
    this.hashCache = undefined;
  }

  private static fromNumbers(bounds: Bounds): IntervalSet {
    if (bounds.length === 0) return IntervalSet.EMPTY;
    // Bounds grown by pushing keep room for more: a set that lives long is kept without it.
    return new IntervalSet(bounds.length === 2 ? doublePair(bounds[0]!, bounds[1]!) : bounds.slice(), undefined);
  }

  /** A set from canonical bigint bounds, kept as numbers when they fit. */
  private static fromBig(bounds: BigBounds): IntervalSet {
    if (bounds.length === 0) return IntervalSet.EMPTY;
    if (bounds[bounds.length - 1]! <= BIG_NUMBER_LIMIT) {
      const nums = doubleList();
      for (const b of bounds) nums.push(Number(b));
      return new IntervalSet(nums, undefined);
    }
    return new IntervalSet(undefined, bounds);
  }

  /** The bounds as bigints. */
  private big(): BigBounds {
    this.bigs ??= this.nums!.map(BigInt);
    return this.bigs;
  }

  /** The interval `[lo, hi]`; empty if `lo > hi`. */
  static of(lo: bigint, hi: bigint): IntervalSet {
    if (lo > hi) return IntervalSet.EMPTY;
    if (lo < 0n) throw new RangeError(`negative value ${lo}`);
    return hi < BIG_NUMBER_LIMIT ? new IntervalSet(doublePair(Number(lo), Number(hi) + 1), undefined) : new IntervalSet(undefined, [lo, hi + 1n]);
  }

  /** The single value `x`. */
  static point(x: bigint): IntervalSet {
    return IntervalSet.of(x, x);
  }

  /** Canonicalises intervals given in any order, possibly overlapping, touching or empty (`lo > hi`, dropped). */
  static fromIntervals(list: Iterable<Interval>): IntervalSet {
    const input = Array.isArray(list) ? (list as readonly Interval[]) : Array.from(list);
    const sorted = input.filter((iv) => iv[0] <= iv[1]);
    if (sorted.some((iv) => iv[0] < 0n)) throw new RangeError('negative value');
    sorted.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: bigint[] = [];
    for (const [lo, hi] of sorted) {
      const k = out.length;
      if (k > 0 && lo <= out[k - 1]!) {
        if (hi + 1n > out[k - 1]!) out[k - 1] = hi + 1n;
      } else out.push(lo, hi + 1n);
    }
    return IntervalSet.fromBig(out);
  }

  /** Union of many sets in one sort-and-merge pass (cheaper than folding `union`). */
  static unionAll(sets: readonly IntervalSet[]): IntervalSet {
    const all: IntervalSet[] = [];
    let small = true;
    for (let k = 0; k < sets.length; k++) {
      const s = sets[k]!;
      if (s.isEmpty()) continue;
      all.push(s);
      small &&= s.nums !== undefined;
    }
    if (all.length === 0) return IntervalSet.EMPTY;
    if (all.length === 1) return all[0]!;
    if (all.length === 2) return all[0]!.union(all[1]!);
    if (!small) {
      const pieces: Interval[] = [];
      for (const s of all) for (const iv of s.intervals) pieces.push(iv);
      return IntervalSet.fromIntervals(pieces);
    }
    // Sorted starts and sorted ends are enough for a union: a run of covered values ends at an end where as
    // many intervals have ended as begun (a start at that same value continues it: touching merges).
    let count = 0;
    for (const s of all) count += s.nums!.length / 2;
    const los = new Float64Array(count);
    const ends = new Float64Array(count);
    let n = 0;
    for (const s of all) {
      const b = s.nums!;
      for (let k = 0; k < b.length; k += 2, n++) {
        los[n] = b[k]!;
        ends[n] = b[k + 1]!;
      }
    }
    los.sort();
    ends.sort();
    const out = doubleList();
    let depth = 0;
    let start = 0;
    for (let i = 0, j = 0; i < count; ) {
      if (los[i]! <= ends[j]!) {
        if (depth++ === 0) start = los[i]!;
        i++;
      } else if (--depth === 0) out.push(start, ends[j++]!);
      else j++;
    }
    out.push(start, ends[count - 1]!);
    return IntervalSet.fromNumbers(out);
  }

  isEmpty(): boolean {
    return this.nums !== undefined && this.nums.length === 0;
  }

  /** Number of intervals. */
  get intervalCount(): number {
    return (this.nums ?? this.bigs!).length / 2;
  }

  /** The intervals `[lo, hi]`, in order (made on demand for sets kept as numbers). */
  get intervals(): readonly Interval[] {
    if (this.intervalCache === undefined) {
      const b = this.big();
      const out: Interval[] = [];
      for (let k = 0; k < b.length; k += 2) out.push([b[k]!, b[k + 1]! - 1n]);
      this.intervalCache = out;
    }
    return this.intervalCache;
  }

  /** Calls `visit` with each interval's bounds, in order, keeping nothing (for a set read once). */
  forEachInterval(visit: (lo: bigint, hi: bigint) => void): void {
    const nums = this.nums;
    if (nums !== undefined) for (let k = 0; k < nums.length; k += 2) visit(BigInt(nums[k]!), BigInt(nums[k + 1]! - 1));
    else for (let k = 0; k < this.bigs!.length; k += 2) visit(this.bigs![k]!, this.bigs![k + 1]! - 1n);
  }

  /**
   * The intervals as doubles, flat `[lo0, hi0, lo1, hi1, …]`: exact below 2^53, rounded (monotonically) above.
   * Made once per set (indexes and sweeps ask for the same shared sets again and again).
   */
  approximate(): readonly number[] {
    if (this.approximateCache === undefined) {
      if (this.nums !== undefined) {
        const out = this.nums.slice();
        for (let k = 1; k < out.length; k += 2) out[k] = out[k]! - 1;
        this.approximateCache = out;
      } else {
        const out = doubleList();
        for (const [lo, hi] of this.intervals) out.push(Number(lo), Number(hi));
        this.approximateCache = out;
      }
    }
    return this.approximateCache;
  }

  /** The lowest value as a double (rounded above 2^53); NaN for the empty set. */
  lowest(): number {
    const nums = this.nums;
    if (nums !== undefined) return nums.length === 0 ? NaN : nums[0]!;
    return Number(this.bigs![0]!);
  }

  /** The highest value as a double (rounded above 2^53); NaN for the empty set. */
  highest(): number {
    const nums = this.nums;
    if (nums !== undefined) return nums.length === 0 ? NaN : nums[nums.length - 1]! - 1;
    return Number(this.bigs![this.bigs!.length - 1]! - 1n);
  }

  /**
   * Whether the hulls of two non-empty sets are apart (one ends before the other starts): a quick answer
   * before a merge, for sets kept as numbers (their ends are read from the bounds; nothing more is kept per
   * set, as a model holds a few hundred thousand sets).
   */
  private apart(o: IntervalSet): boolean {
    const a = this.nums;
    const b = o.nums;
    return a !== undefined && b !== undefined && (a[a.length - 1]! <= b[0]! || b[b.length - 1]! <= a[0]!);
  }

  union(o: IntervalSet): IntervalSet {
    if (o.isEmpty() || this === o) return this;
    if (this.isEmpty()) return o;
    if (this.nums !== undefined && o.nums !== undefined) return this.settle(unionNumbers(this.nums, o.nums), o, false);
    return this.settleBig(unionBigints(this.big(), o.big()), o, false);
  }

  intersect(o: IntervalSet): IntervalSet {
    if (this === o) return this;
    if (this.isEmpty() || o.isEmpty() || this.apart(o)) return IntervalSet.EMPTY;
    if (this.nums !== undefined && o.nums !== undefined) return this.settle(intersectNumbers(this.nums, o.nums), o, true);
    return this.settleBig(intersectBigints(this.big(), o.big()), o, true);
  }

  difference(o: IntervalSet): IntervalSet {
    if (this === o) return IntervalSet.EMPTY;
    if (this.isEmpty() || o.isEmpty() || this.apart(o)) return this;
    if (this.nums !== undefined && o.nums !== undefined) return this.settle(differenceNumbers(this.nums, o.nums), o, false);
    return this.settleBig(differenceBigints(this.big(), o.big()), o, false);
  }

  /**
   * The set for merged number bounds: this or `o` when they equal one of them (unchanged results keep their
   * identity, which callers use to skip work). `mayBeOther`: the result may equal `o`.
   */
  private settle(out: number[], o: IntervalSet, mayBeOther: boolean): IntervalSet {
    if (sameNumbers(out, this.nums!)) return this;
    if (mayBeOther && sameNumbers(out, o.nums!)) return o;
    return IntervalSet.fromNumbers(out);
  }

  /** The same as `settle`, for merged bigint bounds. */
  private settleBig(out: bigint[], o: IntervalSet, mayBeOther: boolean): IntervalSet {
    if (sameBigints(out, this.big())) return this;
    if (mayBeOther && sameBigints(out, o.big())) return o;
    return IntervalSet.fromBig(out);
  }

  /** The values of the universe `[lo, hi]` that are not in this set. */
  complement(lo: bigint, hi: bigint): IntervalSet {
    return IntervalSet.of(lo, hi).difference(this);
  }

  contains(x: bigint): boolean {
    if (this.nums !== undefined) {
      if (x < 0n || x >= BIG_NUMBER_LIMIT) return false;
      return containsValue(this.nums, Number(x));
    }
    const b = this.bigs!;
    let l = 0;
    let r = b.length / 2 - 1;
    while (l <= r) {
      const m = (l + r) >> 1;
      if (x < b[2 * m]!) r = m - 1;
      else if (x >= b[2 * m + 1]!) l = m + 1;
      else return true;
    }
    return false;
  }

  /** Whether every value is at most `max` (true for the empty set). */
  atMost(max: bigint): boolean {
    if (this.nums === undefined) return this.bigs![this.bigs!.length - 1]! <= max + 1n;
    return this.nums.length === 0 || max >= BIG_NUMBER_LIMIT || this.nums[this.nums.length - 1]! <= Number(max) + 1;
  }

  /** Superset test: every value of `o` is in this set. */
  covers(o: IntervalSet): boolean {
    if (o.isEmpty() || this === o) return true;
    if (this.isEmpty()) return false;
    const a = this.nums;
    const b = o.nums;
    // Sets of numbers: `o` must start and end within this set's hull before the merge is worth it.
    if (a !== undefined && b !== undefined) return b[0]! >= a[0]! && b[b.length - 1]! <= a[a.length - 1]! && coversNumbers(a, b);
    return coversBigints(this.big(), o.big());
  }

  /** True when the two sets share at least one value. */
  overlaps(o: IntervalSet): boolean {
    if (this.isEmpty() || o.isEmpty() || this.apart(o)) return false;
    if (this === o) return true;
    if (this.nums !== undefined && o.nums !== undefined) return overlapsNumbers(this.nums, o.nums);
    return overlapsBigints(this.big(), o.big());
  }

  equals(o: IntervalSet): boolean {
    if (this === o) return true;
    if (this.nums !== undefined) return o.nums !== undefined && sameNumbers(this.nums, o.nums);
    return o.nums === undefined && sameBigints(this.bigs!, o.bigs!);
  }

  /** Number of values in the set. */
  size(): bigint {
    if (this.nums !== undefined) {
      let n = 0;
      for (let k = 0; k < this.nums.length; k += 2) n += this.nums[k + 1]! - this.nums[k]!;
      return BigInt(n);
    }
    let n = 0n;
    for (let k = 0; k < this.bigs!.length; k += 2) n += this.bigs![k + 1]! - this.bigs![k]!;
    return n;
  }

  min(): bigint | undefined {
    if (this.isEmpty()) return undefined;
    return this.nums !== undefined ? BigInt(this.nums[0]!) : this.bigs![0]!;
  }

  max(): bigint | undefined {
    if (this.isEmpty()) return undefined;
    return this.nums !== undefined ? BigInt(this.nums[this.nums.length - 1]! - 1) : this.bigs![this.bigs!.length - 1]! - 1n;
  }

  /** Canonical string, equal for equal sets; cached, suitable as a Map key. */
  key(): string {
    if (this.keyCache === undefined) {
      const b = this.nums ?? this.bigs!;
      const parts: string[] = [];
      for (let k = 0; k < b.length; k += 2) {
        const lo = b[k]!;
        const hi = this.nums !== undefined ? (b[k + 1] as number) - 1 : (b[k + 1] as bigint) - 1n;
        parts.push(lo === hi ? `${lo}` : `${lo}-${hi}`);
      }
      this.keyCache = parts.join(',');
    }
    return this.keyCache;
  }

  /** 32-bit hash, equal for equal sets (collisions possible: confirm with `equals`); cached. */
  hash(): number {
    if (this.hashCache === undefined) {
      let h = 0x811c9dc5 ^ this.intervalCount;
      if (this.nums !== undefined) {
        for (let k = 0; k < this.nums.length; k += 2) h = mixNumber(mixNumber(h, this.nums[k]!), this.nums[k + 1]! - 1);
      } else {
        for (let k = 0; k < this.bigs!.length; k += 2) h = mixBigint(mixBigint(h, this.bigs![k]!), this.bigs![k + 1]! - 1n);
      }
      this.hashCache = h;
    }
    return this.hashCache;
  }

  /** Debug form, e.g. `{1-3,7}`. */
  toString(): string {
    return `{${this.key()}}`;
  }
}

function sameNumbers(x: Bounds, y: Bounds): boolean {
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}

function sameBigints(x: BigBounds, y: BigBounds): boolean {
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
}

/**
 * The first even index k >= from whose interval ends after `value` (list.length if none), found by
 * galloping then binary search: O(log distance), so a small set against a large one costs little.
 */
function seek(list: Bounds, value: number, from: number): number {
  const n = list.length / 2;
  let i = from / 2;
  if (i >= n || list[2 * i + 1]! > value) return from;
  let below = i; // interval `below` ends at or before value
  let step = 1;
  let probe = i + 1;
  while (probe < n && list[2 * probe + 1]! <= value) {
    below = probe;
    step *= 2;
    probe = i + step;
  }
  let above = Math.min(probe, n); // answer in (below, above]
  while (above - below > 1) {
    const mid = (below + above) >> 1;
    if (list[2 * mid + 1]! <= value) below = mid;
    else above = mid;
  }
  return 2 * above;
}

function unionNumbers(a: Bounds, b: Bounds): number[] {
  const out = doubleList();
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: number;
    let end: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      lo = a[i]!;
      end = a[i + 1]!;
      i += 2;
    } else {
      lo = b[j]!;
      end = b[j + 1]!;
      j += 2;
    }
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]!) {
      if (end > out[n - 1]!) out[n - 1] = end;
    } else out.push(lo, end);
  }
  return out;
}

function intersectNumbers(a: Bounds, b: Bounds): number[] {
  const out = doubleList();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i]! > b[j]! ? a[i]! : b[j]!;
    const end = a[i + 1]! < b[j + 1]! ? a[i + 1]! : b[j + 1]!;
    if (lo < end) out.push(lo, end);
    // Gallop past the intervals that end before the other side's current one starts.
    if (a[i + 1]! < b[j + 1]!) i = seek(a, b[j]!, i + 2);
    else j = seek(b, a[i]!, j + 2);
  }
  return out;
}

function differenceNumbers(a: Bounds, b: Bounds): number[] {
  const out = doubleList();
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const end = a[i + 1]!;
    j = seek(b, lo, j);
    while (j < b.length && b[j]! < end) {
      if (b[j]! > lo) out.push(lo, b[j]!);
      if (b[j + 1]! >= end) {
        lo = end; // exhausted; b's interval may still cut into the next one of a, keep j
        break;
      }
      lo = b[j + 1]!;
      j += 2;
    }
    if (lo < end) out.push(lo, end);
  }
  return out;
}

function coversNumbers(a: Bounds, b: Bounds): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    i = seek(a, b[j]!, i);
    if (i >= a.length || a[i]! > b[j]! || a[i + 1]! < b[j + 1]!) return false;
  }
  return true;
}

function overlapsNumbers(a: Bounds, b: Bounds): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! <= b[j]!) i = seek(a, b[j]!, i + 2);
    else if (b[j + 1]! <= a[i]!) j = seek(b, a[i]!, j + 2);
    else return true;
  }
  return false;
}

// The same merges on bigints (sets with values of 2^53 and more: IPv6). Keep the two copies alike.

function seekBig(list: BigBounds, value: bigint, from: number): number {
  const n = list.length / 2;
  let i = from / 2;
  if (i >= n || list[2 * i + 1]! > value) return from;
  let below = i; // interval `below` ends at or before value
  let step = 1;
  let probe = i + 1;
  while (probe < n && list[2 * probe + 1]! <= value) {
    below = probe;
    step *= 2;
    probe = i + step;
  }
  let above = Math.min(probe, n); // answer in (below, above]
  while (above - below > 1) {
    const mid = (below + above) >> 1;
    if (list[2 * mid + 1]! <= value) below = mid;
    else above = mid;
  }
  return 2 * above;
}

function unionBigints(a: BigBounds, b: BigBounds): bigint[] {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let lo: bigint;
    let end: bigint;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      lo = a[i]!;
      end = a[i + 1]!;
      i += 2;
    } else {
      lo = b[j]!;
      end = b[j + 1]!;
      j += 2;
    }
    const n = out.length;
    if (n > 0 && lo <= out[n - 1]!) {
      if (end > out[n - 1]!) out[n - 1] = end;
    } else out.push(lo, end);
  }
  return out;
}

function intersectBigints(a: BigBounds, b: BigBounds): bigint[] {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i]! > b[j]! ? a[i]! : b[j]!;
    const end = a[i + 1]! < b[j + 1]! ? a[i + 1]! : b[j + 1]!;
    if (lo < end) out.push(lo, end);
    // Gallop past the intervals that end before the other side's current one starts.
    if (a[i + 1]! < b[j + 1]!) i = seekBig(a, b[j]!, i + 2);
    else j = seekBig(b, a[i]!, j + 2);
  }
  return out;
}

function differenceBigints(a: BigBounds, b: BigBounds): bigint[] {
  const out: bigint[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const end = a[i + 1]!;
    j = seekBig(b, lo, j);
    while (j < b.length && b[j]! < end) {
      if (b[j]! > lo) out.push(lo, b[j]!);
      if (b[j + 1]! >= end) {
        lo = end; // exhausted; b's interval may still cut into the next one of a, keep j
        break;
      }
      lo = b[j + 1]!;
      j += 2;
    }
    if (lo < end) out.push(lo, end);
  }
  return out;
}

function coversBigints(a: BigBounds, b: BigBounds): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    i = seekBig(a, b[j]!, i);
    if (i >= a.length || a[i]! > b[j]! || a[i + 1]! < b[j + 1]!) return false;
  }
  return true;
}

function overlapsBigints(a: BigBounds, b: BigBounds): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! <= b[j]!) i = seekBig(a, b[j]!, i + 2);
    else if (b[j + 1]! <= a[i]!) j = seekBig(b, a[i]!, j + 2);
    else return true;
  }
  return false;
}

function containsValue(b: Bounds, x: number): boolean {
  let l = 0;
  let r = b.length / 2 - 1;
  while (l <= r) {
    const m = (l + r) >> 1;
    if (x < b[2 * m]!) r = m - 1;
    else if (x >= b[2 * m + 1]!) l = m + 1;
    else return true;
  }
  return false;
}
