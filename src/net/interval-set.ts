/**
 * Immutable, canonical sets of bigints stored as sorted, merged, inclusive intervals.
 * Every binary operation is a single linear merge over the two sorted interval lists.
 */

/** An inclusive interval `[lo, hi]` with `lo <= hi`. */
export type Interval = readonly [lo: bigint, hi: bigint];

function compareLo(a: Interval, b: Interval): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** True when `out` holds exactly the interval objects of `ref`, in order (i.e. the operation changed nothing). */
function sameTuples(out: readonly Interval[], ref: readonly Interval[]): boolean {
  if (out.length !== ref.length) return false;
  for (let k = 0; k < out.length; k++) if (out[k] !== ref[k]) return false;
  return true;
}

/** FNV-style mixing of a non-negative bigint, 32 bits at a time, into a 32-bit hash. */
function mixBigint(h: number, x: bigint): number {
  if (x < 0n) x = -x * 2n + 1n;
  do {
    h = Math.imul(h ^ Number(BigInt.asUintN(32, x)), 0x01000193);
    x >>= 32n;
  } while (x !== 0n);
  return h;
}

/**
 * A set of bigints. The interval list is canonical: sorted by `lo`, every interval non-empty,
 * and consecutive intervals neither overlap nor touch (`next.lo > prev.hi + 1`), so two sets are
 * equal exactly when their interval lists are equal.
 */
export class IntervalSet {
  static readonly EMPTY: IntervalSet = new IntervalSet([]);

  readonly intervals: readonly Interval[];
  /** Lazily computed canonical string and hash (see `key()`, `hash()`); caches, not observable state. */
  private keyCache: string | undefined;
  private hashCache: number | undefined;
  /**
   * The lowest and highest value as doubles, for quick rejection: rounding is monotonic, so bounds apart as
   * doubles are apart as bigints (NaN until first asked; the empty set has none).
   */
  private lowBound: number;
  private highBound: number;

  /** Callers must pass a canonical list. */
  private constructor(intervals: readonly Interval[]) {
    this.intervals = intervals;
    this.keyCache = undefined;
    this.hashCache = undefined;
    this.lowBound = NaN;
    this.highBound = NaN;
  }

  /** Whether the two (non-empty) sets lie apart, told from their bounds as doubles: false when unsure. */
  private apart(o: IntervalSet): boolean {
    if (this.lowBound !== this.lowBound) {
      this.lowBound = Number(this.intervals[0]![0]);
      this.highBound = Number(this.intervals[this.intervals.length - 1]![1]);
    }
    if (o.lowBound !== o.lowBound) {
      o.lowBound = Number(o.intervals[0]![0]);
      o.highBound = Number(o.intervals[o.intervals.length - 1]![1]);
    }
    return this.highBound < o.lowBound || o.highBound < this.lowBound;
  }

  /** The interval `[lo, hi]`; empty if `lo > hi`. */
  static of(lo: bigint, hi: bigint): IntervalSet {
    return lo > hi ? IntervalSet.EMPTY : new IntervalSet([[lo, hi]]);
  }

  /** The single value `x`. */
  static point(x: bigint): IntervalSet {
    return new IntervalSet([[x, x]]);
  }

  /** Canonicalises intervals given in any order, possibly overlapping, touching or empty (`lo > hi`, dropped). */
  static fromIntervals(list: Iterable<Interval>): IntervalSet {
    const input = Array.isArray(list) ? (list as readonly Interval[]) : Array.from(list);
    // Fast path: input already canonical (common when rebuilding from another set).
    let canonical = true;
    for (let k = 0; k < input.length; k++) {
      const iv = input[k]!;
      if (iv[0] > iv[1] || (k > 0 && iv[0] <= input[k - 1]![1] + 1n)) {
        canonical = false;
        break;
      }
    }
    if (canonical) {
      if (input.length === 0) return IntervalSet.EMPTY;
      return new IntervalSet(input === list ? input.slice() : input); // never alias a caller's array
    }

    const sorted = input.filter((iv) => iv[0] <= iv[1]).sort(compareLo);
    const out: Interval[] = [];
    let cur: Interval | undefined;
    for (const iv of sorted) {
      if (cur === undefined) {
        cur = iv;
      } else if (iv[0] <= cur[1] + 1n) {
        if (iv[1] > cur[1]) cur = [cur[0], iv[1]];
      } else {
        out.push(cur);
        cur = iv;
      }
    }
    if (cur !== undefined) out.push(cur);
    return out.length === 0 ? IntervalSet.EMPTY : new IntervalSet(out);
  }

  /** Union of many sets in one sort-and-merge pass (cheaper than folding `union`). */
  static unionAll(sets: Iterable<IntervalSet>): IntervalSet {
    let only: IntervalSet | undefined;
    let count = 0;
    const all: Interval[] = [];
    for (const s of sets) {
      if (s.intervals.length === 0) continue;
      count++;
      only = s;
      for (const iv of s.intervals) all.push(iv);
    }
    if (count === 0) return IntervalSet.EMPTY;
    if (count === 1) return only!;
    return IntervalSet.fromIntervals(all);
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  union(o: IntervalSet): IntervalSet {
    const a = this.intervals;
    const b = o.intervals;
    if (b.length === 0 || this === o) return this;
    if (a.length === 0) return o;
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    let cur: Interval | undefined;
    while (i < a.length || j < b.length) {
      let next: Interval;
      if (j >= b.length || (i < a.length && a[i]![0] <= b[j]![0])) next = a[i++]!;
      else next = b[j++]!;
      if (cur === undefined) {
        cur = next;
      } else if (next[0] <= cur[1] + 1n) {
        if (next[1] > cur[1]) cur = [cur[0], next[1]];
      } else {
        out.push(cur);
        cur = next;
      }
    }
    out.push(cur!);
    if (sameTuples(out, a)) return this;
    if (sameTuples(out, b)) return o;
    return new IntervalSet(out);
  }

  intersect(o: IntervalSet): IntervalSet {
    const a = this.intervals;
    const b = o.intervals;
    if (this === o) return this;
    if (a.length === 0 || b.length === 0) return IntervalSet.EMPTY;
    if (a[a.length - 1]![1] < b[0]![0] || b[b.length - 1]![1] < a[0]![0]) return IntervalSet.EMPTY;
    // One interval spanning the whole of the other set (`any` against a zone): nothing to cut.
    if (b.length === 1 && b[0]![0] <= a[0]![0] && a[a.length - 1]![1] <= b[0]![1]) return this;
    if (a.length === 1 && a[0]![0] <= b[0]![0] && b[b.length - 1]![1] <= a[0]![1]) return o;
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      const lo = x[0] > y[0] ? x[0] : y[0];
      const hi = x[1] < y[1] ? x[1] : y[1];
      if (lo <= hi) {
        // Reuse an input interval when it is the whole piece, so unchanged results keep identity.
        if (lo === x[0] && hi === x[1]) out.push(x);
        else if (lo === y[0] && hi === y[1]) out.push(y);
        else out.push([lo, hi]);
      }
      // Gallop past the intervals that end before the other side's current one starts.
      if (x[1] < y[1]) i = seek(a, y[0], i + 1);
      else j = seek(b, x[0], j + 1);
    }
    if (out.length === 0) return IntervalSet.EMPTY;
    if (sameTuples(out, a)) return this;
    if (sameTuples(out, b)) return o;
    return new IntervalSet(out);
  }

  difference(o: IntervalSet): IntervalSet {
    const a = this.intervals;
    const b = o.intervals;
    if (this === o) return IntervalSet.EMPTY;
    if (a.length === 0 || b.length === 0) return this;
    if (a[a.length - 1]![1] < b[0]![0] || b[b.length - 1]![1] < a[0]![0]) return this;
    if (b.length === 1 && b[0]![0] <= a[0]![0] && a[a.length - 1]![1] <= b[0]![1]) return IntervalSet.EMPTY;
    const out: Interval[] = [];
    let j = 0;
    for (const x of a) {
      let lo = x[0];
      const hi = x[1];
      j = seek(b, lo, j);
      let touched = false;
      while (j < b.length && b[j]![0] <= hi) {
        const y = b[j]!;
        touched = true;
        if (y[0] > lo) out.push([lo, y[0] - 1n]);
        if (y[1] >= hi) {
          lo = hi + 1n; // exhausted; y may still cut into the next interval of a, keep j
          break;
        }
        lo = y[1] + 1n;
        j++;
      }
      if (lo <= hi) out.push(touched ? [lo, hi] : x);
    }
    if (out.length === 0) return IntervalSet.EMPTY;
    if (sameTuples(out, a)) return this;
    return new IntervalSet(out);
  }

  /** The values of the universe `[lo, hi]` that are not in this set. */
  complement(lo: bigint, hi: bigint): IntervalSet {
    if (lo > hi) return IntervalSet.EMPTY;
    const out: Interval[] = [];
    let next = lo;
    for (const iv of this.intervals) {
      if (iv[1] < next) continue;
      if (iv[0] > hi) break;
      if (iv[0] > next) out.push([next, iv[0] - 1n]);
      next = iv[1] + 1n;
      if (next > hi) break;
    }
    if (next <= hi) out.push([next, hi]);
    return out.length === 0 ? IntervalSet.EMPTY : new IntervalSet(out);
  }

  contains(x: bigint): boolean {
    const a = this.intervals;
    let l = 0;
    let r = a.length - 1;
    while (l <= r) {
      const m = (l + r) >> 1;
      const iv = a[m]!;
      if (x < iv[0]) r = m - 1;
      else if (x > iv[1]) l = m + 1;
      else return true;
    }
    return false;
  }

  /** Superset test: every value of `o` is in this set. */
  covers(o: IntervalSet): boolean {
    const a = this.intervals;
    const b = o.intervals;
    if (b.length === 0 || this === o) return true;
    if (a.length === 0) return false;
    if (b[0]![0] < a[0]![0] || b[b.length - 1]![1] > a[a.length - 1]![1]) return false;
    let i = 0;
    for (const y of b) {
      i = seek(a, y[0], i);
      const x = a[i];
      if (x === undefined || x[0] > y[0] || x[1] < y[1]) return false;
    }
    return true;
  }

  /** True when the two sets share at least one value. */
  overlaps(o: IntervalSet): boolean {
    const a = this.intervals;
    const b = o.intervals;
    if (a.length === 0 || b.length === 0 || this.apart(o)) return false;
    if (a[a.length - 1]![1] < b[0]![0] || b[b.length - 1]![1] < a[0]![0]) return false;
    if (this === o) return true;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      if (x[1] < y[0]) i = seek(a, y[0], i + 1);
      else if (y[1] < x[0]) j = seek(b, x[0], j + 1);
      else return true;
    }
    return false;
  }

  equals(o: IntervalSet): boolean {
    if (this === o) return true;
    const a = this.intervals;
    const b = o.intervals;
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) {
      const x = a[k]!;
      const y = b[k]!;
      if (x !== y && (x[0] !== y[0] || x[1] !== y[1])) return false;
    }
    return true;
  }

  /** Number of values in the set. */
  size(): bigint {
    let n = 0n;
    for (const iv of this.intervals) n += iv[1] - iv[0] + 1n;
    return n;
  }

  min(): bigint | undefined {
    return this.intervals[0]?.[0];
  }

  max(): bigint | undefined {
    return this.intervals[this.intervals.length - 1]?.[1];
  }

  /** Canonical string, equal for equal sets; cached, suitable as a Map key. */
  key(): string {
    if (this.keyCache === undefined) {
      this.keyCache = this.intervals.map((iv) => (iv[0] === iv[1] ? `${iv[0]}` : `${iv[0]}-${iv[1]}`)).join(',');
    }
    return this.keyCache;
  }

  /** 32-bit hash, equal for equal sets (collisions possible: confirm with `equals`); cached. */
  hash(): number {
    if (this.hashCache === undefined) {
      let h = 0x811c9dc5 ^ this.intervals.length;
      for (const [lo, hi] of this.intervals) h = mixBigint(mixBigint(h, lo), hi);
      this.hashCache = h;
    }
    return this.hashCache;
  }

  /** Debug form, e.g. `{1-3,7}`. */
  toString(): string {
    return `{${this.key()}}`;
  }
}

/**
 * The first index k >= from whose interval ends at or after `value` (list.length if none), found by
 * galloping then binary search: O(log distance), so a small set against a large one costs little.
 */
function seek(list: readonly Interval[], value: bigint, from: number): number {
  const n = list.length;
  if (from >= n || list[from]![1] >= value) return from;
  let below = from; // list[below] ends before value
  let step = 1;
  let probe = from + 1;
  while (probe < n && list[probe]![1] < value) {
    below = probe;
    step *= 2;
    probe = from + step;
  }
  let above = Math.min(probe, n); // answer in (below, above]
  while (above - below > 1) {
    const mid = (below + above) >> 1;
    if (list[mid]![1] < value) below = mid;
    else above = mid;
  }
  return above;
}
