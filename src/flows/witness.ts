// Turns packets and packet spaces into what a person reads: protocol names, addresses, readable ranges.

import type { WitnessPacket } from '../core/finding';
import { formatAddress } from '../net/ip';
import type { IntervalSet } from '../net/interval-set';
import type { Cube, Packet, PacketSpace } from '../net/packet-space';
import { ServicePorts } from '../net/service';

const PROTOCOL_NAMES: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp', 47: 'gre', 50: 'esp', 51: 'ah' };
const WITH_PORTS = new Set([1, 6, 17, 58, 132]);

export function protocolName(proto: number): string {
  return PROTOCOL_NAMES[proto] ?? `proto/${proto}`;
}

/** The protocol number a name of `protocolName` stands for (`tcp`, `proto/47`), or undefined. */
export function protocolNumber(name: string): number | undefined {
  const known = Object.entries(PROTOCOL_NAMES).find(([, n]) => n === name);
  if (known) return Number(known[0]);
  return /^proto\/\d+$/.test(name) ? Number(name.slice(6)) : undefined;
}

export function witnessPacket(packet: Packet): WitnessPacket {
  return {
    src: formatAddress(packet.family, packet.src),
    dst: formatAddress(packet.family, packet.dst),
    protocol: protocolName(packet.proto),
    ...(WITH_PORTS.has(packet.proto) ? { port: packet.port } : {}),
  };
}


export interface SpaceSummary {
  readonly sources: string[];
  readonly destinations: string[];
  readonly services: string[];
}

export function summarizeSpace(space: PacketSpace, limit = 8): SpaceSummary {
  return {
    sources: space.srcs().toStrings(limit),
    destinations: space.dsts().toStrings(limit),
    services: formatServices(space.services()),
  };
}

/** Protocols and ports a person recognises, in order of preference for a witness. */
const PREFERRED_PROTOCOLS = [6, 17, 1, 58];
const PREFERRED_PORTS = [443, 80, 25, 22, 3389, 445, 53, 587, 110, 143, 993, 995, 8080, 21, 23, 123, 161];

function pickAddress(set: IntervalSet): bigint {
  // Skip a block's network address when the block has room: 10.1.0.1 reads better than 10.1.0.0.
  const [lo, hi] = set.intervals[0]!;
  return hi - lo >= 2n ? lo + 1n : lo;
}

function pickProtocol(cube: Cube): number | undefined {
  return PREFERRED_PROTOCOLS.find((p) => cube.proto.contains(BigInt(p)));
}

/**
 * A witness packet of a non-empty space, chosen to be readable: TCP before other protocols, a well-known
 * port where there is one, host addresses rather than network addresses. Always a member of the space.
 */
export function representative(space: PacketSpace): Packet | undefined {
  if (space.isEmpty()) return undefined;
  const cube = space.cubes.find((c) => pickProtocol(c) === 6) ?? space.cubes.find((c) => pickProtocol(c) !== undefined) ?? space.cubes[0]!;
  const proto = pickProtocol(cube) ?? Number(cube.proto.min()!);
  const port = PREFERRED_PORTS.find((p) => cube.port.contains(BigInt(p))) ?? (proto === 1 || proto === 58 ? (cube.port.contains(8n) ? 8 : Number(cube.port.min()!)) : Number(cube.port.min()!));
  return { family: cube.family, src: pickAddress(cube.src), dst: pickAddress(cube.dst), proto, port };
}

/** Readable services: "any except …" when that is shorter than the list itself. */
export function formatServices(ports: ServicePorts): string[] {
  const list = ports.toStrings();
  const rest = ServicePorts.ANY.difference(ports);
  if (rest.isEmpty()) return list;
  const except = rest.toStrings();
  return except.length < list.length ? [`any except ${except.join(', ')}`] : list;
}
