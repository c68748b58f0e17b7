// What a netfilter chain decides, as a first-match list of packet spaces: user chains, jumps, gotos and
// RETURN are unfolded into the chain that calls them, each entry keeping the rule (and so the line) it
// comes from. An entry's space is the rule's match within the packets that reach the rule (the jumps that
// lead there, minus what RETURNs and gotos took away before it); under first match the list decides
// every packet as the kernel does. Interfaces (`-i`, `-o`) become the addresses of the zones behind them.
//
// A flow is the first packet of a new connection: `--ctstate NEW` and `--syn` match it, ESTABLISHED or
// RELATED alone do not. ICMP is as connection tracking sees a packet that opens nothing: requests (echo,
// timestamp…) are NEW, replies and errors INVALID, and IPv6 neighbour discovery and MLD UNTRACKED. Options sanso does not model make a rule approximate: it is taken as matching
// when it accepts and as not matching when it drops, so what may pass is never under-estimated.

import type { Family } from '../net/ip';
import { IpSet } from '../net/ip-set';
import { IntervalSet } from '../net/interval-set';
import { PacketSpace, PORT_UNIVERSE, PROTO_UNIVERSE } from '../net/packet-space';
import { PORT_MAX, PROTO_ICMP, PROTO_ICMPV6 } from '../net/service';
import type { IptablesChain, IptablesRule, IptablesRuleset, Negatable } from './iptables-save';

export interface FlatEntry {
  readonly rule: IptablesRule;
  readonly space: PacketSpace;
  readonly action: 'allow' | 'deny';
  /** A LOG rule before it in the traversal takes every packet of the entry. */
  readonly logged: boolean;
  /** Why the entry is approximate: options not modelled in the rule or in a jump leading to it. */
  readonly approximate: readonly string[];
}

export interface FlatChain {
  readonly entries: readonly FlatEntry[];
  /** The built-in chain's policy, and its line. */
  readonly policy: 'ACCEPT' | 'DROP';
  readonly policyLine: number;
  /**
   * Rules left out because they could only narrow what passes and match in a way sanso does not model, with
   * the matches that make them uncertain (their own, or those of the jumps that lead to them).
   */
  readonly ignored: readonly { readonly rule: IptablesRule; readonly options: readonly string[] }[];
  /** Jumps that would loop (iptables-restore refuses them), by line. */
  readonly loops: readonly IptablesRule[];
}

/** The addresses behind an interface name as `-i`/`-o` give it (a trailing `+` matches a prefix). */
export type InterfaceAddresses = (name: string) => IpSet;

const PORT_PROTOCOLS = IntervalSet.fromIntervals([[6n, 6n], [17n, 17n], [33n, 33n], [132n, 132n], [136n, 136n]]);
const LOG_TARGETS = new Set(['LOG', 'NFLOG', 'ULOG']);

/**
 * Unfolds a built-in chain (`FORWARD` of the `filter` table by default); without `behind`, interfaces have
 * nothing behind them. Returns undefined when the table
 * or chain is not in the ruleset, or the chain has no policy (it is not built in).
 */
export function flattenChain(ruleset: IptablesRuleset, behind: InterfaceAddresses = () => IpSet.EMPTY, tableName = 'filter', chainName = 'FORWARD'): FlatChain | undefined {
  const table = ruleset.tables.get(tableName);
  const start = table?.chains.get(chainName);
  if (!table || !start?.policy) return undefined;
  const family = ruleset.family;
  const any = IpSet.anyOf(family);
  const universe = PacketSpace.product(any, any, PROTO_UNIVERSE, PORT_UNIVERSE);
  const entries: FlatEntry[] = [];
  const ignored = new Map<IptablesRule, Set<string>>();
  const ignore = (rule: IptablesRule, notes: readonly string[]): void => {
    const known = ignored.get(rule);
    if (known) for (const note of notes) known.add(note);
    else ignored.set(rule, new Set(notes));
  };
  const loops = new Set<IptablesRule>();

  const walk = (chain: IptablesChain, reaching: PacketSpace, logged: PacketSpace, approximate: readonly string[], stack: readonly string[]): void => {
    let guard = reaching;
    let logs = logged;
    for (const rule of chain.rules) {
      if (guard.isEmpty()) return;
      const notes = [...approximate, ...rule.unmodelled];
      const uncertain = notes.length > 0;
      const matched = guard.intersect(matchSpace(rule, family, behind, universe));
      if (matched.isEmpty()) continue;
      const target = rule.target;
      switch (target.kind) {
        case 'ACCEPT':
          entries.push({ rule, space: matched, action: 'allow', logged: rule.logs === true || logs.covers(matched), approximate: notes });
          break;
        case 'DROP':
        case 'REJECT':
          if (uncertain) ignore(rule, notes);
          else entries.push({ rule, space: matched, action: 'deny', logged: rule.logs === true || logs.covers(matched), approximate: notes });
          break;
        case 'RETURN':
          if (uncertain) ignore(rule, notes);
          else guard = guard.difference(matched);
          break;
        case 'jump':
        case 'goto': {
          if (stack.includes(target.chain)) {
            loops.add(rule);
            break;
          }
          walk(table.chains.get(target.chain)!, matched, logs, notes, [...stack, target.chain]);
          // After a goto nothing comes back to this chain (what the called chain does not decide returns to our caller).
          if (target.kind === 'goto' && !uncertain) guard = guard.difference(matched);
          break;
        }
        case 'continue':
          if (target.name !== undefined && LOG_TARGETS.has(target.name) && !uncertain) logs = logs.union(matched);
          break;
      }
    }
  };
  walk(start, universe, PacketSpace.EMPTY, [], [chainName]);
  return { entries, policy: start.policy, policyLine: start.line, ignored: [...ignored].map(([rule, options]) => ({ rule, options: [...options] })), loops: [...loops] };
}

/** Every packet of the family the rule's modelled matches take (its unmodelled options are left out). */
export function matchSpace(rule: IptablesRule, family: Family, behind: InterfaceAddresses, universe: PacketSpace): PacketSpace {
  const any = IpSet.anyOf(family);
  const m = rule.match;
  let space = universe;
  const apply = <T>(field: Negatable<T> | undefined, part: (value: T) => PacketSpace): void => {
    if (!field || space.isEmpty()) return;
    const taken = part(field.value);
    space = field.negated ? space.difference(taken) : space.intersect(taken);
  };
  apply(m.src, (set) => PacketSpace.product(set, any, PROTO_UNIVERSE, PORT_UNIVERSE));
  apply(m.dst, (set) => PacketSpace.product(any, set, PROTO_UNIVERSE, PORT_UNIVERSE));
  apply(m.srcRange, (set) => PacketSpace.product(set, any, PROTO_UNIVERSE, PORT_UNIVERSE));
  apply(m.dstRange, (set) => PacketSpace.product(any, set, PROTO_UNIVERSE, PORT_UNIVERSE));
  apply(m.inInterface, (name) => PacketSpace.product(behind(name), any, PROTO_UNIVERSE, PORT_UNIVERSE));
  apply(m.outInterface, (name) => PacketSpace.product(any, behind(name), PROTO_UNIVERSE, PORT_UNIVERSE));
  apply(m.protocol, (protocols) => PacketSpace.product(any, any, protocols, PORT_UNIVERSE));
  // Ports belong to the rule's protocol (iptables requires -p tcp, udp, … for them).
  const portProtocols = m.protocol && !m.protocol.negated ? m.protocol.value : PORT_PROTOCOLS;
  apply(m.dports, (ports) => PacketSpace.product(any, any, portProtocols, ports));
  const icmp = IntervalSet.point(BigInt(family === 4 ? PROTO_ICMP : PROTO_ICMPV6));
  // In the port dimension, ICMP type 255 stands for every value from 255 up.
  apply(m.icmpTypes, (types) => PacketSpace.product(any, any, icmp, types.max() === 255n ? types.union(IntervalSet.of(255n, BigInt(PORT_MAX))) : types));
  apply(m.states, (states) => stateSpace(family, states, universe));
  apply(m.syn, () => universe);
  return space;
}

/** ICMP types connection tracking takes as opening a connection; and, for ICMPv6, those it does not track. */
const ICMP_NEW: Record<Family, readonly number[]> = { 4: [8, 13, 15, 17], 6: [128, 139] };
const ICMPV6_UNTRACKED = [130, 131, 132, 133, 134, 135, 136, 143];

/** The packets whose first packet has one of the connection-tracking states. */
function stateSpace(family: Family, states: readonly string[], universe: PacketSpace): PacketSpace {
  const any = IpSet.anyOf(family);
  const icmp = IntervalSet.point(BigInt(family === 4 ? PROTO_ICMP : PROTO_ICMPV6));
  const types = (list: readonly number[]): IntervalSet => IntervalSet.fromIntervals(list.map((t) => [BigInt(t), BigInt(t)] as const));
  const icmpOf = (set: IntervalSet): PacketSpace => PacketSpace.product(any, any, icmp, set);
  const allIcmp = icmpOf(PORT_UNIVERSE);
  const isNew = icmpOf(types(ICMP_NEW[family]));
  const untracked = family === 6 ? icmpOf(types(ICMPV6_UNTRACKED)) : PacketSpace.EMPTY;
  const invalid = allIcmp.difference(isNew).difference(untracked);
  let space = PacketSpace.EMPTY;
  if (states.includes('NEW')) space = space.union(universe.difference(allIcmp)).union(isNew);
  if (states.includes('INVALID')) space = space.union(invalid);
  if (states.includes('UNTRACKED')) space = space.union(untracked);
  return space;
}
