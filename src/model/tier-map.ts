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
  /** Categories whose addresses the set touches. */
  categoriesOf(set: IpSet): Category[];
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
  return {
    categories,
    addressesOf,
    zoned: union(categories),
    outside: union(categories.filter((c) => !isTier(c))),
    categoriesOf: (set) => categories.filter((c) => addressesOf(c).overlaps(set)),
    crossings(space) {
      if (space.isEmpty()) return [];
      const srcs = space.srcs();
      const dsts = space.dsts();
      const out: Crossing[] = [];
      for (const from of categories) {
        const fromAddresses = addressesOf(from);
        if (!fromAddresses.overlaps(srcs)) continue;
        const leaving = space.restrict(fromAddresses, undefined);
        for (const to of categories) {
          if (to === from || (!isTier(from) && !isTier(to))) continue;
          const toAddresses = addressesOf(to);
          if (!toAddresses.overlaps(dsts)) continue;
          const part = leaving.restrict(undefined, toAddresses);
          if (!part.isEmpty()) out.push({ from, to, space: part });
        }
      }
      return out;
    },
  };
}
