// Where the tier boundaries run through address space: the addresses of each tier and outside network,
// and which parts of a set of packets cross from one of them to another.

import type { IntervalSet } from '../net/interval-set';
import { IpSet } from '../net/ip-set';
import type { PacketSpace } from '../net/packet-space';
import { TIERS, type Category, type NetworkModel, type Tier } from './types';

export interface Crossing {
  readonly from: Category;
  readonly to: Category;
  readonly space: PacketSpace;
}

export interface TierMap {
  /** Categories that own at least one address, in a stable order (tiers first). */
  readonly categories: readonly Category[];
  /** The addresses owned by the zones of a category. */
  addressesOf(category: Category): IpSet;
  /** Addresses owned by some zone. */
  readonly zoned: IpSet;
  /** Addresses owned by a zone of an outside network. */
  readonly outside: IpSet;
  /** Categories whose addresses the set touches. */
  categoriesOf(set: IpSet): readonly Category[];
  /** False when no packet from `srcs` to `dsts` crosses a boundary (a quick test before `crossings`; true may still find none). */
  mayCross(srcs: IpSet, dsts: IpSet): boolean;
  /**
   * The parts of `space` that go from one category to another where at least one side is a tier of the
   * body's own network (between two outside networks nothing crosses a boundary of the body).
   */
  crossings(space: PacketSpace): Crossing[];
}

export function isTier(category: Category): category is Tier {
  return (TIERS as readonly string[]).includes(category);
}

/** Whether a crossing goes into or out of the My Number tier. */
export function involvesMyNumber(crossing: { readonly from: Category; readonly to: Category }): boolean {
  return crossing.from === 'mynumber' || crossing.to === 'mynumber';
}

/** Whether a crossing goes between two tiers of the body, or into or out of the My Number tier. */
export function isInterTier(crossing: { readonly from: Category; readonly to: Category }): boolean {
  return (isTier(crossing.from) && isTier(crossing.to)) || involvesMyNumber(crossing);
}

export function buildTierMap(model: NetworkModel): TierMap {
  const byCategory = new Map<Category, IpSet>();
  for (const zone of model.zones.values()) {
    if (zone.own.isEmpty()) continue;
    byCategory.set(zone.category, (byCategory.get(zone.category) ?? IpSet.EMPTY).union(zone.own));
  }
  const rank = (c: Category): number => (isTier(c) ? TIERS.indexOf(c) : TIERS.length);
  const categories = [...byCategory.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const addressesOf = (category: Category): IpSet => byCategory.get(category) ?? IpSet.EMPTY;
  const union = (cs: readonly Category[]): IpSet => cs.reduce((s, c) => s.union(addressesOf(c)), IpSet.EMPTY);
  // Every rule asks which categories its addresses touch: the address space is cut once into stretches,
  // each with the set of categories owning it (a bit per category), and a set's categories are read off
  // the stretches its intervals cover.
  const v4 = stretchesOf(categories.map((c) => addressesOf(c).v4));
  const v6 = stretchesOf(categories.map((c) => addressesOf(c).v6));
  const byMask = new Map<number, readonly Category[]>();
  const categoriesOf = (set: IpSet): readonly Category[] => {
    const mask = maskOf(v4, set.v4) | maskOf(v6, set.v6);
    let found = byMask.get(mask);
    if (!found) byMask.set(mask, (found = categories.filter((_, i) => (mask & (1 << i)) !== 0)));
    return found;
  };
  const crosses = (a: Category, b: Category): boolean => b !== a && (isTier(a) || isTier(b));
  return {
    categories,
    addressesOf,
    zoned: union(categories),
    outside: union(categories.filter((c) => !isTier(c))),
    categoriesOf,
    mayCross: (srcs, dsts) => {
      const to = categoriesOf(dsts);
      return categoriesOf(srcs).some((a) => to.some((b) => crosses(a, b)));
    },
    crossings(space) {
      if (space.isEmpty()) return [];
      const from = categoriesOf(space.srcs());
      const to = categoriesOf(space.dsts());
      const out: Crossing[] = [];
      for (const a of from) {
        const leaving = space.restrict(addressesOf(a), undefined);
        for (const b of to) {
          if (!crosses(a, b)) continue;
          const part = leaving.restrict(undefined, addressesOf(b));
          if (!part.isEmpty()) out.push({ from: a, to: b, space: part });
        }
      }
      return out;
    },
  };
}

/** Stretches of one address family: stretch k runs from `starts[k]` up to the next start and is owned by the categories of `masks[k]`. */
interface Stretches {
  readonly starts: readonly bigint[];
  /** The same starts as doubles, exact below 2^53 (IPv4). */
  readonly approximate: readonly number[];
  readonly masks: readonly number[];
}

/** Cuts a family's address space where any of the sets (one per category: nine at most) begins or ends. */
function stretchesOf(sets: readonly IntervalSet[]): Stretches {
  const cuts = new Set<bigint>([0n]);
  for (const set of sets) for (const [lo, hi] of set.intervals) cuts.add(lo).add(hi + 1n);
  const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const masks = starts.map((start) => sets.reduce((mask, set, i) => (set.contains(start) ? mask | (1 << i) : mask), 0));
  return { starts, approximate: starts.map(Number), masks };
}

/** The categories (bits) of every stretch a set touches. */
function maskOf(stretches: Stretches, set: IntervalSet): number {
  if (set.isEmpty()) return 0;
  let mask = 0;
  if (set.highest() < 2 ** 53) {
    // Exact as doubles: read without making bigints.
    if (set.intervalCount === 1) return maskBetween(stretches.approximate, stretches.masks, set.lowest(), set.highest());
    const bounds = set.approximate();
    for (let k = 0; k < bounds.length; k += 2) mask |= maskBetween(stretches.approximate, stretches.masks, bounds[k]!, bounds[k + 1]!);
    return mask;
  }
  for (const [lo, hi] of set.intervals) mask |= maskBetween(stretches.starts, stretches.masks, lo, hi);
  return mask;
}

function maskBetween<T extends number | bigint>(starts: readonly T[], masks: readonly number[], lo: T, hi: T): number {
  // The last stretch starting at or below `lo` (the first starts at 0), then every stretch starting up to `hi`.
  let a = 0;
  let b = starts.length - 1;
  while (a < b) {
    const mid = (a + b + 1) >> 1;
    if (starts[mid]! <= lo) a = mid;
    else b = mid - 1;
  }
  let mask = 0;
  for (let k = a; k < starts.length && starts[k]! <= hi; k++) mask |= masks[k]!;
  return mask;
}
