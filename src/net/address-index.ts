// An index of items by the addresses they cover: which items can overlap a set of addresses, found by
// looking only in the address blocks the set touches. Blocks come in a few sizes (for IPv4 a /24, a /16
// and a /8; for IPv6 a /64, a /48 and a /32): each item is filed at the finest size where it touches only
// a few blocks, or kept in a short list of wide items. Exact: callers confirm each candidate with a real
// overlap test.

import type { Family } from './ip';
import type { IpSet } from './ip-set';

/** Host bits below a block, finest first. */
const LEVEL_BITS: Readonly<Record<Family, readonly bigint[]>> = { 4: [8n, 16n, 24n], 6: [64n, 80n, 96n] };
/** An item is filed at the finest level where it touches at most this many blocks. */
const MAX_BLOCKS_PER_ITEM = 16n;

type Level = { readonly bits: bigint; readonly blocks: Map<bigint, number[]> };
interface FamilyIndex {
  readonly levels: readonly Level[];
  readonly wide: number[];
}

/** Which items the current query has found: one slot per item, so a query allocates no per-item memory. */
class QueryMarks {
  private marks = new Int32Array(16);
  private query = 0;

  /** Makes room for item ids below `size`. */
  grow(size: number): void {
    if (this.marks.length >= size) return;
    const grown = new Int32Array(Math.max(size, this.marks.length * 2));
    grown.set(this.marks);
    this.marks = grown;
  }

  /** Starts a query: `visit` records an id once, `found` lists them. */
  start(): { readonly found: number[]; readonly visit: (id: number) => void } {
    const query = ++this.query;
    const found: number[] = [];
    return {
      found,
      visit: (id) => {
        if (this.marks[id] === query) return;
        this.marks[id] = query;
        found.push(id);
      },
    };
  }
}

export class AddressIndex<T> {
  private readonly items: T[] = [];
  private readonly families: Readonly<Record<Family, FamilyIndex>> = {
    4: { levels: LEVEL_BITS[4].map((bits) => ({ bits, blocks: new Map() })), wide: [] },
    6: { levels: LEVEL_BITS[6].map((bits) => ({ bits, blocks: new Map() })), wide: [] },
  };
  private readonly marks = new QueryMarks();

  /** Files an item under the addresses of `set`. Items are returned in the order they were added. */
  add(item: T, set: IpSet): void {
    const id = this.items.length;
    this.items.push(item);
    this.marks.grow(this.items.length);
    for (const family of [4, 6] as const) {
      const intervals = set.family(family).intervals;
      if (intervals.length === 0) continue;
      const index = this.families[family];
      const level = index.levels.find((l) => span(intervals, l.bits) <= MAX_BLOCKS_PER_ITEM);
      if (!level) {
        index.wide.push(id);
        continue;
      }
      for (const [lo, hi] of intervals) {
        for (let b = lo >> level.bits; b <= hi >> level.bits; b++) {
          const list = level.blocks.get(b);
          if (!list) level.blocks.set(b, [id]);
          else if (list[list.length - 1] !== id) list.push(id);
        }
      }
    }
  }

  /** Every item filed under a block that `set` touches: a superset of the items overlapping it, in order. */
  candidates(set: IpSet): T[] {
    const { found, visit } = this.marks.start();
    for (const family of [4, 6] as const) {
      const intervals = set.family(family).intervals;
      if (intervals.length === 0) continue;
      const { levels, wide } = this.families[family];
      wide.forEach(visit);
      for (const { bits, blocks } of levels) {
        if (blocks.size === 0) continue;
        if (span(intervals, bits) > BigInt(blocks.size)) {
          for (const list of blocks.values()) list.forEach(visit);
          continue;
        }
        for (const [lo, hi] of intervals) {
          for (let b = lo >> bits; b <= hi >> bits; b++) blocks.get(b)?.forEach(visit);
        }
      }
    }
    return found.sort((a, b) => a - b).map((id) => this.items[id]!);
  }
}

/** How many blocks the intervals touch (counting a block once per interval). */
function span(intervals: readonly (readonly [bigint, bigint])[], bits: bigint): bigint {
  let n = 0n;
  for (const [lo, hi] of intervals) n += (hi >> bits) - (lo >> bits) + 1n;
  return n;
}

/**
 * An index of items by two sets of addresses at once (a rule's source and destination): items are filed
 * under pairs of blocks at the finest size where both sets touch only a few blocks, so a rule from a busy
 * subnet to one server is found among the rules to that server only. Items too wide for pairs fall back to
 * an index by the first set alone. Exact as a superset: callers confirm each candidate.
 */
export class AddressPairIndex<T> {
  private readonly items: T[] = [];
  private readonly byFirst = new AddressIndex<number>();
  private readonly levels: Readonly<Record<Family, readonly { readonly bits: bigint; readonly blocks: Map<bigint, Map<bigint, number[]>> }[]>> = {
    4: LEVEL_BITS[4].map((bits) => ({ bits, blocks: new Map() })),
    6: LEVEL_BITS[6].map((bits) => ({ bits, blocks: new Map() })),
  };
  private readonly marks = new QueryMarks();

  add(item: T, first: IpSet, second: IpSet): void {
    const id = this.items.length;
    this.items.push(item);
    this.marks.grow(this.items.length);
    // Filed by the first set alone when a family is too wide for pairs, or no family has both sets.
    let paired = false;
    let tooWide = false;
    for (const family of [4, 6] as const) {
      const a = first.family(family).intervals;
      const b = second.family(family).intervals;
      if (a.length === 0 || b.length === 0) continue;
      const level = this.levels[family].find((l) => span(a, l.bits) <= MAX_BLOCKS_PER_ITEM && span(b, l.bits) <= MAX_BLOCKS_PER_ITEM);
      if (!level) {
        tooWide = true;
        continue;
      }
      paired = true;
      for (const [lo, hi] of a) {
        for (let x = lo >> level.bits; x <= hi >> level.bits; x++) {
          let inner = level.blocks.get(x);
          if (!inner) level.blocks.set(x, (inner = new Map()));
          for (const [blo, bhi] of b) {
            for (let y = blo >> level.bits; y <= bhi >> level.bits; y++) {
              const list = inner.get(y);
              if (!list) inner.set(y, [id]);
              else if (list[list.length - 1] !== id) list.push(id);
            }
          }
        }
      }
    }
    if (tooWide || !paired) this.byFirst.add(id, first);
  }

  /** Every item filed under blocks both sets touch (or, for wide items, the first set): a superset, in order. */
  candidates(first: IpSet, second: IpSet): T[] {
    const { found, visit } = this.marks.start();
    this.byFirst.candidates(first).forEach(visit);
    for (const family of [4, 6] as const) {
      const a = first.family(family).intervals;
      const b = second.family(family).intervals;
      if (a.length === 0 || b.length === 0) continue;
      for (const { bits, blocks } of this.levels[family]) {
        if (blocks.size === 0) continue;
        const visitInner = (inner: Map<bigint, number[]>): void => {
          if (span(b, bits) > BigInt(inner.size)) {
            for (const list of inner.values()) list.forEach(visit);
            return;
          }
          for (const [lo, hi] of b) for (let y = lo >> bits; y <= hi >> bits; y++) inner.get(y)?.forEach(visit);
        };
        if (span(a, bits) > BigInt(blocks.size)) {
          for (const inner of blocks.values()) visitInner(inner);
          continue;
        }
        for (const [lo, hi] of a) {
          for (let x = lo >> bits; x <= hi >> bits; x++) {
            const inner = blocks.get(x);
            if (inner) visitInner(inner);
          }
        }
      }
    }
    return found.sort((x, y) => x - y).map((id) => this.items[id]!);
  }
}
