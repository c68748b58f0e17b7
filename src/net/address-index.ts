// An index of items by the addresses they cover: which items can overlap a set of addresses, found by
// looking only in the address blocks the set touches (a /16 for IPv4, a /48 for IPv6) plus the few items
// that span too many blocks to file. Exact: callers confirm each candidate with a real overlap test.

import type { Family } from './ip';
import type { IpSet } from './ip-set';

/** Host bits below a bucket: a /16 for IPv4, a /48 for IPv6. */
const BUCKET_BITS: Readonly<Record<Family, bigint>> = { 4: 16n, 6: 80n };
/** An item spanning more buckets than this is kept in the family's list of wide items instead. */
const MAX_BUCKETS_PER_ITEM = 64n;

interface FamilyIndex {
  readonly buckets: Map<bigint, number[]>;
  readonly wide: number[];
}

export class AddressIndex<T> {
  private readonly items: T[] = [];
  private readonly families: Readonly<Record<Family, FamilyIndex>> = {
    4: { buckets: new Map(), wide: [] },
    6: { buckets: new Map(), wide: [] },
  };
  /** Marks of the current query, one slot per item, so a query allocates no per-item memory. */
  private marks = new Int32Array(16);
  private query = 0;

  /** Files an item under the addresses of `set`. Items are returned in the order they were added. */
  add(item: T, set: IpSet): void {
    const id = this.items.length;
    this.items.push(item);
    if (this.marks.length < this.items.length) {
      const grown = new Int32Array(this.marks.length * 2);
      grown.set(this.marks);
      this.marks = grown;
    }
    for (const family of [4, 6] as const) {
      const intervals = set.family(family).intervals;
      if (intervals.length === 0) continue;
      const { buckets, wide } = this.families[family];
      const bits = BUCKET_BITS[family];
      if (span(intervals, bits) > MAX_BUCKETS_PER_ITEM) {
        wide.push(id);
        continue;
      }
      for (const [lo, hi] of intervals) {
        for (let b = lo >> bits; b <= hi >> bits; b++) {
          const list = buckets.get(b);
          if (!list) buckets.set(b, [id]);
          else if (list[list.length - 1] !== id) list.push(id);
        }
      }
    }
  }

  /** Every item filed under a block that `set` touches: a superset of the items overlapping it, in order. */
  candidates(set: IpSet): T[] {
    this.query += 1;
    const query = this.query;
    const found: number[] = [];
    const visit = (id: number): void => {
      if (this.marks[id] === query) return;
      this.marks[id] = query;
      found.push(id);
    };
    for (const family of [4, 6] as const) {
      const intervals = set.family(family).intervals;
      if (intervals.length === 0) continue;
      const { buckets, wide } = this.families[family];
      wide.forEach(visit);
      const bits = BUCKET_BITS[family];
      if (span(intervals, bits) > BigInt(buckets.size)) {
        for (const list of buckets.values()) list.forEach(visit);
        continue;
      }
      for (const [lo, hi] of intervals) {
        for (let b = lo >> bits; b <= hi >> bits; b++) buckets.get(b)?.forEach(visit);
      }
    }
    return found.sort((a, b) => a - b).map((id) => this.items[id]!);
  }
}

/** How many buckets the intervals touch (counting a bucket once per interval). */
function span(intervals: readonly (readonly [bigint, bigint])[], bits: bigint): bigint {
  let n = 0n;
  for (const [lo, hi] of intervals) n += (hi >> bits) - (lo >> bits) + 1n;
  return n;
}
