// An index of items by the addresses they cover: which items can overlap a set of addresses, found by
// looking only in the address blocks the set touches. Blocks come in a few sizes (for IPv4 a /24, a /16
// and a /8; for IPv6 a /64, a /48 and a /32): each item is filed at the finest size where it touches only
// a few blocks, or kept in a short list of wide items. Exact: callers confirm each candidate with a real
// overlap test.

import type { IntervalSet } from './interval-set';
import type { Family } from './ip';
import type { IpSet } from './ip-set';

/** Host bits below a block, finest first. */
const LEVEL_BITS: Readonly<Record<Family, readonly number[]>> = { 4: [8, 16, 24], 6: [64, 80, 96] };
/** An item is filed at the finest level where it touches at most this many blocks. */
const MAX_BLOCKS_PER_ITEM = 16;

/**
 * Blocks are keyed by their number, a double: exact for IPv4; an IPv6 block number above 2^53 is rounded, so
 * neighbouring blocks may share a key, which only adds candidates.
 */
type Level = { readonly bits: number; readonly blocks: Map<number, number[]> };

/** Calls `visit` with the key of every block of `bits` host bits that `set` touches (once per interval). */
function eachBlock(set: IntervalSet, bits: number, visit: (key: number) => void): void {
  if (set.highest() < 2 ** 53) {
    const size = 2 ** bits;
    const bounds = set.approximate();
    for (let k = 0; k < bounds.length; k += 2) {
      const last = Math.floor(bounds[k + 1]! / size);
      for (let b = Math.floor(bounds[k]! / size); b <= last; b++) visit(b);
    }
    return;
  }
  const shift = BigInt(bits);
  for (const [lo, hi] of set.intervals) for (let b = lo >> shift; b <= hi >> shift; b++) visit(Number(b));
}

const SPAN_CAP = 2 ** 30;

/**
 * How many blocks of `bits` host bits the set touches (counting a block once per interval), at most 2^30
 * (callers compare it with small numbers). Always a small integer: a count computed from the doubles of the
 * bounds would otherwise come back from compiled code as a double and from the interpreter as an integer,
 * and the compiled callers were thrown away and compiled again for every firewall.
 */
function span(set: IntervalSet, bits: number): number {
  let n = 0;
  if (set.highest() < 2 ** 53) {
    const size = 2 ** bits;
    const bounds = set.approximate();
    for (let k = 0; k < bounds.length; k += 2) n += Math.floor(bounds[k + 1]! / size) - Math.floor(bounds[k]! / size) + 1;
  } else {
    const shift = BigInt(bits);
    let big = 0n;
    for (const [lo, hi] of set.intervals) big += (hi >> shift) - (lo >> shift) + 1n;
    n = Number(big);
  }
  return n < SPAN_CAP ? n | 0 : SPAN_CAP;
}

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
      const addresses = set.family(family);
      if (addresses.isEmpty()) continue;
      const index = this.families[family];
      const level = index.levels.find((l) => span(addresses, l.bits) <= MAX_BLOCKS_PER_ITEM);
      if (!level) {
        index.wide.push(id);
        continue;
      }
      eachBlock(addresses, level.bits, (b) => fileUnder(level.blocks, b, id));
    }
  }

  /** Every item filed under a block that `set` touches: a superset of the items overlapping it, in order. */
  candidates(set: IpSet): T[] {
    const { found, visit } = this.marks.start();
    for (const family of [4, 6] as const) {
      const addresses = set.family(family);
      if (addresses.isEmpty()) continue;
      const { levels, wide } = this.families[family];
      wide.forEach(visit);
      for (const { bits, blocks } of levels) {
        if (blocks.size === 0) continue;
        if (span(addresses, bits) > blocks.size) {
          for (const list of blocks.values()) list.forEach(visit);
          continue;
        }
        eachBlock(addresses, bits, (b) => blocks.get(b)?.forEach(visit));
      }
    }
    return found.sort((a, b) => a - b).map((id) => this.items[id]!);
  }
}

/** Files an item id under a block key (once, however many intervals of the item touch the block). */
function fileUnder(blocks: Map<number, number[]>, key: number, id: number): void {
  const list = blocks.get(key);
  if (!list) blocks.set(key, [id]);
  else if (list[list.length - 1] !== id) list.push(id);
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
  private readonly levels: Readonly<Record<Family, readonly { readonly bits: number; readonly blocks: Map<number, Map<number, number[]>> }[]>> = {
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
      const a = first.family(family);
      const b = second.family(family);
      if (a.isEmpty() || b.isEmpty()) continue;
      const level = this.levels[family].find((l) => span(a, l.bits) <= MAX_BLOCKS_PER_ITEM && span(b, l.bits) <= MAX_BLOCKS_PER_ITEM);
      if (!level) {
        tooWide = true;
        continue;
      }
      paired = true;
      eachBlock(a, level.bits, (x) => {
        let inner = level.blocks.get(x);
        if (!inner) level.blocks.set(x, (inner = new Map()));
        const blocks = inner;
        eachBlock(b, level.bits, (y) => fileUnder(blocks, y, id));
      });
    }
    if (tooWide || !paired) this.byFirst.add(id, first);
  }

  /** Every item filed under blocks both sets touch (or, for wide items, the first set): a superset, in order. */
  candidates(first: IpSet, second: IpSet): T[] {
    const { found, visit } = this.marks.start();
    this.byFirst.candidates(first).forEach(visit);
    for (const family of [4, 6] as const) {
      const a = first.family(family);
      const b = second.family(family);
      if (a.isEmpty() || b.isEmpty()) continue;
      for (const { bits, blocks } of this.levels[family]) {
        if (blocks.size === 0) continue;
        const visitInner = (inner: Map<number, number[]>): void => {
          if (span(b, bits) > inner.size) {
            for (const list of inner.values()) list.forEach(visit);
            return;
          }
          eachBlock(b, bits, (y) => inner.get(y)?.forEach(visit));
        };
        if (span(a, bits) > blocks.size) {
          for (const inner of blocks.values()) visitInner(inner);
          continue;
        }
        eachBlock(a, bits, (x) => {
          const inner = blocks.get(x);
          if (inner) visitInner(inner);
        });
      }
    }
    return found.sort((x, y) => x - y).map((id) => this.items[id]!);
  }
}
