// Hosts that forward traffic on behalf of others — proxies, plain mail relays, multi-homed hosts — turn
// two flows into one exposure: A can reach the relay, the relay can reach C, so A ⇒ C. Sanitizing
// gateways do not relay what they sanitize (their own services), which is their purpose.

import { IntervalSet } from '../net/interval-set';
import { IpSet } from '../net/ip-set';
import { PacketSpace, type Packet } from '../net/packet-space';
import { ServicePorts } from '../net/service';
import type { Host, NetworkModel, Zone } from '../model/types';
import { SANITIZING_ROLES } from '../model/service-catalog';
import { representative } from './witness';
import { zoneSource, type FlowAnalysis, type TrafficSource } from './analysis';

export interface Relay {
  readonly host: Host;
  /** What the relay takes in to forward. */
  readonly accepts: ServicePorts;
  /** What it sends on. */
  readonly forwards: ServicePorts;
}

export interface RelayedFlow {
  readonly from: Zone;
  readonly to: Zone;
  /** The relays the traffic passes, in order. */
  readonly chain: readonly Relay[];
  /** Sources of `from` × what the last relay can send to `to`, less what `from` reaches directly. */
  readonly space: PacketSpace;
  /** The legs: traffic into the first relay, between relays, and out of the last one. */
  readonly legs: readonly { readonly source: TrafficSource; readonly space: PacketSpace }[];
}

export function relaysOf(model: NetworkModel, mailServices: ServicePorts): Relay[] {
  const relays: Relay[] = [];
  for (const host of model.hosts.values()) {
    const own = host.services ?? ServicePorts.EMPTY;
    if (host.role === 'proxy') relays.push({ host, accepts: own, forwards: ServicePorts.ANY });
    else if (host.role === 'mail-relay') relays.push({ host, accepts: own, forwards: mailServices });
    else if (host.categories.length > 1) {
      const sanitizing = host.role !== undefined && SANITIZING_ROLES.includes(host.role);
      relays.push({ host, accepts: sanitizing ? ServicePorts.ANY.difference(own) : ServicePorts.ANY, forwards: ServicePorts.ANY });
    }
  }
  return relays;
}

export function hostSource(host: Host): TrafficSource {
  return { key: `host:${host.id}`, zones: host.zones.length > 0 ? host.zones : [host.zone], addresses: host.addresses };
}

/** Traffic from a source into a relay that the relay will forward. */
function into(analysis: FlowAnalysis, source: TrafficSource, relay: Relay): PacketSpace {
  let space = PacketSpace.EMPTY;
  for (const zone of relay.host.zones) space = space.union(analysis.flowTo(source, zone, 'all', relay.host.addresses));
  return space.restrictServices(relay.accepts);
}

/** Every exposure that exists only through relays, from one zone. */
export function relayedFlowsFrom(analysis: FlowAnalysis, from: Zone, relays: readonly Relay[]): RelayedFlow[] {
  const source = zoneSource(from);
  const flows: RelayedFlow[] = [];
  type State = { relay: Relay; chain: Relay[]; legs: { source: TrafficSource; space: PacketSpace }[]; srcs: PacketSpace };
  const queue: State[] = [];
  const visited = new Set<string>();
  for (const relay of relays) {
    if (relay.host.zones.includes(from.id) && relay.host.zones.length === 1) continue;
    const entry = into(analysis, source, relay);
    if (entry.isEmpty()) continue;
    visited.add(relay.host.id);
    queue.push({ relay, chain: [relay], legs: [{ source, space: entry }], srcs: entry });
  }
  const direct = new Map<string, PacketSpace>();
  const directTo = (zone: string): PacketSpace => {
    let space = direct.get(zone);
    if (!space) direct.set(zone, (space = analysis.flowTo(source, zone, 'all')));
    return space;
  };
  while (queue.length > 0) {
    const state = queue.shift()!;
    const out = hostSource(state.relay.host);
    // The relays themselves are not sources of what they relay: a gateway does not relay to itself.
    const sources = state.chain.reduce((set, relay) => set.difference(relay.host.addresses), state.srcs.srcs());
    if (sources.isEmpty()) continue;
    const arrived = analysis.reach(out, 'all');
    for (const to of analysis.model.zones.values()) {
      if (to.id === from.id || !arrived.has(to.id)) continue;
      const leg = analysis.flowTo(out, to.id, 'all').restrictServices(state.relay.forwards);
      if (leg.isEmpty()) continue;
      const space = leg.withSrc(sources).difference(directTo(to.id));
      if (space.isEmpty()) continue;
      flows.push({ from, to, chain: state.chain, space, legs: [...state.legs, { source: out, space: leg }] });
    }
    for (const next of relays) {
      if (visited.has(next.host.id)) continue;
      const entry = into(analysis, out, next);
      if (entry.isEmpty()) continue;
      visited.add(next.host.id);
      queue.push({ relay: next, chain: [...state.chain, next], legs: [...state.legs, { source: out, space: entry }], srcs: state.srcs });
    }
  }
  return flows;
}

/** A sample packet of one leg of a relayed flow that agrees with the end-to-end witness where it can. */
export function legSample(space: PacketSpace, packet: Packet, first: boolean, last: boolean): Packet | undefined {
  let candidates = space;
  if (first) candidates = candidates.restrict(IpSet.of(packet.family, packet.src, packet.src), undefined);
  if (last) {
    const service = PacketSpace.product(IpSet.ANY, IpSet.of(packet.family, packet.dst, packet.dst), IntervalSet.of(BigInt(packet.proto), BigInt(packet.proto)), IntervalSet.of(BigInt(packet.port), BigInt(packet.port)));
    candidates = candidates.intersect(service);
  }
  return representative(candidates) ?? representative(space);
}

/** Real packets, one per leg, that together carry the end-to-end witness `packet` of a relayed flow. */
export function relayWitness(flow: RelayedFlow, packet: Packet): Packet[] {
  return flow.legs.flatMap((leg, i) => legSample(leg.space, packet, i === 0, i === flow.legs.length - 1) ?? []);
}
