// What a firewall lets through, worked out once from its rule base: the packets each allow rule decides
// (its share after the rules before it), filed by source address. Traffic arriving at the firewall is then
// cut against the few parts its sources can meet, instead of being run through the rule base again for
// every source that reaches the firewall.

import { AddressIndex } from '../net/address-index';
import { IntervalSet } from '../net/interval-set';
import { IpSet } from '../net/ip-set';
import { PacketSpace, type Packet } from '../net/packet-space';
import type { FirewallRule } from '../model/types';
import type { RuleReach } from './rule-base';

/** One cube of what an allow rule decides. */
interface Part {
  readonly rule: FirewallRule;
  readonly space: PacketSpace;
  readonly pinned: boolean;
}

export interface AllowedSpace {
  /**
   * The packets of `arriving` the firewall allows; with `pinnedToo` false, those allowed by pinned rules are
   * left out. `scope` holds every destination of `arriving`: the parts reaching none of it are never looked at.
   */
  pass(arriving: PacketSpace, pinnedToo: boolean, scope: IpSet): PacketSpace;
  /** The allow rule that decides the packet, or undefined when the firewall does not allow it. */
  allowing(packet: Packet): FirewallRule | undefined;
}

/**
 * Compiles the allow decisions of a rule base whose default is deny. `reaches` are the firewall's enabled
 * rules in order (from `analyzeRuleBase`); `pinned` says which rules count as pinned.
 */
export function compileAllowed(reaches: readonly RuleReach[], pinned: (reach: RuleReach) => boolean): AllowedSpace {
  const parts: Part[] = [];
  const index = new AddressIndex<number>();
  for (const reach of reaches) {
    if (reach.rule.action !== 'allow' || !reach.reachable) continue;
    const isPinned = pinned(reach);
    for (const cube of reach.reached.cubes) {
      index.add(parts.length, cube.family === 4 ? IpSet.from(cube.src, IntervalSet.EMPTY) : IpSet.from(IntervalSet.EMPTY, cube.src));
      parts.push({ rule: reach.rule, space: PacketSpace.cube(cube), pinned: isPinned });
    }
  }
  // Traffic is followed towards a few destination sets (one per tier): whether a part reaches one is
  // worked out once per part and set (0 not yet known, 1 yes, 2 no).
  const reachesScope = new Map<IpSet, Uint8Array>();
  const inScope = (id: number, scope: IpSet): boolean => {
    let known = reachesScope.get(scope);
    if (!known) reachesScope.set(scope, (known = new Uint8Array(parts.length)));
    if (known[id] === 0) {
      const cube = parts[id]!.space.cubes[0]!;
      known[id] = cube.dst.overlaps(scope.family(cube.family)) ? 1 : 2;
    }
    return known[id] === 1;
  };
  return {
    pass(arriving, pinnedToo, scope) {
      if (arriving.isEmpty()) return PacketSpace.EMPTY;
      const pieces: PacketSpace[] = [];
      // The parts are disjoint, and so are the cubes of `arriving`: the pieces need no subtraction.
      for (const id of index.candidates(arriving.srcs())) {
        const part = parts[id]!;
        if ((!pinnedToo && part.pinned) || !inScope(id, scope)) continue;
        const piece = arriving.intersect(part.space);
        if (!piece.isEmpty()) pieces.push(piece);
      }
      return PacketSpace.unionOfDisjoint(pieces);
    },
    allowing(packet) {
      for (const id of index.candidates(IpSet.of(packet.family, packet.src, packet.src))) {
        if (parts[id]!.space.contains(packet)) return parts[id]!.rule;
      }
      return undefined;
    },
  };
}
