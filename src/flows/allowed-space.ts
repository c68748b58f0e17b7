// What a firewall lets through, worked out once from its rule base: the packets each allow rule decides
// (its share after the rules before it), filed by source address. Traffic arriving at the firewall is then
// cut against the few parts its sources can meet, instead of being run through the rule base again for
// every source that reaches the firewall.

import { AddressIndex } from '../net/address-index';
import { IntervalSet } from '../net/interval-set';
import type { Family } from '../net/ip';
import { IpSet } from '../net/ip-set';
import { PacketSpace, type Packet } from '../net/packet-space';
import type { FirewallRule } from '../model/types';
import type { RuleReach } from './rule-base';

export interface AllowedSpace {
  /**
   * The packets of `arriving` the firewall allows; with `pinnedToo` false, those allowed by pinned rules are
   * left out. `scope` holds every destination of `arriving`, and `sources` every source: the parts reaching
   * none of them are never looked at. Callers pass the same few sets again and again (a traffic source's
   * addresses, a tier's exits): the parts worth looking at are worked out once per pair of sets.
   */
  pass(arriving: PacketSpace, pinnedToo: boolean, scope: IpSet, sources: IpSet): PacketSpace;
  /** The allow rule that decides the packet, or undefined when the firewall does not allow it. */
  allowing(packet: Packet): FirewallRule | undefined;
}

/**
 * Compiles the allow decisions of a rule base whose default is deny. `reaches` are the firewall's enabled
 * rules in order (from `analyzeRuleBase`); `pinned` says which rules count as pinned.
 */
export function compileAllowed(reaches: readonly RuleReach[], pinned: (reach: RuleReach) => boolean): AllowedSpace {
  // One part per cube of what an allow rule decides, kept in columns: the searches below read only the
  // sources and destinations of many parts, and the rest of few.
  const rules: FirewallRule[] = [];
  const spaces: PacketSpace[] = [];
  const srcs: IntervalSet[] = [];
  const dsts: IntervalSet[] = [];
  const families: Family[] = [];
  const pinnedParts: boolean[] = [];
  const index = new AddressIndex<number>();
  for (const reach of reaches) {
    if (reach.rule.action !== 'allow' || !reach.reachable) continue;
    const isPinned = pinned(reach);
    for (const space of reach.reached.pieces()) {
      const cube = space.cubes[0]!;
      index.add(spaces.length, cube.family === 4 ? IpSet.from(cube.src, IntervalSet.EMPTY) : IpSet.from(IntervalSet.EMPTY, cube.src));
      rules.push(reach.rule);
      spaces.push(space);
      srcs.push(cube.src);
      dsts.push(cube.dst);
      families.push(cube.family);
      pinnedParts.push(isPinned);
    }
  }
  // The parts whose sources meet a source set and whose destinations meet a scope, by source set, scope and
  // whether pinned parts count.
  const relevant = new Map<IpSet, Map<IpSet, [number[], number[]]>>();
  // Most sources meet no part at all: the sources the allow rules name say so at once (the parts' sources lie
  // within them, and rules share their address sets, so there are few to merge).
  let partSources: IpSet | undefined;
  const allSources = (): IpSet => {
    if (!partSources) {
      const named = new Set<IpSet>();
      for (const reach of reaches) if (reach.rule.action === 'allow' && reach.reachable) named.add(reach.rule.from.set);
      partSources = IpSet.from(IntervalSet.unionAll([...named].map((set) => set.v4)), IntervalSet.unionAll([...named].map((set) => set.v6)));
    }
    return partSources;
  };
  const NONE: [number[], number[]] = [[], []];
  const partsFor = (sources: IpSet, scope: IpSet, pinnedToo: boolean): readonly number[] => {
    let byScope = relevant.get(sources);
    if (!byScope) relevant.set(sources, (byScope = new Map()));
    let lists = byScope.get(scope);
    if (!lists && !sources.overlaps(allSources())) byScope.set(scope, (lists = NONE));
    if (!lists) {
      const all: number[] = [];
      const unpinned: number[] = [];
      for (const id of index.candidates(sources)) {
        const family = families[id]!;
        if (!srcs[id]!.overlaps(sources.family(family)) || !dsts[id]!.overlaps(scope.family(family))) continue;
        all.push(id);
        if (!pinnedParts[id]) unpinned.push(id);
      }
      byScope.set(scope, (lists = [all, unpinned]));
    }
    return pinnedToo ? lists[0] : lists[1];
  };
  return {
    pass(arriving, pinnedToo, scope, sources) {
      if (arriving.isEmpty()) return PacketSpace.EMPTY;
      const pieces: PacketSpace[] = [];
      // The parts are disjoint, and so are the cubes of `arriving`: the pieces need no subtraction.
      for (const id of partsFor(sources, scope, pinnedToo)) {
        const piece = arriving.intersect(spaces[id]!);
        if (!piece.isEmpty()) pieces.push(piece);
      }
      return PacketSpace.unionOfDisjoint(pieces);
    },
    allowing(packet) {
      for (const id of index.candidates(IpSet.of(packet.family, packet.src, packet.src))) {
        if (spaces[id]!.contains(packet)) return rules[id];
      }
      return undefined;
    },
  };
}
