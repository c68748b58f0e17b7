// A question about traffic, as a person asks it: its ends (an address, or a host or zone of the model standing
// for one of its addresses), the part of what it asks that gets through, one packet as a set, and whether the
// readable summary of a finding's traffic can hold a packet.

import type { Finding, WitnessPacket } from '../core/finding';
import type { NetworkModel } from '../model/types';
import { suggest } from '../model/suggest';
import { IntervalSet } from '../net/interval-set';
import { formatAddress, parseAddressOrError, parseAddressTerm, type Family } from '../net/ip';
import { IpSet } from '../net/ip-set';
import { PacketSpace, type Packet } from '../net/packet-space';
import { parsePortTerm } from '../net/service';
import { zoneSource, type FlowAnalysis } from './analysis';
import { protocolNumber } from './witness';

/** How one end of a question was understood: the address used, and what it was asked as. */
export interface QuestionEnd {
  readonly asked: string;
  readonly kind: 'address' | 'host' | 'zone';
  readonly address: string;
  /** The host or zone has other addresses: this one stands for them. */
  readonly representative: boolean;
}

/** The packet a finding's witness names. */
export function packetOfWitness(w: WitnessPacket): Packet | undefined {
  const src = parseAddressOrError(w.src);
  const dst = parseAddressOrError(w.dst);
  const proto = protocolNumber(w.protocol);
  if ('error' in src || 'error' in dst || proto === undefined || src.family !== dst.family) return undefined;
  return { family: src.family, src: src.value, dst: dst.value, proto, port: w.port ?? 0 };
}

/** One packet as a packet space. */
export function packetSpace(p: Packet): PacketSpace {
  return PacketSpace.product(IpSet.of(p.family, p.src, p.src), IpSet.of(p.family, p.dst, p.dst), IntervalSet.of(BigInt(p.proto), BigInt(p.proto)), IntervalSet.of(BigInt(p.port), BigInt(p.port)));
}

/** Why an end cannot be asked about: an input problem (pseudo-rule, message, data). */
export type EndProblem = { ruleId: string; messageId: string; data: Record<string, string> };

/** An address, or a host or zone of the model standing for one of its addresses (of the other end's family). */
export function resolveEnds(model: NetworkModel, from: string, to: string): { from: QuestionEnd; to: QuestionEnd; fromSet: IpSet; toSet: IpSet } | EndProblem {
  const sets = [from, to].map((asked) => endSet(model, asked));
  for (const s of sets) if ('messageId' in s) return s;
  const [a, b] = sets as { asked: string; kind: QuestionEnd['kind']; set: IpSet; literal?: Family }[];
  const family: Family | undefined = a!.literal ?? b!.literal ?? ([4, 6] as const).find((f) => !a!.set.family(f).isEmpty() && !b!.set.family(f).isEmpty());
  const end = (e: typeof a, other: typeof a): QuestionEnd | EndProblem => {
    if (e!.kind === 'address') return { asked: e!.asked, kind: 'address', address: e!.asked.trim(), representative: false };
    const f = family ?? ([4, 6] as const).find((x) => !e!.set.family(x).isEmpty()) ?? 4;
    const set = e!.set.family(f);
    if (set.isEmpty()) return { ruleId: 'explain', messageId: 'no-address', data: { name: e!.asked, family: `IPv${f}`, other: other!.asked } };
    const [lo, hi] = set.intervals[0]!;
    // A zone's network address reads worse than its first host: 10.1.0.1, not 10.1.0.0.
    const value = e!.kind === 'zone' && hi - lo >= 2n ? lo + 1n : lo;
    return { asked: e!.asked, kind: e!.kind, address: formatAddress(f, value), representative: set.size() > 1n };
  };
  const ends = [end(a, b), end(b, a)];
  for (const e of ends) if ('messageId' in e) return e;
  return { from: ends[0] as QuestionEnd, to: ends[1] as QuestionEnd, fromSet: a!.set, toSet: b!.set };
}

function endSet(model: NetworkModel, asked: string): { asked: string; kind: QuestionEnd['kind']; set: IpSet; literal?: Family } | EndProblem {
  const text = asked.trim();
  const host = model.hosts.get(text);
  if (host) return { asked, kind: 'host', set: host.addresses };
  const zone = model.zones.get(text);
  if (zone) return { asked, kind: 'zone', set: zone.own };
  const parsed = parseAddressTerm(text);
  if (!('error' in parsed) && parsed.lo === parsed.hi) return { asked, kind: 'address', set: IpSet.of(parsed.family, parsed.lo, parsed.hi), literal: parsed.family };
  if (/^[0-9a-f.:/-]+$/i.test(text) && /[.:]/.test(text)) {
    const detail = 'error' in parsed ? parsed.error : 'a single address is needed, not a block or range';
    return { ruleId: 'query', messageId: 'bad-address', data: { address: asked, detail } };
  }
  return { ruleId: 'explain', messageId: 'unknown-end', data: { name: asked, hint: suggest(text, [...model.hosts.keys(), ...model.zones.keys()]) ?? '' } };
}

/** What a question asks: packets from one set of addresses to another on a service, in one address family. */
export function questionSpace(from: IpSet, to: IpSet, service: string, family: Family): PacketSpace {
  const terms = parsePortTerm(service);
  return 'error' in terms ? PacketSpace.EMPTY : PacketSpace.fromRule(from, to, terms).restrict(IpSet.anyOf(family), IpSet.anyOf(family));
}

/** The part of a set of packets some path delivers directly (or that stays within one zone). */
export function deliveredPart(model: NetworkModel, flows: FlowAnalysis, wanted: PacketSpace): PacketSpace | undefined {
  if (wanted.isEmpty()) return undefined;
  const zones = [...model.zones.values()];
  const srcs = wanted.srcs();
  const dsts = wanted.dsts();
  for (const from of zones.filter((z) => z.own.overlaps(srcs))) {
    const source = zoneSource(from);
    for (const to of zones.filter((z) => z.own.overlaps(dsts))) {
      const within = wanted.restrict(from.own, to.own);
      const part = from.id === to.id ? within : flows.flowTo(source, to.id, 'all').intersect(within);
      if (!part.isEmpty()) return part;
    }
  }
  return undefined;
}

/** Whether a finding's summary of its traffic can hold the packet (lists cut short say nothing about the rest). */
export function summaryMayHold(f: Finding, packet: Packet): boolean {
  const flow = f.flow!;
  const addresses = (list: readonly string[], whole: boolean, value: bigint): boolean => {
    if (whole || list.some((s) => s.startsWith('+'))) return true;
    return list.some((s) => {
      const term = parseAddressTerm(s);
      return 'error' in term || (term.family === packet.family && term.lo <= value && value <= term.hi);
    });
  };
  const services = (list: readonly string[]): boolean =>
    list.some((s) => {
      if (s === 'any') return true;
      const except = /^any except (.*)$/.exec(s);
      const terms = (except ? except[1]! : s).split(', ');
      const hit = terms.some((t) => {
        const parsed = parsePortTerm(t);
        return 'error' in parsed || parsed.some((p) => p.proto.contains(BigInt(packet.proto)) && p.port.contains(BigInt(packet.port)));
      });
      return except ? !hit : hit;
    });
  return services(flow.services) && addresses(flow.sources, flow.wholeSource, packet.src) && addresses(flow.destinations, flow.wholeDestination, packet.dst);
}
