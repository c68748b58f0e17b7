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

/** One cube of what an allow rule decides, with the parts of it the searches read. */
interface Part {
  readonly rule: FirewallRule;
  readonly space: PacketSpace;
  readonly family: Family;
  readonly src: IntervalSet;
  readonly dst: IntervalSet;
}

/**
 * Compiles the allow decisions of a rule base whose default is deny. `reaches` are the firewall's enabled
 * rules in order (from `analyzeRuleBase`); `pinned` says which rules count as pinned.
 */
export function compileAllowed(reaches: readonly RuleReach[], pinned: (reach: RuleReach) => boolean): AllowedSpace {
  // The allow rules that decide something, grouped by the address set they name as source (rules share
  // their sets), and the sets indexed by address. What a rule decides is cut into parts only when some
  // traffic can meet it: traffic followed between tiers meets few of a firewall's rules.
  const allowRules: RuleReach[] = [];
  const bySource = new Map<IpSet, number[]>();
  const index = new AddressIndex<IpSet>();
  for (const reach of reaches) {
    if (reach.rule.action !== 'allow' || !reach.reachable) continue;
    const set = reach.rule.from.set;
    let group = bySource.get(set);
    if (!group) {
      bySource.set(set, (group = []));
      index.add(set, set);
    }
    group.push(allowRules.length);
    allowRules.push(reach);
  }
  const partsOf: (Part[] | undefined)[] = new Array<Part[] | undefined>(allowRules.length);
  const parts = (k: number): Part[] => {
    let list = partsOf[k];
    if (!list) {
      const { rule } = allowRules[k]!;
      list = allowRules[k]!.reached.pieces().map((space) => {
        const cube = space.cubes[0]!;
        return { rule, space, family: cube.family, src: cube.src, dst: cube.dst };
      });
      partsOf[k] = list;
    }
    return list;
  };
  /** The positions (in `allowRules`) of the rules whose named sources meet `sources`, ascending. */
  const rulesFrom = (sources: IpSet): number[] => {
    const found: number[] = [];
    for (const set of index.candidates(sources)) if (set.overlaps(sources)) found.push(...bySource.get(set)!);
    return found.sort((a, b) => a - b);
  };
  // The parts whose sources meet a source set and whose destinations meet a scope, by source set, scope and
  // whether pinned parts count.
  const relevant = new Map<IpSet, Map<IpSet, [Part[], Part[]]>>();
  // Most sources meet no allow rule at all: the union of the rules' named sources says so at once.
  let ruleSources: IpSet | undefined;
  const allSources = (): IpSet => {
    if (!ruleSources) {
      const sets = [...bySource.keys()];
      ruleSources = IpSet.from(IntervalSet.unionAll(sets.map((set) => set.v4)), IntervalSet.unionAll(sets.map((set) => set.v6)));
    }
    return ruleSources;
  };
  const NONE: [Part[], Part[]] = [[], []];
  const partsFor = (sources: IpSet, scope: IpSet, pinnedToo: boolean): readonly Part[] => {
    let byScope = relevant.get(sources);
    if (!byScope) relevant.set(sources, (byScope = new Map()));
    let lists = byScope.get(scope);
    if (!lists && !sources.overlaps(allSources())) byScope.set(scope, (lists = NONE));
    if (!lists) {
      const all: Part[] = [];
      const unpinned: Part[] = [];
      for (const k of rulesFrom(sources)) {
        const reach = allowRules[k]!;
        if (!reach.rule.to.set.overlaps(scope)) continue;
        const isPinned = pinned(reach);
        for (const part of parts(k)) {
          if (!part.src.overlaps(sources.family(part.family)) || !part.dst.overlaps(scope.family(part.family))) continue;
          all.push(part);
          if (!isPinned) unpinned.push(part);
        }
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
      for (const part of partsFor(sources, scope, pinnedToo)) {
        const piece = arriving.intersect(part.space);
        if (!piece.isEmpty()) pieces.push(piece);
      }
      return PacketSpace.unionOfDisjoint(pieces);
    },
    allowing(packet) {
      // What the rules decide is disjoint: at most one rule's share holds the packet.
      for (const k of rulesFrom(IpSet.of(packet.family, packet.src, packet.src))) {
        if (allowRules[k]!.reached.contains(packet)) return allowRules[k]!.rule;
      }
      return undefined;
    },
  };
}
