// Where the tier boundaries run through address space: the addresses of each tier and outside network,
// and which parts of a set of packets cross from one of them to another.

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
  /** Categories whose addresses the set touches (remembered per set object: rules share their address sets). */
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
  // Interval sets gallop, so this is cheap even against the Internet's many holes.
  const known = new WeakMap<IpSet, readonly Category[]>();
  const categoriesOf = (set: IpSet): readonly Category[] => {
    let found = known.get(set);
    if (!found) known.set(set, (found = categories.filter((c) => addressesOf(c).overlaps(set))));
    return found;
  };
  const crosses = (a: Category, b: Category): boolean => b !== a && (isTier(a) || isTier(b));
  return {
    categories,
    addressesOf,
    zoned: union(categories),
    outside: union(categories.filter((c) => !isTier(c))),
    categoriesOf,
    mayCross: (srcs, dsts) => categoriesOf(srcs).some((a) => categoriesOf(dsts).some((b) => crosses(a, b))),
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
