/**
 * Immutable sets of IP addresses: one canonical IntervalSet per address family,
 * with set algebra and a human-readable summary.
 */
import { IntervalSet } from './interval-set';
import { ADDRESS_MAX, AddressTerm, Family, formatRange } from './ip';

function checkFamilySet(family: Family, s: IntervalSet): void {
  const min = s.min();
  const max = s.max();
  if ((min !== undefined && min < 0n) || (max !== undefined && max > ADDRESS_MAX[family])) {
    throw new RangeError(`IPv${family} address set ${s.toString()} exceeds the address space`);
  }
}

export class IpSet {
  static readonly EMPTY: IpSet = new IpSet(IntervalSet.EMPTY, IntervalSet.EMPTY);
  static readonly ANY: IpSet = new IpSet(IntervalSet.of(0n, ADDRESS_MAX[4]), IntervalSet.of(0n, ADDRESS_MAX[6]));

  private constructor(
    readonly v4: IntervalSet,
    readonly v6: IntervalSet,
  ) {}

  /** The addresses `[lo, hi]` of one family (empty if `lo > hi`); throws RangeError outside the address space. */
  static of(family: Family, lo: bigint, hi: bigint): IpSet {
    const s = IntervalSet.of(lo, hi);
    checkFamilySet(family, s);
    return family === 4 ? new IpSet(s, IntervalSet.EMPTY) : new IpSet(IntervalSet.EMPTY, s);
  }

  /** Throws RangeError when a set exceeds its family's address space. */
  static from(v4: IntervalSet, v6: IntervalSet): IpSet {
    if (v4.isEmpty() && v6.isEmpty()) return IpSet.EMPTY;
    checkFamilySet(4, v4);
    checkFamilySet(6, v6);
    return new IpSet(v4, v6);
  }

  /** Union of parsed address terms. */
  static fromTerms(terms: Iterable<AddressTerm>): IpSet {
    const v4: (readonly [bigint, bigint])[] = [];
    const v6: (readonly [bigint, bigint])[] = [];
    for (const t of terms) (t.family === 4 ? v4 : v6).push([t.lo, t.hi]);
    return IpSet.from(IntervalSet.fromIntervals(v4), IntervalSet.fromIntervals(v6));
  }

  /** The whole address space of one family. */
  static anyOf(family: Family): IpSet {
    return family === 4 ? IpSet.from(IpSet.ANY.v4, IntervalSet.EMPTY) : IpSet.from(IntervalSet.EMPTY, IpSet.ANY.v6);
  }

  family(f: Family): IntervalSet {
    return f === 4 ? this.v4 : this.v6;
  }

  private make(v4: IntervalSet, v6: IntervalSet): IpSet {
    if (v4 === this.v4 && v6 === this.v6) return this;
    if (v4.isEmpty() && v6.isEmpty()) return IpSet.EMPTY;
    return new IpSet(v4, v6);
  }

  union(o: IpSet): IpSet {
    return this.make(this.v4.union(o.v4), this.v6.union(o.v6));
  }

  intersect(o: IpSet): IpSet {
    return this.make(this.v4.intersect(o.v4), this.v6.intersect(o.v6));
  }

  difference(o: IpSet): IpSet {
    return this.make(this.v4.difference(o.v4), this.v6.difference(o.v6));
  }

  isEmpty(): boolean {
    return this.v4.isEmpty() && this.v6.isEmpty();
  }

  equals(o: IpSet): boolean {
    return this === o || (this.v4.equals(o.v4) && this.v6.equals(o.v6));
  }

  /** Superset test. */
  covers(o: IpSet): boolean {
    return this.v4.covers(o.v4) && this.v6.covers(o.v6);
  }

  overlaps(o: IpSet): boolean {
    return this.v4.overlaps(o.v4) || this.v6.overlaps(o.v6);
  }

  contains(family: Family, value: bigint): boolean {
    return this.family(family).contains(value);
  }

  /** Number of addresses of both families. */
  size(): bigint {
    return this.v4.size() + this.v6.size();
  }

  /**
   * Each interval as `formatRange` (single address, CIDR block or "a-b"), IPv4 first.
   * With more than `limit` items, the first `limit - 1` are followed by a "+N more" entry.
   */
  toStrings(limit?: number): string[] {
    const total = this.v4.intervals.length + this.v6.intervals.length;
    const keep = limit !== undefined && total > limit ? Math.max(0, Math.floor(limit) - 1) : total;
    const out: string[] = [];
    for (const [f, s] of [[4, this.v4] as const, [6, this.v6] as const]) {
      for (const [lo, hi] of s.intervals) {
        if (out.length >= keep) break;
        out.push(formatRange(f, lo, hi));
      }
    }
    if (keep < total) out.push(`+${total - keep} more`);
    return out;
  }

  toString(): string {
    return this.isEmpty() ? '(none)' : this.toStrings(8).join(', ');
  }
}
