// One packet, asked about: the zones its addresses belong to, the shortest paths between them through the
// zone graph, and — when the packet gets through only by a longer way — that way too; on each path what
// every firewall decides and by which rule. Imported and native rules alike answer with their place in the files.

import type { Origin } from '../core/finding';
import { parseAddressTerm } from '../net/ip';
import type { Packet } from '../net/packet-space';
import { parsePortTerm } from '../net/service';

export type { Packet } from '../net/packet-space';
import type { Action, FirewallRule, NetworkModel } from '../model/types';
import { decidePacket, ruleLabel } from './first-match';
import { buildTopology, type Joint } from './topology';

export interface QueryHop {
  readonly kind: 'zone' | 'firewall' | 'link' | 'interface';
  readonly id: string;
  /** Firewalls: what they do with the packet, and the deciding rule (absent for the default). */
  readonly action?: Action;
  readonly rule?: FirewallRule;
  /** Firewalls: the label of the deciding rule ("#3 name" or "default"). */
  readonly label?: string;
  readonly origin?: Origin;
}

export interface QueryPath {
  readonly hops: readonly QueryHop[];
  /** Every firewall on the path allows the packet. */
  readonly delivered: boolean;
}

export interface QueryResult {
  readonly packet: Packet;
  readonly fromZones: readonly string[];
  readonly toZones: readonly string[];
  readonly paths: readonly QueryPath[];
  /** Some path, of any length, delivers the packet (or both addresses are in the same zone). */
  readonly delivered: boolean;
  /** More paths exist than were listed. */
  readonly truncated: boolean;
}

/** At most this many paths are listed. */
export const MAX_PATHS = 32;

export function queryPacket(model: NetworkModel, packet: Packet): QueryResult {
  const zonesOf = (address: bigint): string[] =>
    [...model.zones.values()].filter((z) => z.own.contains(packet.family, address)).map((z) => z.id).sort();
  const fromZones = zonesOf(packet.src);
  const toZones = zonesOf(packet.dst);
  const targets = new Set(toZones);
  const { jointsOf } = buildTopology(model);
  const paths: QueryPath[] = [];
  let truncated = false;
  const decisions = new Map<string, QueryHop>();
  const across = (firewallId: string): QueryHop => {
    let hop = decisions.get(firewallId);
    if (!hop) {
      const firewall = model.firewalls.get(firewallId)!;
      const verdict = decidePacket(firewall, packet);
      hop = {
        kind: 'firewall',
        id: firewallId,
        action: verdict.action,
        ...(verdict.rule ? { rule: verdict.rule } : {}),
        label: ruleLabel(verdict.rule),
        origin: verdict.rule ? verdict.rule.origin : firewall.defaultOrigin,
      };
      decisions.set(firewallId, hop);
    }
    return hop;
  };
  const zoneHop = (id: string): QueryHop => ({ kind: 'zone', id, origin: model.zones.get(id)!.origin });

  // Distance (in joints) from each zone to the nearest target, so that the search only takes steps that can
  // still end within the length allowed.
  const distance = new Map<string, number>(toZones.map((z) => [z, 0]));
  for (let queue = [...toZones]; queue.length > 0; ) {
    const next: string[] = [];
    for (const zone of queue) {
      for (const joint of jointsOf.get(zone) ?? []) {
        for (const other of joint.zones) {
          if (distance.has(other)) continue;
          distance.set(other, distance.get(zone)! + 1);
          next.push(other);
        }
      }
    }
    queue = next;
  }
  const jointHop = (joint: Joint): QueryHop => (joint.kind === 'firewall' ? across(joint.id) : { kind: joint.kind, id: joint.id, origin: joint.origin });
  // The shortest paths, without passing a zone or a firewall twice.
  const walk = (zone: string, hops: QueryHop[], visited: Set<string>, budget: number): void => {
    if ((distance.get(zone) ?? Infinity) > budget) return;
    if (paths.length >= MAX_PATHS) {
      truncated = true;
      return;
    }
    if (targets.has(zone) && hops.length > 1) {
      paths.push({ hops, delivered: hops.every((h) => h.kind !== 'firewall' || h.action === 'allow') });
      return;
    }
    for (const joint of jointsOf.get(zone) ?? []) {
      if (visited.has(joint.id)) continue;
      const hop = jointHop(joint);
      for (const next of joint.zones) {
        if (visited.has(next)) continue;
        visited.add(next).add(joint.id);
        walk(next, [...hops, hop, zoneHop(next)], visited, budget - 1);
        visited.delete(next);
        visited.delete(joint.id);
      }
    }
  };
  for (const start of fromZones) {
    const shortest = distance.get(start);
    if (shortest !== undefined && shortest > 0) walk(start, [zoneHop(start)], new Set([start]), shortest);
  }
  // Whether the packet gets through at all: a search through the joints that let it pass.
  const delivering = (): QueryHop[] | undefined => {
    const seen = new Set(fromZones);
    const queue: QueryHop[][] = fromZones.map((z) => [zoneHop(z)]);
    while (queue.length > 0) {
      const hops = queue.shift()!;
      const zone = hops[hops.length - 1]!.id;
      if (targets.has(zone)) return hops;
      for (const joint of jointsOf.get(zone) ?? []) {
        const hop = jointHop(joint);
        if (hop.kind === 'firewall' && hop.action !== 'allow') continue;
        for (const next of joint.zones) {
          if (seen.has(next)) continue;
          seen.add(next);
          queue.push([...hops, hop, zoneHop(next)]);
        }
      }
    }
    return undefined;
  };
  const sameZone = fromZones.some((z) => targets.has(z));
  const way = sameZone ? undefined : delivering();
  if (way && !paths.some((p) => p.delivered)) paths.push({ hops: way, delivered: true });
  return { packet, fromZones, toZones, paths, delivered: sameZone || way !== undefined, truncated };
}

/** The packet of a question (`--from`, `--to`, `--service`), or why it cannot be asked. */
export function parseQuestion(from: string, to: string, service: string): Packet | { messageId: string; data: Record<string, string> } {
  const address = (text: string): { family: 4 | 6; value: bigint } | { messageId: string; data: Record<string, string> } => {
    const parsed = parseAddressTerm(text);
    if ('error' in parsed) return { messageId: 'bad-address', data: { address: text, detail: parsed.error } };
    if (parsed.lo !== parsed.hi) return { messageId: 'bad-address', data: { address: text, detail: 'a single address is needed, not a block or range' } };
    return { family: parsed.family, value: parsed.lo };
  };
  const src = address(from);
  if ('messageId' in src) return src;
  const dst = address(to);
  if ('messageId' in dst) return dst;
  if (src.family !== dst.family) return { messageId: 'families', data: { from, to } };
  const terms = parsePortTerm(service);
  if ('error' in terms) return { messageId: 'bad-service', data: { service, detail: terms.error } };
  const term = terms.find((t) => t.family === undefined || t.family === src.family);
  if (!term || term.proto.size() !== 1n || term.port.size() !== 1n) {
    return { messageId: 'bad-service', data: { service, detail: 'one protocol and one port (or ICMP type) are needed, e.g. tcp/443' } };
  }
  return { family: src.family, src: src.value, dst: dst.value, proto: Number(term.proto.min()!), port: Number(term.port.min()!) };
}
