/**
 * The packet space family × source × destination × IP protocol × destination port (ICMP type for
 * protocols 1 and 58), represented as a union of pairwise-disjoint non-empty cubes, with set algebra.
 */
import { IntervalSet } from './interval-set';
import { ADDRESS_MAX, Family } from './ip';
import { IpSet } from './ip-set';
import { emptyList } from './lists';
import { PORT_UNIVERSE, PROTO_UNIVERSE, ServicePorts, ServiceTerm } from './service';

export { PORT_UNIVERSE, PROTO_UNIVERSE } from './service';

/** A product of one interval set per dimension, within one address family. */
export interface Cube {
  readonly family: Family;
  readonly src: IntervalSet;
  readonly dst: IntervalSet;
  readonly proto: IntervalSet;
  readonly port: IntervalSet;
}

/** One packet; `port` holds the ICMP type for ICMP and ICMPv6. */
export interface Packet {
  family: Family;
  src: bigint;
  dst: bigint;
  proto: number;
  port: number;
}

type Dim = 'src' | 'dst' | 'proto' | 'port';

/** Order in which coalescing tries to merge cubes: the dimensions most likely to differ between rules first. */
const MERGE_ORDER: readonly Dim[] = ['port', 'proto', 'dst', 'src'];
/** Upper bound on coalescing rounds; each round is one linear pass per dimension. */
const MAX_MERGE_ROUNDS = 4;

function mk(family: Family, src: IntervalSet, dst: IntervalSet, proto: IntervalSet, port: IntervalSet): Cube {
  return { family, src, dst, proto, port };
}

/** The cube with one dimension replaced (built by `mk`, so every cube has the same shape). */
function withDim(c: Cube, dim: Dim, set: IntervalSet): Cube {
  return mk(c.family, dim === 'src' ? set : c.src, dim === 'dst' ? set : c.dst, dim === 'proto' ? set : c.proto, dim === 'port' ? set : c.port);
}

function isEmptyCube(c: Cube): boolean {
  return c.src.isEmpty() || c.dst.isEmpty() || c.proto.isEmpty() || c.port.isEmpty();
}

function checkCube(c: Cube): void {
  if (c.family !== 4 && c.family !== 6) throw new RangeError(`invalid address family ${String(c.family)}`);
  const amax = ADDRESS_MAX[c.family];
  if (!c.src.atMost(amax)) throw new RangeError(`source ${c.src.toString()} exceeds the IPv${c.family} space`);
  if (!c.dst.atMost(amax)) throw new RangeError(`destination ${c.dst.toString()} exceeds the IPv${c.family} space`);
  if (!c.proto.atMost(255n)) throw new RangeError(`protocol set ${c.proto.toString()} exceeds 0-255`);
  if (!c.port.atMost(65535n)) throw new RangeError(`port set ${c.port.toString()} exceeds 0-65535`);
}

/** Cheapest-rejection-first overlap test (IntervalSet.overlaps rejects on bounds in O(1)). */
function overlap(a: Cube, b: Cube): boolean {
  return (
    a.family === b.family &&
    a.port.overlaps(b.port) &&
    a.proto.overlaps(b.proto) &&
    a.dst.overlaps(b.dst) &&
    a.src.overlaps(b.src)
  );
}

/**
 * Appends a − b (for overlapping a and b) as at most four disjoint slabs: for each dimension in turn,
 * the part of a whose earlier dimensions lie in b and whose current dimension lies outside b.
 */
function subtractInto(a: Cube, b: Cube, out: Cube[]): void {
  const f = a.family;
  const srcOut = a.src.difference(b.src);
  if (!srcOut.isEmpty()) out.push(mk(f, srcOut, a.dst, a.proto, a.port));
  const src = a.src.intersect(b.src);
  const dstOut = a.dst.difference(b.dst);
  if (!dstOut.isEmpty()) out.push(mk(f, src, dstOut, a.proto, a.port));
  const dst = a.dst.intersect(b.dst);
  const protoOut = a.proto.difference(b.proto);
  if (!protoOut.isEmpty()) out.push(mk(f, src, dst, protoOut, a.port));
  const portOut = a.port.difference(b.port);
  if (!portOut.isEmpty()) out.push(mk(f, src, dst, a.proto.intersect(b.proto), portOut));
}

/**
 * a minus every cube of `bs`, as disjoint pieces appended to `out`. Returns false when a was cut
 * (true when a is appended unchanged). `bs` may be `out` itself: appending happens after the scan.
 */
function subtractAll(a: Cube, bs: readonly Cube[], out: Cube[]): boolean {
  let pieces: Cube[] | undefined; // undefined: a untouched so far
  const n = bs.length;
  for (let k = 0; k < n; k++) {
    const b = bs[k]!;
    if (!overlap(a, b)) continue;
    if (pieces === undefined) {
      pieces = [];
      subtractInto(a, b, pieces);
    } else {
      const next: Cube[] = [];
      for (const p of pieces) {
        if (overlap(p, b)) subtractInto(p, b, next);
        else next.push(p);
      }
      pieces = next;
    }
    if (pieces.length === 0) return false;
  }
  if (pieces === undefined) {
    out.push(a);
    return true;
  }
  for (const p of pieces) out.push(p);
  return false;
}

/** From this many pairs of cubes on, a difference first looks for cubes the subtrahends hold as they are. */
const EQUAL_CUBES_FROM = 4096;

function cubeHash(c: Cube): number {
  return Math.imul(Math.imul(Math.imul(c.src.hash() ^ c.family, 31) ^ c.dst.hash(), 31) ^ c.proto.hash(), 31) ^ c.port.hash();
}

/** Whether a cube equals one of `cubes` (by hash, then compared). */
function equalCubes(cubes: readonly Cube[]): (a: Cube) => boolean {
  const byHash = new Map<number, Cube[]>();
  for (const c of cubes) {
    const h = cubeHash(c);
    const list = byHash.get(h);
    if (list) list.push(c);
    else byHash.set(h, [c]);
  }
  return (a) =>
    byHash.get(cubeHash(a))?.some((b) => a.family === b.family && a.src.equals(b.src) && a.dst.equals(b.dst) && a.proto.equals(b.proto) && a.port.equals(b.port)) ?? false;
}

/** From this many subtrahends on, a cube is cut by a sweep rather than one subtrahend after the other. */
const SWEEP_FROM = 8;
const ALL_DIMS: readonly Dim[] = ['src', 'dst', 'proto', 'port'];

/**
 * a minus the union of `bs` (which may overlap each other), as disjoint cubes appended to `out`. Sweeps one
 * dimension at a time: the boundaries of the subtrahends cut a's extent into elementary segments, each lying
 * wholly inside or wholly outside every subtrahend; segments with the same set of subtrahends around them
 * are grouped and handled once in the next dimension; a group with none is left whole, and when no
 * dimension is left any subtrahend still around covers its group. The dimension cut first is the one where
 * the subtrahends differ most, so the groups stay small (rules for one subnet differ by host and port).
 * Cost grows with how the subtrahends overlap, not with their number squared, and the pieces come out few.
 */
function sweepSubtract(a: Cube, bs: readonly Cube[], dims: readonly Dim[], out: Cube[]): void {
  if (bs.length === 0) {
    out.push(a);
    return;
  }
  if (dims.length === 0) return;
  const dim = mostVaried(bs, dims);
  const rest = dims.filter((d) => d !== dim);
  const extent = a[dim];
  // Events: where each subtrahend's intervals (clipped to the extent) begin and end.
  const starts: { at: bigint; b: number }[] = [];
  const ends: { at: bigint; b: number }[] = [];
  const cuts: bigint[] = [];
  for (const [lo, hi] of extent.intervals) cuts.push(lo, hi + 1n);
  bs.forEach((b, i) => {
    for (const [lo, hi] of b[dim].intersect(extent).intervals) {
      starts.push({ at: lo, b: i });
      ends.push({ at: hi + 1n, b: i });
      cuts.push(lo, hi + 1n);
    }
  });
  const byAt = (x: { at: bigint }, y: { at: bigint }): number => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0);
  starts.sort(byAt);
  ends.sort(byAt);
  cuts.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const groups = new Map<string, { members: number[]; segments: [bigint, bigint][] }>();
  const active = new Set<number>();
  let si = 0;
  let ei = 0;
  let last: { key: string; group: { members: number[]; segments: [bigint, bigint][] } } | undefined;
  let changed = true;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const lo = cuts[k]!;
    const hi = cuts[k + 1]! - 1n;
    if (hi < lo) continue;
    while (ei < ends.length && ends[ei]!.at <= lo) {
      active.delete(ends[ei++]!.b);
      changed = true;
    }
    while (si < starts.length && starts[si]!.at <= lo) {
      active.add(starts[si++]!.b);
      changed = true;
    }
    if (!extent.contains(lo)) continue;
    if (!changed && last) {
      last.group.segments.push([lo, hi]);
      continue;
    }
    changed = false;
    const members = [...active].sort((x, y) => x - y);
    const key = members.join(',');
    let group = groups.get(key);
    if (group) group.segments.push([lo, hi]);
    else groups.set(key, (group = { members, segments: [[lo, hi]] }));
    last = { key, group };
  }
  for (const { members, segments } of groups.values()) {
    const part = withDim(a, dim, IntervalSet.fromIntervals(segments));
    sweepSubtract(part, members.map((i) => bs[i]!), rest, out);
  }
}

/** The dimension in which the subtrahends have the most distinct extents. */
function mostVaried(bs: readonly Cube[], dims: readonly Dim[]): Dim {
  if (dims.length === 1) return dims[0]!;
  let best = dims[0]!;
  let bestCount = -1;
  for (const dim of dims) {
    const distinct = new Set<number>();
    for (const b of bs) distinct.add(b[dim].hash());
    if (distinct.size > bestCount) {
      best = dim;
      bestCount = distinct.size;
    }
  }
  return best;
}

/** Whether a minus the cubes of `bs` is empty, with early exit. */
function coveredBy(a: Cube, bs: readonly Cube[]): boolean {
  let pieces: Cube[] = [a];
  for (const b of bs) {
    if (!overlap(a, b)) continue;
    const next: Cube[] = [];
    for (const p of pieces) {
      if (overlap(p, b)) subtractInto(p, b, next);
      else next.push(p);
    }
    pieces = next;
    if (pieces.length === 0) return true;
  }
  return false;
}

/** True when a and b agree on the family and on every dimension other than `dim`. */
function sameExcept(a: Cube, b: Cube, dim: Dim): boolean {
  return (
    a.family === b.family &&
    (dim === 'src' || a.src === b.src || a.src.equals(b.src)) &&
    (dim === 'dst' || a.dst === b.dst || a.dst.equals(b.dst)) &&
    (dim === 'proto' || a.proto === b.proto || a.proto.equals(b.proto)) &&
    (dim === 'port' || a.port === b.port || a.port.equals(b.port))
  );
}

/** Hash of a cube's family and every dimension other than `dim` (sets cache their own hash). */
function hashExcept(c: Cube, dim: Dim): number {
  let h: number = c.family;
  if (dim !== 'src') h = Math.imul(h ^ c.src.hash(), 0x01000193);
  if (dim !== 'dst') h = Math.imul(h ^ c.dst.hash(), 0x01000193);
  if (dim !== 'proto') h = Math.imul(h ^ c.proto.hash(), 0x01000193);
  if (dim !== 'port') h = Math.imul(h ^ c.port.hash(), 0x01000193);
  return h;
}

/** Up to this many cubes, a merge pass first compares every pair (no hashing, no buckets). */
const PAIRWISE_MERGE_UP_TO = 8;

function somePairMerges(cubes: readonly Cube[], dim: Dim): boolean {
  for (let i = 1; i < cubes.length; i++) for (let j = 0; j < i; j++) if (sameExcept(cubes[j]!, cubes[i]!, dim)) return true;
  return false;
}

/** One pass merging cubes that agree on every dimension but `dim` (union along `dim`). */
function mergeAlong(cubes: readonly Cube[], dim: Dim): readonly Cube[] {
  // A few cubes are compared pair by pair: most often none merge, and then nothing is allocated.
  if (cubes.length <= PAIRWISE_MERGE_UP_TO && !somePairMerges(cubes, dim)) return cubes;
  const buckets = new Map<number, Cube[][]>();
  const groups: Cube[][] = []; // in order of first appearance, for a deterministic result
  for (const c of cubes) {
    const h = hashExcept(c, dim);
    const bucket = buckets.get(h);
    if (bucket === undefined) {
      const g = [c];
      buckets.set(h, [g]);
      groups.push(g);
      continue;
    }
    const g = bucket.find((x) => sameExcept(x[0]!, c, dim));
    if (g !== undefined) g.push(c);
    else {
      const fresh = [c];
      bucket.push(fresh);
      groups.push(fresh);
    }
  }
  if (groups.length === cubes.length) return cubes;
  const out: Cube[] = [];
  for (const g of groups) {
    const first = g[0]!;
    if (g.length === 1) out.push(first);
    else out.push(withDim(first, dim, IntervalSet.unionAll(g.map((c) => c[dim]))));
  }
  return out;
}

/**
 * Merges cubes that differ in exactly one dimension, a few linear passes. Preserves the point set,
 * and disjointness when the input is disjoint (merged cubes are exact unions).
 */
/**
 * The cubes in a list of their own size. A list grown by pushing keeps room for more (17 slots for one cube):
 * a space that lives long, like a rule's, would carry that room through every garbage collection.
 */
function fitted(cubes: readonly Cube[]): readonly Cube[] {
  return cubes.length === 1 ? [cubes[0]!] : cubes.slice();
}

function coalesce(cubes: readonly Cube[]): readonly Cube[] {
  if (cubes.length < 2) return cubes;
  let cur = cubes;
  for (let round = 0; round < MAX_MERGE_ROUNDS; round++) {
    const before = cur.length;
    for (const dim of MERGE_ORDER) {
      cur = mergeAlong(cur, dim);
      if (cur.length < 2) return cur;
    }
    if (cur.length === before) break;
  }
  return cur;
}

/**
 * Coalescing for `base ∪ fresh` where `base` is already coalesced: only groups containing a fresh
 * (or freshly merged) cube can merge, so `base` is only scanned for partners, never regrouped.
 */
function coalesceInto(base: readonly Cube[], fresh: readonly Cube[]): readonly Cube[] {
  let old = base;
  let cur = fresh;
  for (let round = 0; round < MAX_MERGE_ROUNDS; round++) {
    let changed = false;
    for (const dim of MERGE_ORDER) {
      const buckets = new Map<number, Cube[][]>();
      const groups: Cube[][] = [];
      for (const c of cur) {
        const h = hashExcept(c, dim);
        const bucket = buckets.get(h);
        const g = bucket?.find((x) => sameExcept(x[0]!, c, dim));
        if (g !== undefined) g.push(c);
        else {
          const fresh1 = [c];
          if (bucket === undefined) buckets.set(h, [fresh1]);
          else bucket.push(fresh1);
          groups.push(fresh1);
        }
      }
      let kept: Cube[] | undefined; // old cubes not absorbed, allocated on the first absorption
      for (let k = 0; k < old.length; k++) {
        const b = old[k]!;
        const bucket = buckets.get(hashExcept(b, dim));
        const g = bucket?.find((x) => sameExcept(x[0]!, b, dim));
        if (g === undefined) {
          kept?.push(b);
          continue;
        }
        g.push(b);
        kept ??= old.slice(0, k);
      }
      if (kept === undefined && groups.length === cur.length) continue;
      changed = true;
      if (kept !== undefined) old = kept;
      cur = groups.map((g) => (g.length === 1 ? g[0]! : withDim(g[0]!, dim, IntervalSet.unionAll(g.map((c) => c[dim])))));
    }
    if (!changed) break;
  }
  return [...old, ...cur];
}

/** Makes possibly-overlapping non-empty cubes disjoint (each cube minus those kept before it). */
function makeDisjoint(cubes: readonly Cube[]): Cube[] {
  const out: Cube[] = [];
  for (const c of cubes) subtractAll(c, out, out);
  return out;
}

/** The services of one family as disjoint protocol groups (so the rule's cubes need no subtraction). */
function familyServices(services: readonly ServiceTerm[], f: Family): readonly ServiceTerm[] {
  return ServicePorts.fromTerms(services.filter((t) => t.family === undefined || t.family === f)).toTerms();
}

function cubeSize(c: Cube): bigint {
  return c.src.size() * c.dst.size() * c.proto.size() * c.port.size();
}


export class PacketSpace {
  static readonly EMPTY: PacketSpace = new PacketSpace(emptyList());
  static readonly ANY: PacketSpace = new PacketSpace([
    mk(4, IpSet.ANY.v4, IpSet.ANY.v4, PROTO_UNIVERSE, PORT_UNIVERSE),
    mk(6, IpSet.ANY.v6, IpSet.ANY.v6, PROTO_UNIVERSE, PORT_UNIVERSE),
  ]);

  /** Pairwise-disjoint non-empty cubes (their decomposition is not canonical; compare with `equals`). */
  readonly cubes: readonly Cube[];

  private constructor(cubes: readonly Cube[]) {
    this.cubes = cubes;
  }

  /** Trusted: `cubes` must be disjoint and non-empty. */
  private static fromDisjoint(cubes: readonly Cube[]): PacketSpace {
    return cubes.length === 0 ? PacketSpace.EMPTY : new PacketSpace(fitted(coalesce(cubes)));
  }

  /** A single cube; empty if any dimension is empty. Throws RangeError for values outside their universe. */
  static cube(c: Cube): PacketSpace {
    checkCube(c);
    if (isEmptyCube(c)) return PacketSpace.EMPTY;
    return new PacketSpace([mk(c.family, c.src, c.dst, c.proto, c.port)]);
  }

  /** Union of spaces known to be pairwise disjoint (the parts of a partition): no subtraction needed. */
  static unionOfDisjoint(spaces: readonly PacketSpace[]): PacketSpace {
    const nonEmpty = spaces.filter((sp) => sp.cubes.length > 0);
    if (nonEmpty.length === 0) return PacketSpace.EMPTY;
    if (nonEmpty.length === 1) return nonEmpty[0]!;
    // Joined by pushing: `flatMap` makes a list with holes to the engine, another kind than every other list of cubes.
    const cubes: Cube[] = [];
    for (const sp of nonEmpty) for (const c of sp.cubes) cubes.push(c);
    return PacketSpace.fromDisjoint(cubes);
  }

  /** Union of arbitrary (possibly overlapping or empty) cubes. */
  static fromCubes(cs: Iterable<Cube>): PacketSpace {
    const input: Cube[] = [];
    for (const c of cs) {
      checkCube(c);
      if (!isEmptyCube(c)) input.push(mk(c.family, c.src, c.dst, c.proto, c.port));
    }
    // Coalescing first is sound on overlapping cubes and shrinks the quadratic disjoint step.
    return PacketSpace.fromDisjoint(makeDisjoint(coalesce(input)));
  }

  /** src × dst × proto × port, one cube per family present in both `src` and `dst`. */
  static product(src: IpSet, dst: IpSet, proto: IntervalSet, port: IntervalSet): PacketSpace {
    const out: Cube[] = [];
    for (const f of [4, 6] as const) {
      const c = mk(f, src.family(f), dst.family(f), proto, port);
      checkCube(c);
      if (!isEmptyCube(c)) out.push(c);
    }
    return out.length === 0 ? PacketSpace.EMPTY : new PacketSpace(out);
  }

  /**
   * The packets matched by a firewall rule: for each family, src × dst × the services whose family
   * is unset or that family. A ServicePorts is family-less and applies to both families as it is.
   */
  static fromRule(src: IpSet, dst: IpSet, services: readonly ServiceTerm[] | ServicePorts): PacketSpace {
    const out: Cube[] = [];
    const shared = services instanceof ServicePorts ? services.toTerms() : undefined;
    for (const f of [4, 6] as const) {
      const s = src.family(f);
      const d = dst.family(f);
      if (s.isEmpty() || d.isEmpty()) continue;
      const terms = shared ?? familyServices(services as readonly ServiceTerm[], f);
      // toTerms() yields disjoint protocol groups, so the cubes are disjoint without subtraction. Address sets
      // and ServicePorts are checked when they are made: only loose terms are checked here.
      for (const t of terms) {
        const c = mk(f, s, d, t.proto, t.port);
        if (!shared) checkCube(c);
        out.push(c);
      }
    }
    return out.length === 0 ? PacketSpace.EMPTY : new PacketSpace(fitted(out));
  }

  isEmpty(): boolean {
    return this.cubes.length === 0;
  }

  /** Each cube as a space of its own: disjoint spaces whose union is this one. */
  pieces(): PacketSpace[] {
    return this.cubes.length === 1 ? [this] : this.cubes.map((c) => new PacketSpace([c]));
  }

  /** this ∪ (o − this): the cubes of this are kept as they are. */
  union(o: PacketSpace): PacketSpace {
    if (o.cubes.length === 0 || this === o) return this;
    if (this.cubes.length === 0) return o;
    return this.unionDisjoint(o.difference(this));
  }

  /** this ∪ o for an `o` known to share no packet with this (not checked): `union` without its difference. */
  unionDisjoint(o: PacketSpace): PacketSpace {
    if (o.cubes.length === 0) return this;
    if (this.cubes.length === 0) return o;
    return new PacketSpace(coalesceInto(this.cubes, o.cubes));
  }

  intersect(o: PacketSpace): PacketSpace {
    if (this === o) return this;
    if (this.cubes.length === 0 || o.cubes.length === 0) return PacketSpace.EMPTY;
    const out: Cube[] = [];
    for (const a of this.cubes) {
      for (const b of o.cubes) {
        if (!overlap(a, b)) continue;
        const src = a.src.intersect(b.src);
        const dst = a.dst.intersect(b.dst);
        out.push(mk(a.family, src, dst, a.proto.intersect(b.proto), a.port.intersect(b.port)));
      }
    }
    return PacketSpace.fromDisjoint(out);
  }

  difference(o: PacketSpace): PacketSpace {
    if (this === o) return PacketSpace.EMPTY;
    if (this.cubes.length === 0 || o.cubes.length === 0) return this;
    return this.subtractCubes(o.cubes);
  }

  /** The packets of this space in none of the others: one pass, however many there are and however they overlap. */
  differenceAll(others: readonly PacketSpace[]): PacketSpace {
    if (this.cubes.length === 0) return this;
    const cubes: Cube[] = [];
    for (const o of others) {
      if (o === this) return PacketSpace.EMPTY;
      for (const c of o.cubes) cubes.push(c);
    }
    return cubes.length === 0 ? this : this.subtractCubes(cubes);
  }

  /** This minus cubes that may overlap each other. */
  private subtractCubes(cubes: readonly Cube[]): PacketSpace {
    const out: Cube[] = [];
    let unchanged = true;
    // Many cubes against many is mostly traffic arriving again where it arrived before, cut the same way:
    // a cube with an equal one among the subtrahends is gone without looking at the others.
    const equal = this.cubes.length * cubes.length >= EQUAL_CUBES_FROM ? equalCubes(cubes) : undefined;
    for (const a of this.cubes) {
      if (equal?.(a)) {
        unchanged = false;
        continue;
      }
      // The subtrahends meeting a, gathered from the first one found (most cubes meet none).
      let relevant: Cube[] | undefined;
      for (let k = 0; k < cubes.length; k++) {
        const b = cubes[k]!;
        if (!overlap(a, b)) continue;
        if (relevant === undefined) relevant = [b];
        else relevant.push(b);
      }
      if (relevant === undefined) out.push(a);
      else {
        unchanged = false;
        if (relevant.length < SWEEP_FROM) subtractAll(a, relevant, out);
        else sweepSubtract(a, relevant, ALL_DIMS, out);
      }
    }
    return unchanged ? this : PacketSpace.fromDisjoint(out);
  }

  /** Same packets, whatever the cube decomposition. */
  equals(o: PacketSpace): boolean {
    if (this === o) return true;
    return this.size() === o.size() && this.covers(o);
  }

  /** Superset test. */
  covers(o: PacketSpace): boolean {
    if (this === o) return true;
    for (const c of o.cubes) if (!coveredBy(c, this.cubes)) return false;
    return true;
  }

  /** True when the spaces share at least one packet. */
  overlaps(o: PacketSpace): boolean {
    for (const a of this.cubes) for (const b of o.cubes) if (overlap(a, b)) return true;
    return false;
  }

  contains(p: Packet): boolean {
    const port = BigInt(p.port);
    const proto = BigInt(p.proto);
    for (const c of this.cubes) {
      if (c.family !== p.family || !c.port.contains(port) || !c.proto.contains(proto)) continue;
      if (c.dst.contains(p.dst) && c.src.contains(p.src)) return true;
    }
    return false;
  }

  /** The smallest member in the order family (4 before 6), src, dst, proto, port; undefined if empty. */
  sample(): Packet | undefined {
    let best: [number, bigint, bigint, bigint, bigint] | undefined;
    for (const c of this.cubes) {
      // The smallest point of a product is the tuple of the per-dimension minima.
      const t: [number, bigint, bigint, bigint, bigint] = [c.family, c.src.min()!, c.dst.min()!, c.proto.min()!, c.port.min()!];
      if (best === undefined) {
        best = t;
        continue;
      }
      for (let k = 0; k < 5; k++) {
        if (t[k]! < best[k]!) {
          best = t;
          break;
        }
        if (t[k]! > best[k]!) break;
      }
    }
    if (best === undefined) return undefined;
    return { family: best[0] as Family, src: best[1], dst: best[2], proto: Number(best[3]), port: Number(best[4]) };
  }

  private project(dim: 'src' | 'dst'): IpSet {
    const v4: IntervalSet[] = [];
    const v6: IntervalSet[] = [];
    for (const c of this.cubes) (c.family === 4 ? v4 : v6).push(c[dim]);
    return IpSet.from(IntervalSet.unionAll(v4), IntervalSet.unionAll(v6));
  }

  /** Source addresses of all packets. */
  srcs(): IpSet {
    return this.project('src');
  }

  /** Destination addresses of all packets. */
  dsts(): IpSet {
    return this.project('dst');
  }

  /** Intersection with src × dst × any service; an undefined side is not restricted. */
  restrict(src: IpSet | undefined, dst: IpSet | undefined): PacketSpace {
    if (src === undefined && dst === undefined) return this;
    const out: Cube[] = [];
    let unchanged = true;
    for (const c of this.cubes) {
      const s = src === undefined ? c.src : c.src.intersect(src.family(c.family));
      const d = dst === undefined ? c.dst : c.dst.intersect(dst.family(c.family));
      if (s === c.src && d === c.dst) {
        out.push(c);
        continue;
      }
      unchanged = false;
      if (!s.isEmpty() && !d.isEmpty()) out.push(mk(c.family, s, d, c.proto, c.port));
    }
    return unchanged ? this : PacketSpace.fromDisjoint(out);
  }

  /** Intersection with any address × the given (family-less) services. */
  restrictServices(ports: ServicePorts): PacketSpace {
    if (ports.isEmpty()) return PacketSpace.EMPTY;
    const terms = ports.toTerms();
    const out: Cube[] = [];
    let unchanged = true;
    for (const c of this.cubes) {
      let whole = false;
      for (const t of terms) {
        const proto = c.proto.intersect(t.proto);
        if (proto.isEmpty()) continue;
        const port = c.port.intersect(t.port);
        if (port.isEmpty()) continue;
        if (proto === c.proto && port === c.port) {
          whole = true;
          out.push(c);
        } else out.push(mk(c.family, c.src, c.dst, proto, port));
      }
      if (!whole) unchanged = false;
    }
    return unchanged ? this : PacketSpace.fromDisjoint(out);
  }

  /**
   * Replaces the source of every cube by `src` (its part of the cube's family), dropping cubes whose
   * family has no source in `src`: the packets (s', d, proto, port) for s' in src and (s, d, proto, port) here.
   */
  withSrc(src: IpSet): PacketSpace {
    const out: Cube[] = [];
    for (const c of this.cubes) {
      const s = src.family(c.family);
      if (!s.isEmpty()) out.push(mk(c.family, s, c.dst, c.proto, c.port));
    }
    if (out.length === 0) return PacketSpace.EMPTY;
    // Cubes that differed only in their source now coincide; coalescing removes them before the
    // quadratic disjointness step.
    return PacketSpace.fromDisjoint(makeDisjoint(coalesce(out)));
  }

  /** Projection onto (protocol, port), ignoring family and addresses. */
  services(): ServicePorts {
    return ServicePorts.fromTerms(this.cubes);
  }

  /** Number of packets. */
  size(): bigint {
    let n = 0n;
    for (const c of this.cubes) n += cubeSize(c);
    return n;
  }

  /** Debug form: one line per cube. */
  toString(): string {
    if (this.cubes.length === 0) return '(empty)';
    return this.cubes
      .map((c) => {
        const ips = (s: IntervalSet): string =>
          (c.family === 4 ? IpSet.from(s, IntervalSet.EMPTY) : IpSet.from(IntervalSet.EMPTY, s)).toString();
        return `IPv${c.family} ${ips(c.src)} -> ${ips(c.dst)} ${ServicePorts.fromTerms([c]).toString()}`;
      })
      .join('\n');
  }
}
