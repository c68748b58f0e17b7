/**
 * Services as sets of (IP protocol number, destination port) pairs, independent of addresses:
 * parsing of service terms ("tcp/25", "icmp/8", "any"...) and a canonical per-protocol port map.
 * For ICMP (1) and ICMPv6 (58) the port dimension holds the ICMP type.
 */
import { Interval, IntervalSet } from './interval-set';
import { Family } from './ip';
import { emptyList } from './lists';

export const PROTO_MAX = 255;
export const PORT_MAX = 65535;
export const PROTO_UNIVERSE: IntervalSet = IntervalSet.of(0n, BigInt(PROTO_MAX));
export const PORT_UNIVERSE: IntervalSet = IntervalSet.of(0n, BigInt(PORT_MAX));

export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMPV6 = 58;
export const PROTO_SCTP = 132;

/** Highest ICMP type; a type range ending at it is stored up to PORT_MAX (see `parsePortTerm`). */
const ICMP_TYPE_MAX = 255;
const ICMP_TYPES = IntervalSet.of(0n, BigInt(ICMP_TYPE_MAX));

/** A product of protocols and ports; `family` undefined means the term applies to IPv4 and IPv6. */
export interface ServiceTerm {
  readonly family?: Family;
  readonly proto: IntervalSet;
  readonly port: IntervalSet;
}

type Entry = readonly [proto: number, ports: IntervalSet];

const PORT_PROTOCOLS: ReadonlyMap<number, string> = new Map([
  [PROTO_TCP, 'tcp'],
  [PROTO_UDP, 'udp'],
  [PROTO_SCTP, 'sctp'],
]);

function isIcmp(proto: number): boolean {
  return proto === PROTO_ICMP || proto === PROTO_ICMPV6;
}

function checkTerm(proto: IntervalSet, port: IntervalSet): void {
  if (!PROTO_UNIVERSE.covers(proto)) throw new RangeError(`protocol set ${proto.toString()} exceeds 0-${PROTO_MAX}`);
  if (!PORT_UNIVERSE.covers(port)) throw new RangeError(`port set ${port.toString()} exceeds 0-${PORT_MAX}`);
}

function rangeText(lo: bigint, hi: bigint): string {
  return lo === hi ? `${lo}` : `${lo}-${hi}`;
}

/**
 * Canonical map protocol number → non-empty port set, sorted by protocol.
 * Family-independent: a ServiceTerm's `family` is ignored here.
 */
export class ServicePorts {
  static readonly EMPTY: ServicePorts = new ServicePorts(emptyList());
  static readonly ANY: ServicePorts = new ServicePorts(
    Array.from({ length: PROTO_MAX + 1 }, (_, p): Entry => [p, PORT_UNIVERSE]),
  );

  /** Sorted by protocol number, every port set non-empty. */
  readonly entries: readonly Entry[];
  private termsCache: readonly ServiceTerm[] | undefined;

  private constructor(entries: readonly Entry[]) {
    this.entries = entries;
    this.termsCache = undefined;
  }

  /** Union of the terms' proto × port products; throws RangeError outside 0-255 / 0-65535. */
  static fromTerms(terms: Iterable<ServiceTerm>): ServicePorts {
    // One term (a rule's "tcp/8443", a named service of one port) needs no grouping.
    if (Array.isArray(terms) && terms.length === 1) return ServicePorts.ofTerm(terms[0] as ServiceTerm);
    // Group terms by port set first so that "every protocol" terms cost one pass, not one per term.
    const byPorts = new Map<string, { port: IntervalSet; protos: IntervalSet[] }>();
    for (const t of terms) {
      if (t.proto.isEmpty() || t.port.isEmpty()) continue;
      checkTerm(t.proto, t.port);
      const k = t.port.key();
      const g = byPorts.get(k);
      if (g === undefined) byPorts.set(k, { port: t.port, protos: [t.proto] });
      else g.protos.push(t.proto);
    }
    if (byPorts.size === 0) return ServicePorts.EMPTY;
    const perProto: (IntervalSet[] | undefined)[] = new Array<IntervalSet[] | undefined>(PROTO_MAX + 1);
    for (const g of byPorts.values()) {
      const protos = IntervalSet.unionAll(g.protos).approximate();
      for (let k = 0; k < protos.length; k += 2) {
        for (let p = protos[k]!; p <= protos[k + 1]!; p++) (perProto[p] ??= []).push(g.port);
      }
    }
    const entries: Entry[] = [];
    for (let p = 0; p <= PROTO_MAX; p++) {
      const sets = perProto[p];
      if (sets !== undefined) entries.push([p, IntervalSet.unionAll(sets)]);
    }
    return new ServicePorts(entries);
  }

  private static ofTerm(t: ServiceTerm): ServicePorts {
    if (t.proto.isEmpty() || t.port.isEmpty()) return ServicePorts.EMPTY;
    checkTerm(t.proto, t.port);
    const entries: Entry[] = [];
    const protos = t.proto.approximate();
    for (let k = 0; k < protos.length; k += 2) for (let p = protos[k]!; p <= protos[k + 1]!; p++) entries.push([p, t.port]);
    return new ServicePorts(entries);
  }

  /** Ports of one protocol (empty if absent). */
  ports(proto: number): IntervalSet {
    const e = this.entries;
    let l = 0;
    let r = e.length - 1;
    while (l <= r) {
      const m = (l + r) >> 1;
      const p = e[m]![0];
      if (p === proto) return e[m]![1];
      if (p < proto) l = m + 1;
      else r = m - 1;
    }
    return IntervalSet.EMPTY;
  }

  /** The protocol numbers present. */
  protocols(): IntervalSet {
    return IntervalSet.fromIntervals(this.entries.map(([p]) => [BigInt(p), BigInt(p)] as const));
  }

  /** Merge of the two sorted entry lists; `op` gets EMPTY for a protocol absent on one side. */
  private combine(o: ServicePorts, op: (a: IntervalSet, b: IntervalSet) => IntervalSet): ServicePorts {
    const a = this.entries;
    const b = o.entries;
    const out: Entry[] = [];
    let i = 0;
    let j = 0;
    let same = true;
    while (i < a.length || j < b.length) {
      const pa = i < a.length ? a[i]![0] : Infinity;
      const pb = j < b.length ? b[j]![0] : Infinity;
      const p = Math.min(pa, pb);
      const x = pa === p ? a[i++]! : undefined;
      const y = pb === p ? b[j++]! : undefined;
      const r = op(x?.[1] ?? IntervalSet.EMPTY, y?.[1] ?? IntervalSet.EMPTY);
      if (r.isEmpty()) {
        if (x !== undefined) same = false;
        continue;
      }
      if (x !== undefined && r === x[1]) out.push(x);
      else {
        same = false;
        out.push([p, r]);
      }
    }
    if (same && out.length === a.length) return this;
    return out.length === 0 ? ServicePorts.EMPTY : new ServicePorts(out);
  }

  union(o: ServicePorts): ServicePorts {
    if (o.entries.length === 0) return this;
    if (this.entries.length === 0) return o;
    return this.combine(o, (a, b) => a.union(b));
  }

  intersect(o: ServicePorts): ServicePorts {
    return this.combine(o, (a, b) => a.intersect(b));
  }

  difference(o: ServicePorts): ServicePorts {
    if (o.entries.length === 0) return this;
    return this.combine(o, (a, b) => a.difference(b));
  }

  isEmpty(): boolean {
    return this.entries.length === 0;
  }

  equals(o: ServicePorts): boolean {
    if (this === o) return true;
    const a = this.entries;
    const b = o.entries;
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) {
      if (a[k]![0] !== b[k]![0] || !a[k]![1].equals(b[k]![1])) return false;
    }
    return true;
  }

  /** Superset test. */
  covers(o: ServicePorts): boolean {
    const a = this.entries;
    let i = 0;
    for (const [p, ports] of o.entries) {
      while (i < a.length && a[i]![0] < p) i++;
      const x = a[i];
      if (x === undefined || x[0] !== p || !x[1].covers(ports)) return false;
    }
    return true;
  }

  overlaps(o: ServicePorts): boolean {
    const b = o.entries;
    let j = 0;
    for (const [p, ports] of this.entries) {
      while (j < b.length && b[j]![0] < p) j++;
      const y = b[j];
      if (y !== undefined && y[0] === p && y[1].overlaps(ports)) return true;
    }
    return false;
  }

  /** Number of (protocol, port) pairs. */
  size(): bigint {
    let n = 0n;
    for (const [, ports] of this.entries) n += ports.size();
    return n;
  }

  /**
   * Disjoint family-less terms: protocols with identical port sets grouped into one term,
   * in order of their lowest protocol. `fromTerms(toTerms())` equals this set.
   */
  toTerms(): readonly ServiceTerm[] {
    // Immutable, so worked out once: every rule and every restriction by these services asks again.
    this.termsCache ??= this.groupTerms();
    return this.termsCache;
  }

  private groupTerms(): ServiceTerm[] {
    const groups = new Map<string, { port: IntervalSet; protos: Interval[] }>();
    for (const [p, ports] of this.entries) {
      const k = ports.key();
      const g = groups.get(k);
      const iv: Interval = [BigInt(p), BigInt(p)];
      if (g === undefined) groups.set(k, { port: ports, protos: [iv] });
      else g.protos.push(iv);
    }
    return [...groups.values()].map((g) => ({ proto: IntervalSet.fromIntervals(g.protos), port: g.port }));
  }

  /**
   * Readable list sorted by protocol then port: "any" for everything; "tcp", "tcp/25", "tcp/8000-8080"
   * (also udp, sctp); "icmp"/"icmpv6" when ICMP types 0-255 are all present, else "icmp/8" (types above
   * 255 are ignored); other protocols as "proto/47", consecutive ones merged ("proto/2-5"); a non-port
   * protocol with only some port values as "proto/47:5-10".
   */
  toStrings(): string[] {
    const full = (p: number, ports: IntervalSet): boolean =>
      isIcmp(p) ? ports.covers(ICMP_TYPES) : ports.equals(PORT_UNIVERSE);
    if (this.entries.length === PROTO_MAX + 1 && this.entries.every(([p, ports]) => full(p, ports))) return ['any'];
    const out: string[] = [];
    let runLo = -1;
    let runHi = -1;
    const flushRun = (): void => {
      if (runLo >= 0) out.push(`proto/${runLo === runHi ? runLo : `${runLo}-${runHi}`}`);
      runLo = -1;
    };
    for (const [p, ports] of this.entries) {
      const name = PORT_PROTOCOLS.get(p);
      if (name === undefined && !isIcmp(p) && full(p, ports)) {
        if (runLo >= 0 && runHi === p - 1) runHi = p;
        else {
          flushRun();
          runLo = runHi = p;
        }
        continue;
      }
      flushRun();
      if (name !== undefined) {
        if (full(p, ports)) out.push(name);
        else for (const [lo, hi] of ports.intervals) out.push(`${name}/${rangeText(lo, hi)}`);
      } else if (isIcmp(p)) {
        const icmpName = p === PROTO_ICMP ? 'icmp' : 'icmpv6';
        if (full(p, ports)) out.push(icmpName);
        else {
          const types = ports.intersect(ICMP_TYPES);
          // Only values above 255 (not produced by parsePortTerm): show them raw rather than nothing.
          const shown = types.isEmpty() ? ports : types;
          for (const [lo, hi] of shown.intervals) out.push(`${icmpName}/${rangeText(lo, hi)}`);
        }
      } else {
        out.push(`proto/${p}:${ports.intervals.map(([lo, hi]) => rangeText(lo, hi)).join(',')}`);
      }
    }
    flushRun();
    return out;
  }

  toString(): string {
    return this.isEmpty() ? '(none)' : this.toStrings().join(', ');
  }
}

const PORT_PROTOCOL_NUMBERS: ReadonlyMap<string, number> = new Map([...PORT_PROTOCOLS].map(([p, n]) => [n, p]));

const NAMED_PROTOCOLS: ReadonlyMap<string, number> = new Map([
  ['esp', 50],
  ['gre', 47],
  ['ah', 51],
]);

/** Parses "N" or "N-M" within `[0, max]`; `what` names the value in errors ("port", "ICMP type"...). */
function parseNumberRange(text: string, max: number, what: string): Interval | { error: string } {
  if (text === '') return { error: `missing ${what}` };
  const dash = text.indexOf('-');
  const parts = dash < 0 ? [text] : [text.slice(0, dash), text.slice(dash + 1)];
  const values: bigint[] = [];
  for (const part of parts) {
    if (!/^[0-9]+$/.test(part)) return { error: `${what} "${part}" is not a decimal number` };
    const v = BigInt(part);
    if (v > BigInt(max)) return { error: `${what} ${part} out of range (0-${max})` };
    values.push(v);
  }
  const lo = values[0]!;
  const hi = values[values.length - 1]!;
  if (lo > hi) return { error: `${what} range start ${lo} is after its end ${hi}` };
  return [lo, hi];
}

function icmpTypes(arg: string | undefined): IntervalSet | { error: string } {
  if (arg === undefined) return PORT_UNIVERSE;
  const r = parseNumberRange(arg, ICMP_TYPE_MAX, 'ICMP type');
  if ('error' in r) return r;
  // Type 255 stands for every value 255..65535 of the port dimension, so that type sets stay closed
  // under set algebra together with "any"/"icmp" (which cover the whole dimension).
  return IntervalSet.of(r[0], r[1] === BigInt(ICMP_TYPE_MAX) ? BigInt(PORT_MAX) : r[1]);
}

/**
 * Parses a service term: "any", "tcp", "tcp/25", "udp/53", "sctp/...", "tcp/8000-8080",
 * "icmp" (ICMPv4 for IPv4 and ICMPv6 for IPv6), "icmp/8" (ICMPv4 type 8 only), "icmpv6" / "icmpv6/128"
 * (also spelled "ipv6-icmp"), "esp", "gre", "ah", "proto/47" or "proto/47-50". Case-insensitive.
 */
export function parsePortTerm(input: string): ServiceTerm[] | { error: string } {
  const text = input.trim().toLowerCase();
  if (text === '') return { error: 'empty service' };
  const slash = text.indexOf('/');
  const name = slash < 0 ? text : text.slice(0, slash);
  const arg = slash < 0 ? undefined : text.slice(slash + 1);
  const noArg = (): { error: string } => ({ error: `"${name}" takes no port or type ("${input.trim()}")` });

  const port = PORT_PROTOCOL_NUMBERS.get(name);
  if (port !== undefined) {
    if (arg === undefined) return [{ proto: IntervalSet.point(BigInt(port)), port: PORT_UNIVERSE }];
    const r = parseNumberRange(arg, PORT_MAX, 'port');
    if ('error' in r) return r;
    return [{ proto: IntervalSet.point(BigInt(port)), port: IntervalSet.of(r[0], r[1]) }];
  }
  switch (name) {
    case 'any': {
      if (arg !== undefined) return noArg();
      return [{ proto: PROTO_UNIVERSE, port: PORT_UNIVERSE }];
    }
    case 'icmp': {
      const types = icmpTypes(arg);
      if ('error' in types) return types;
      const v4: ServiceTerm = { family: 4, proto: IntervalSet.point(BigInt(PROTO_ICMP)), port: types };
      if (arg !== undefined) return [v4];
      return [v4, { family: 6, proto: IntervalSet.point(BigInt(PROTO_ICMPV6)), port: PORT_UNIVERSE }];
    }
    case 'icmpv6':
    case 'ipv6-icmp': {
      const types = icmpTypes(arg);
      if ('error' in types) return types;
      return [{ family: 6, proto: IntervalSet.point(BigInt(PROTO_ICMPV6)), port: types }];
    }
    case 'proto': {
      if (arg === undefined) return { error: 'missing protocol number after "proto/"' };
      const r = parseNumberRange(arg, PROTO_MAX, 'protocol number');
      if ('error' in r) return r;
      return [{ proto: IntervalSet.of(r[0], r[1]), port: PORT_UNIVERSE }];
    }
    default: {
      const p = NAMED_PROTOCOLS.get(name);
      if (p === undefined) {
        return {
          error: `unknown protocol "${name}" (expected tcp, udp, sctp, icmp, icmpv6, esp, gre, ah, proto/N or any)`,
        };
      }
      if (arg !== undefined) return noArg();
      return [{ proto: IntervalSet.point(BigInt(p)), port: PORT_UNIVERSE }];
    }
  }
}
