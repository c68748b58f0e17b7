// The service matrix of one firewall (the "service matrix" of Diekmann et al.'s verified iptables analysis):
// for one service, the coarsest partition of an address family into classes of addresses with identical
// access — allowed to and from exactly the same addresses — and the allowed edges between the classes.
// Exact: the firewall's allowed set for the service is a union of source × destination boxes; the address
// axis is cut at every box boundary, and the elementary intervals with equal rows and columns are merged.

import { IntervalSet } from '../net/interval-set';
import { ADDRESS_MAX, formatRange, type Family } from '../net/ip';
import { PacketSpace } from '../net/packet-space';
import { parsePortTerm } from '../net/service';
import type { Firewall } from '../model/types';
import { evaluateFirewall } from './first-match';
import { protocolName } from './witness';

/** One packet's service in one address family: a protocol and a port (the ICMP type for ICMP). */
export interface FamilyService {
  readonly family: Family;
  readonly proto: number;
  readonly port: number;
}

/** A class of addresses with identical access. */
export interface AddressClass {
  readonly addresses: IntervalSet;
  /** The addresses as readable ranges, in address order: single addresses, CIDR blocks, or "a-b". */
  readonly ranges: readonly string[];
}

export interface FamilyServiceMatrix {
  readonly service: FamilyService;
  /** The classes, ordered by their lowest address; together they cover the family's whole address space. */
  readonly classes: readonly AddressClass[];
  /** Allowed pairs of classes (indices into `classes`): every address of the first may reach every address of the second. */
  readonly edges: readonly (readonly [from: number, to: number])[];
}

/**
 * The service as one packet's protocol and port per address family (`tcp/22` applies to both families,
 * `icmp/8` to IPv4 only), or why it cannot be used: a matrix needs exactly one protocol and one port.
 */
export function parseMatrixService(text: string): FamilyService[] | { detail: string } {
  const terms = parsePortTerm(text);
  if ('error' in terms) return { detail: terms.error };
  const out: FamilyService[] = [];
  for (const family of [4, 6] as const) {
    const term = terms.find((t) => t.family === undefined || t.family === family);
    if (!term) continue;
    if (term.proto.size() !== 1n || term.port.size() !== 1n) return { detail: 'one protocol and one port (or ICMP type) are needed, e.g. tcp/22' };
    out.push({ family, proto: Number(term.proto.min()!), port: Number(term.port.min()!) });
  }
  return out.length > 0 ? out : { detail: 'no address family carries this service' };
}

/** "tcp/22", "icmp type 8", "gre": how a family's service is named. */
export function formatFamilyService(service: FamilyService): string {
  const name = protocolName(service.proto);
  if (service.proto === 1 || service.proto === 58) return `${name} type ${service.port}`;
  return service.proto === 6 || service.proto === 17 || service.proto === 132 ? `${name}/${service.port}` : name;
}

/** Index of the elementary interval that starts at `value` (binary search over sorted cut points). */
function cutIndex(cuts: readonly bigint[], value: bigint): number {
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The service matrix of the firewall's rules alone (first match, then the default) for one service in one family. */
export function serviceMatrix(firewall: Firewall, service: FamilyService): FamilyServiceMatrix {
  const max = ADDRESS_MAX[service.family];
  const everything = IntervalSet.of(0n, max);
  const query = PacketSpace.cube({ family: service.family, src: everything, dst: everything, proto: IntervalSet.point(BigInt(service.proto)), port: IntervalSet.point(BigInt(service.port)) });
  // (A rule that matches every packet of the service ends the evaluation: the rules after it are never reached.)
  const decisions = evaluateFirewall(firewall, query);
  // The allowed set as boxes: the cubes of the allowed decisions (one protocol and port, so source × destination).
  const boxes = decisions.filter((d) => d.action === 'allow').flatMap((d) => d.space.cubes.map((c) => ({ src: c.src, dst: c.dst })));

  // Cut the address axis at every boundary of every box, on both sides.
  const cutSet = new Set<bigint>([0n]);
  for (const box of boxes) {
    for (const side of [box.src, box.dst]) {
      for (const [lo, hi] of side.intervals) {
        cutSet.add(lo);
        if (hi < max) cutSet.add(hi + 1n);
      }
    }
  }
  const cuts = [...cutSet].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const n = cuts.length;
  // Every address of an elementary interval lies inside or outside each box side as a whole, so one row
  // (destinations allowed from it) and one column (sources allowed to it) describe the whole interval.
  const rowParts: IntervalSet[][] = Array.from({ length: n }, () => []);
  const columnParts: IntervalSet[][] = Array.from({ length: n }, () => []);
  const spread = (side: IntervalSet, other: IntervalSet, parts: IntervalSet[][]): void => {
    for (const [lo, hi] of side.intervals) {
      const last = hi < max ? cutIndex(cuts, hi + 1n) - 1 : n - 1;
      for (let k = cutIndex(cuts, lo); k <= last; k++) parts[k]!.push(other);
    }
  };
  for (const box of boxes) {
    spread(box.src, box.dst, rowParts);
    spread(box.dst, box.src, columnParts);
  }

  // Elementary intervals with the same row and column form one class.
  const groups = new Map<string, { intervals: [bigint, bigint][]; row: IntervalSet }>();
  for (let k = 0; k < n; k++) {
    const row = IntervalSet.unionAll(rowParts[k]!);
    const column = IntervalSet.unionAll(columnParts[k]!);
    const key = `${row.key()}|${column.key()}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { intervals: [], row }));
    group.intervals.push([cuts[k]!, k + 1 < n ? cuts[k + 1]! - 1n : max]);
  }
  const ordered = [...groups.values()]
    .map((g) => ({ addresses: IntervalSet.fromIntervals(g.intervals), row: g.row }))
    .sort((a, b) => (a.addresses.min()! < b.addresses.min()! ? -1 : 1));
  const classes: AddressClass[] = ordered.map((c) => ({
    addresses: c.addresses,
    ranges: c.addresses.intervals.map(([lo, hi]) => formatRange(service.family, lo, hi)),
  }));
  // A row is a union of whole classes (members of a class are allowed from the same sources), so touching a class is covering it.
  const edges: [number, number][] = [];
  ordered.forEach((from, i) => ordered.forEach((to, j) => {
    if (from.row.overlaps(to.addresses)) edges.push([i, j]);
  }));
  return { service, classes, edges };
}
