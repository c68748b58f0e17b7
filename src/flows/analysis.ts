// Which packets can reach which zone: exact reachability over the zone graph, per traffic source, in three
// modes — every allowed packet, only packets some path lets through without a pinned rule, and only packets
// that get there without passing a security-cloud zone. Results are computed on demand and memoised per run.

import type { Hop } from '../core/finding';
import { IntervalSet } from '../net/interval-set';
import { IpSet } from '../net/ip-set';
import { PacketSpace, PORT_UNIVERSE, PROTO_UNIVERSE, type Packet } from '../net/packet-space';
import type { Firewall, FirewallRule, NetworkModel, Zone } from '../model/types';
import { compileAllowed, type AllowedSpace } from './allowed-space';
import { decidePacket, evaluateFirewall, ruleLabel, type Decision } from './first-match';
import { analyzeRuleBase, type RuleReach } from './rule-base';
import { indexRules, type RuleIndex } from './rule-index';
import { buildTopology, type Joint, type Topology } from './topology';

export type ReachMode = 'all' | 'unpinned' | 'bypass';

/** Where traffic starts: the addresses of a zone, or of a host (which may sit in several zones). */
export interface TrafficSource {
  readonly key: string;
  readonly zones: readonly string[];
  readonly addresses: IpSet;
}

export interface FlowAnalysis {
  readonly model: NetworkModel;
  readonly topology: Topology;
  /** Packets from the source that can arrive in each zone (any destination). */
  reach(source: TrafficSource, mode: ReachMode): ReadonlyMap<string, PacketSpace>;
  /** Packets from the source that can reach the addresses of a zone (or the part of them `within` a set). */
  flowTo(source: TrafficSource, zone: string, mode: ReachMode, within?: IpSet): PacketSpace;
  /** One path a single packet can take from the source to its destination, hop by hop. */
  trace(source: TrafficSource, packet: Packet, mode: ReachMode): Hop[] | undefined;
  /**
   * How a firewall decides the part of a source's traffic that holds the packet: the deciding rule (none for
   * the default) and every packet of the source it decides. Undefined for a packet the source does not send.
   */
  decisionOf(firewall: Firewall, source: TrafficSource, packet: Packet): Decision | undefined;
  /** The firewall's enabled rules indexed by address (built once per analysis). */
  ruleIndex(firewall: Firewall): RuleIndex;
  /** How each enabled rule fares against the rules before it (worked out once per analysis, shared with the rule-base checks). */
  ruleBase(firewall: Firewall): readonly RuleReach[];
  /** Every source address from which some packet can arrive at the firewall through the zones attached to it. */
  arriving(firewall: Firewall): IpSet;
}

/** The packets pending in a zone that came through any joint but `joint` (the parts are disjoint). */
function arrivedOtherwise(parts: ReadonlyMap<Joint | undefined, PacketSpace>, joint: Joint): PacketSpace {
  let others: PacketSpace[] | undefined;
  let only: PacketSpace | undefined;
  for (const [from, space] of parts) {
    if (from === joint) continue;
    if (only === undefined) only = space;
    else (others ??= [only]).push(space);
  }
  return others ? PacketSpace.unionOfDisjoint(others) : (only ?? PacketSpace.EMPTY);
}

export function zoneSource(zone: Zone): TrafficSource {
  return { key: `zone:${zone.id}`, zones: [zone.id], addresses: zone.own };
}

/** A pinned rule: single hosts or addresses on both sides and explicit single ports. */
export function isPinned(rule: FirewallRule): boolean {
  return rule.from.pinned && rule.to.pinned && rule.services.pinned;
}

export function isBlocking(mode: ReachMode, zone: Zone): boolean {
  return mode === 'bypass' && zone.category === 'ext:security-cloud';
}

export interface FlowAnalysisOptions {
  /**
   * The destinations worth following from a source (default: every address). Packets travel independently,
   * so restricting where they go changes nothing else: every result is the full one restricted to these
   * destinations. Tier checks follow only traffic that leaves the source's own tier.
   */
  readonly destinations?: (source: TrafficSource) => IpSet;
}

export function createFlowAnalysis(model: NetworkModel, options: FlowAnalysisOptions = {}): FlowAnalysis {
  const topology = buildTopology(model);
  const startMemo = new Map<string, PacketSpace>();
  const scope = (source: TrafficSource): IpSet => options.destinations?.(source) ?? IpSet.ANY;
  /** Every packet the source may send that is worth following. */
  const start = (source: TrafficSource): PacketSpace => {
    let space = startMemo.get(source.key);
    if (!space) startMemo.set(source.key, (space = PacketSpace.product(source.addresses, scope(source), PROTO_UNIVERSE, PORT_UNIVERSE)));
    return space;
  };
  const decisionMemo = new Map<string, readonly Decision[]>();
  const indexes = new Map<Firewall, RuleIndex>();
  const reachMemo = new Map<string, ReadonlyMap<string, PacketSpace>>();

  const ruleIndex = (firewall: Firewall): RuleIndex => {
    let index = indexes.get(firewall);
    if (!index) indexes.set(firewall, (index = indexRules(firewall.rules)));
    return index;
  };
  const ruleBases = new Map<Firewall, readonly RuleReach[]>();
  const ruleBase = (firewall: Firewall): readonly RuleReach[] => {
    let reaches = ruleBases.get(firewall);
    if (!reaches) ruleBases.set(firewall, (reaches = analyzeRuleBase(firewall)));
    return reaches;
  };
  const allowedMemo = new Map<Firewall, AllowedSpace>();

  const decisionOf = (firewall: Firewall, source: TrafficSource, packet: Packet): Decision | undefined => {
    // An allowed packet of a default-deny firewall: its rule's share of the rule base, within the source's traffic.
    const allowing = firewall.defaultAction === 'allow' ? undefined : allowedBy(firewall).allowing(packet);
    if (allowing) return start(source).contains(packet) ? { rule: allowing.rule, action: 'allow', space: start(source).intersect(allowing.reached) } : undefined;
    const key = `${firewall.id}\u0000${source.key}`;
    let decisions = decisionMemo.get(key);
    if (!decisions) decisionMemo.set(key, (decisions = evaluateFirewall(firewall, start(source), ruleIndex(firewall))));
    return decisions.find((d) => d.space.contains(packet));
  };

  /**
   * What a firewall lets through of the packets arriving at it, in a mode. Only the arriving packets are
   * looked at: traffic that reaches another body's firewall over a shared network is usually a sliver of
   * what its source sends, and meets few of that firewall's rules. A default-deny firewall is compiled once
   * into what its allow rules decide; a default-allow one (rare, and reported) is evaluated rule by rule.
   */
  /** What a default-deny firewall allows, compiled on first use. */
  const allowedBy = (firewall: Firewall): AllowedSpace => {
    let allowed = allowedMemo.get(firewall);
    if (!allowed) allowedMemo.set(firewall, (allowed = compileAllowed(ruleBase(firewall), (r) => isPinned(r.rule))));
    return allowed;
  };
  const passes = (firewall: Firewall, arriving: PacketSpace, mode: ReachMode, destinations: IpSet, sources: IpSet): PacketSpace => {
    if (firewall.defaultAction !== 'allow') return allowedBy(firewall).pass(arriving, mode !== 'unpinned', destinations, sources);
    const allowed: PacketSpace[] = [];
    for (const d of evaluateFirewall(firewall, arriving, ruleIndex(firewall))) {
      if (d.action !== 'allow') continue;
      if (mode === 'unpinned' && d.rule && isPinned(d.rule)) continue;
      allowed.push(d.space);
    }
    return PacketSpace.unionOfDisjoint(allowed);
  };

  const reach = (source: TrafficSource, mode: ReachMode): ReadonlyMap<string, PacketSpace> => {
    const key = `${source.key}\u0000${mode}`;
    const memo = reachMemo.get(key);
    if (memo) return memo;
    const result = new Map<string, PacketSpace>();
    // What arrived in a zone and is not followed yet, by the joint it came through (undefined: the source's
    // own traffic), and the zones holding some, in the order they got it.
    const pending = new Map<string, Map<Joint | undefined, PacketSpace>>();
    const queue: string[] = [];
    const destinations = scope(source);
    for (const zoneId of source.zones) {
      if (!model.zones.has(zoneId)) continue;
      result.set(zoneId, start(source));
      if (!pending.has(zoneId)) queue.push(zoneId);
      pending.set(zoneId, new Map([[undefined, start(source)]]));
    }
    for (let head = 0; head < queue.length; head++) {
      const zoneId = queue[head]!;
      const parts = pending.get(zoneId)!;
      pending.delete(zoneId);
      const zone = model.zones.get(zoneId)!;
      if (isBlocking(mode, zone) && !source.zones.includes(zoneId)) continue;
      for (const joint of topology.jointsOf.get(zoneId) ?? []) {
        // What came in through this joint is in every zone of it already, and a joint decides a packet the
        // same whichever side it comes from: sending it through again would add nothing.
        const delta = arrivedOtherwise(parts, joint);
        if (delta.isEmpty()) continue;
        const through = joint.kind === 'firewall' ? passes(joint.firewall, delta, mode, destinations, source.addresses) : delta;
        if (through.isEmpty()) continue;
        for (const next of joint.zones) {
          if (next === zoneId) continue;
          const known = result.get(next) ?? PacketSpace.EMPTY;
          const added = through.difference(known);
          if (added.isEmpty()) continue;
          // `added` lies outside what is known, and so outside what is still pending (a part of it).
          result.set(next, known.unionDisjoint(added));
          let waiting = pending.get(next);
          if (waiting === undefined) {
            queue.push(next);
            pending.set(next, (waiting = new Map()));
          }
          waiting.set(joint, (waiting.get(joint) ?? PacketSpace.EMPTY).unionDisjoint(added));
        }
      }
    }
    reachMemo.set(key, result);
    return result;
  };

  const flowTo = (source: TrafficSource, zoneId: string, mode: ReachMode, within?: IpSet): PacketSpace => {
    const arrived = reach(source, mode).get(zoneId);
    const zone = model.zones.get(zoneId);
    if (!arrived || !zone) return PacketSpace.EMPTY;
    return arrived.restrict(undefined, within ? zone.own.intersect(within) : zone.own);
  };

  const trace = (source: TrafficSource, packet: Packet, mode: ReachMode): Hop[] | undefined => {
    const targets = new Set([...model.zones.values()].filter((z) => z.own.contains(packet.family, packet.dst)).map((z) => z.id));
    const starts = source.zones.filter((z) => model.zones.get(z)?.networks.contains(packet.family, packet.src) ?? false);
    const fromStart = starts.length > 0 ? starts : [...source.zones];
    type Step = { zone: string; hops: Hop[] };
    const seen = new Set<string>(fromStart);
    const queue: Step[] = fromStart.map((z) => ({ zone: z, hops: [{ kind: 'zone', id: z, origin: model.zones.get(z)!.origin }] }));
    const seenJoints = new Set<string>();
    while (queue.length > 0) {
      const step = queue.shift()!;
      if (targets.has(step.zone)) return step.hops;
      const zone = model.zones.get(step.zone)!;
      if (isBlocking(mode, zone) && step.hops.length > 1) continue;
      for (const joint of topology.jointsOf.get(step.zone) ?? []) {
        if (seenJoints.has(joint.id)) continue;
        const hop = passHop(joint, packet, mode);
        if (!hop) continue;
        seenJoints.add(joint.id);
        for (const next of joint.zones) {
          if (seen.has(next)) continue;
          seen.add(next);
          queue.push({ zone: next, hops: [...step.hops, hop, { kind: 'zone', id: next, origin: model.zones.get(next)!.origin }] });
        }
      }
    }
    return undefined;
  };

  /** The hop a packet makes across a joint, or undefined when a firewall stops it. */
  const passHop = (joint: Joint, packet: Packet, mode: ReachMode): Hop | undefined => {
    if (joint.kind !== 'firewall') return { kind: joint.kind, id: joint.id, origin: joint.origin };
    const { firewall } = joint;
    let rule: FirewallRule | undefined;
    if (firewall.defaultAction === 'allow') {
      const verdict = decidePacket(firewall, packet);
      if (verdict.action !== 'allow') return undefined;
      rule = verdict.rule;
    } else {
      rule = allowedBy(firewall).allowing(packet)?.rule;
      if (!rule) return undefined;
    }
    if (mode === 'unpinned' && rule && isPinned(rule)) return undefined;
    return { kind: 'firewall', id: joint.id, detail: ruleLabel(rule), origin: rule ? rule.origin : firewall.defaultOrigin };
  };

  let arrivingAll: Map<Firewall, IpSet> | undefined;
  /** For every firewall at once: each zone's traffic is looked at once, not once per firewall. */
  const arriving = (firewall: Firewall): IpSet => {
    if (!arrivingAll) {
      // The source sets of the cubes arriving next to each firewall (cubes share their sets), per family.
      const sources = new Map<Firewall, [Set<IntervalSet>, Set<IntervalSet>]>();
      const firewallsOf = new Map<string, Firewall[]>();
      for (const fw of model.firewalls.values()) {
        sources.set(fw, [new Set(), new Set()]);
        for (const zone of new Set(fw.interfaces.flatMap((i) => i.zones))) firewallsOf.set(zone, [...(firewallsOf.get(zone) ?? []), fw]);
      }
      for (const zone of model.zones.values()) {
        for (const [id, arrived] of reach(zoneSource(zone), 'all')) {
          const attached = firewallsOf.get(id);
          if (!attached) continue;
          for (const fw of attached) {
            const [v4, v6] = sources.get(fw)!;
            for (const cube of arrived.cubes) (cube.family === 4 ? v4 : v6).add(cube.src);
          }
        }
      }
      arrivingAll = new Map([...sources].map(([fw, [v4, v6]]) => [fw, IpSet.from(IntervalSet.unionAll([...v4]), IntervalSet.unionAll([...v6]))]));
    }
    return arrivingAll.get(firewall) ?? IpSet.EMPTY;
  };

  return { model, topology, reach, flowTo, trace, decisionOf, ruleIndex, ruleBase, arriving };
}

