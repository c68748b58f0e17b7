// What a firewall lets through, worked out once from its rule base: the packets each allow rule decides
// (its share after the rules before it), found by the address sets the rules name. Traffic arriving at the
// firewall is then cut against the few parts its sources can meet, instead of being run through the rule
// base again for every source that reaches the firewall.

import { AddressIndex } from '../net/address-index';
import { IntervalSet } from '../net/interval-set';
import type { Family } from '../net/ip';
import { IpSet } from '../net/ip-set';
import { emptyList } from '../net/lists';
import { PacketSpace, type Packet } from '../net/packet-space';
import type { RuleReach } from './rule-base';

export interface AllowedSpace {
  /**
   * The packets of `arriving` the firewall allows; with `pinnedToo` false, those allowed by pinned rules are
   * left out. `scope` holds every destination of `arriving`, and `sources` every source: the parts reaching
   * none of them are never looked at. Callers pass the same few sets again and again (a traffic source's
   * addresses, a tier's exits): the parts worth looking at are worked out once per pair of sets.
   */
  pass(arriving: PacketSpace, pinnedToo: boolean, scope: IpSet, sources: IpSet): PacketSpace;
  /** The allow rule that decides the packet (with what it decides), or undefined when the firewall does not allow it. */
  allowing(packet: Packet): RuleReach | undefined;
}

/** One cube of what an allow rule decides, with the parts of it the searches read. */
interface Part {
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
  // The allow rules that decide something, grouped by the address sets they name as source and as
  // destination (rules share their sets), and the source sets indexed by address. What a rule decides is cut
  // into parts only when some traffic can meet it: traffic followed between tiers meets few of a firewall's
  // rules.
  const allowRules: RuleReach[] = [];
  /** The distinct source and destination sets, numbered, and each allow rule's two numbers. */
  const sourceSets: IpSet[] = [];
  const destinations: IpSet[] = [];
  const sourceOf: number[] = [];
  const destinationOf: number[] = [];
  const sourceNumber = new Map<IpSet, number>();
  const destinationNumber = new Map<IpSet, number>();
  const numbered = (set: IpSet, numbers: Map<IpSet, number>, sets: IpSet[]): number => {
    let number = numbers.get(set);
    if (number === undefined) {
      numbers.set(set, (number = sets.length));
      sets.push(set);
    }
    return number;
  };
  for (const reach of reaches) {
    if (reach.rule.action !== 'allow' || !reach.reachable) continue;
    sourceOf.push(numbered(reach.rule.from.set, sourceNumber, sourceSets));
    destinationOf.push(numbered(reach.rule.to.set, destinationNumber, destinations));
    allowRules.push(reach);
  }
  // The rules in order of source set, then destination set, then position: a group of rules naming the same
  // two sets is a run, and a source set's groups are a run of groups (plain lists: a firewall has a group per
  // rule or so, too many to give each a list of its own).
  const byGroup = allowRules.map((_, k) => k).sort((a, b) => sourceOf[a]! - sourceOf[b]! || destinationOf[a]! - destinationOf[b]! || a - b);
  /** Per group: its destination set's number, and where its rules start in `byGroup` (one entry more, the end). */
  const groupDestination: number[] = [];
  const groupStart: number[] = [];
  /** Per source set: its first group, and one past its last. */
  const sourceGroups: number[] = new Array<number>(sourceSets.length * 2).fill(0);
  byGroup.forEach((k, i) => {
    const previous = i > 0 ? byGroup[i - 1]! : -1;
    if (previous >= 0 && sourceOf[previous] === sourceOf[k] && destinationOf[previous] === destinationOf[k]) return;
    if (previous < 0 || sourceOf[previous] !== sourceOf[k]) sourceGroups[2 * sourceOf[k]!] = groupStart.length;
    groupDestination.push(destinationOf[k]!);
    groupStart.push(i);
    sourceGroups[2 * sourceOf[k]! + 1] = groupStart.length;
  });
  groupStart.push(byGroup.length);
  const index = new AddressIndex<number>();
  sourceSets.forEach((set, number) => index.add(number, set));
  const partsOf: (Part[] | undefined)[] = new Array<Part[] | undefined>(allowRules.length);
  const parts = (k: number): Part[] => {
    let list = partsOf[k];
    if (!list) {
      list = allowRules[k]!.reached.pieces().map((space) => {
        const cube = space.cubes[0]!;
        return { space, family: cube.family, src: cube.src, dst: cube.dst };
      });
      partsOf[k] = list;
    }
    return list;
  };
  /**
   * The positions (in `allowRules`) of the rules whose named sources meet `sources` and whose named
   * destinations (by number) pass `destinationMeets`, ascending.
   */
  const rulesBetween = (sources: IpSet, destinationMeets: (to: number) => boolean): number[] => {
    const found: number[] = [];
    for (const number of index.candidates(sources)) {
      if (!sourceSets[number]!.overlaps(sources)) continue;
      for (let g = sourceGroups[2 * number]!; g < sourceGroups[2 * number + 1]!; g++) {
        if (destinationMeets(groupDestination[g]!)) for (let i = groupStart[g]!; i < groupStart[g + 1]!; i++) found.push(byGroup[i]!);
      }
    }
    return found.sort((a, b) => a - b);
  };
  /** Whether each destination set meets a scope, worked out once per scope (a firewall sees few scopes). */
  const meetsScope = new Map<IpSet, (to: number) => boolean>();
  const meetingScope = (scope: IpSet): ((to: number) => boolean) => {
    let meets = meetsScope.get(scope);
    if (!meets) {
      const known = new Int8Array(destinations.length); // 0 not asked yet, 1 meets, -1 does not
      meets = (to) => {
        if (known[to] === 0) known[to] = destinations[to]!.overlaps(scope) ? 1 : -1;
        return known[to] === 1;
      };
      meetsScope.set(scope, meets);
    }
    return meets;
  };
  // The parts whose sources meet a source set and whose destinations meet a scope, by source set, scope and
  // whether pinned parts count.
  const relevant = new Map<IpSet, Map<IpSet, [Part[], Part[]]>>();
  const NONE: readonly Part[] = emptyList();
  // Most sources meet no allow rule at all: the union of the rules' named sources says so at once.
  let ruleSources: IpSet | undefined;
  const allSources = (): IpSet => {
    if (!ruleSources) {
      ruleSources = IpSet.from(IntervalSet.unionAll(sourceSets.map((set) => set.v4)), IntervalSet.unionAll(sourceSets.map((set) => set.v6)));
    }
    return ruleSources;
  };
  const partsFor = (sources: IpSet, scope: IpSet, pinnedToo: boolean): readonly Part[] => {
    let byScope = relevant.get(sources);
    let lists = byScope?.get(scope);
    if (!lists) {
      // Asked about many sources once each, and most meet no rule: those are answered without remembering.
      if (!sources.overlaps(allSources())) return NONE;
      const all: Part[] = [];
      const unpinned: Part[] = [];
      for (const k of rulesBetween(sources, meetingScope(scope))) {
        const reach = allowRules[k]!;
        const isPinned = pinned(reach);
        for (const part of parts(k)) {
          if (!part.src.overlaps(sources.family(part.family)) || !part.dst.overlaps(scope.family(part.family))) continue;
          all.push(part);
          if (!isPinned) unpinned.push(part);
        }
      }
      if (!byScope) relevant.set(sources, (byScope = new Map()));
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
      const source = IpSet.of(packet.family, packet.src, packet.src);
      for (const k of rulesBetween(source, (to) => destinations[to]!.contains(packet.family, packet.dst))) {
        if (allowRules[k]!.reached.contains(packet)) return allowRules[k];
      }
      return undefined;
    },
  };
}
