// Which rules of a firewall share packets, for every pair at once: each cube of a rule is boxed per source
// range (lowest and highest destination, protocol and port), the boxes are swept in source order, and only
// pairs whose boxes meet are looked at. Near-linear on real rule bases, where a rule's box meets few others.

import type { Cube } from '../net/packet-space';
import type { FirewallRule } from '../model/types';

/**
 * For each rule (by position in `rules`), the positions of the other enabled rules whose spaces overlap
 * it, ascending. Disabled rules overlap nothing.
 */
export function overlappingRules(rules: readonly FirewallRule[]): readonly (readonly number[])[] {
  // One box per source range of a cube, with the hull of the rest, in floating point: rounding is
  // monotonic, so boxes that truly meet still meet. The boxes are columns of typed arrays (a rule base of
  // 100k rules makes a few hundred thousand), and the sweep keeps the open ones in a compacted index list.
  let count = 0;
  for (const rule of rules) if (rule.enabled) for (const c of rule.space.cubes) count += c.src.intervalCount;
  const ruleOf = new Int32Array(count);
  const family = new Uint8Array(count);
  /** The box is the cube's part exactly: IPv4 (no rounding) and one range in every other dimension. */
  const exact = new Uint8Array(count);
  const bounds = new Float64Array(count * 8); // srcLo, srcHi, dstLo, dstHi, protoLo, protoHi, portLo, portHi
  const cubeOf: Cube[] = new Array<Cube>(count);
  let b = 0;
  rules.forEach((rule, i) => {
    if (!rule.enabled) return;
    for (const c of rule.space.cubes) {
      const isExact = c.family === 4 && c.dst.intervalCount === 1 && c.proto.intervalCount === 1 && c.port.intervalCount === 1 ? 1 : 0;
      const src = c.src.intervalCount === 1 ? [c.src.lowest(), c.src.highest()] : c.src.approximate();
      for (let k = 0; k < src.length; k += 2) {
        ruleOf[b] = i;
        family[b] = c.family;
        exact[b] = isExact;
        cubeOf[b] = c;
        const o = b * 8;
        bounds[o] = src[k]!;
        bounds[o + 1] = src[k + 1]!;
        bounds[o + 2] = c.dst.lowest();
        bounds[o + 3] = c.dst.highest();
        bounds[o + 4] = c.proto.lowest();
        bounds[o + 5] = c.proto.highest();
        bounds[o + 6] = c.port.lowest();
        bounds[o + 7] = c.port.highest();
        b++;
      }
    }
  });
  const order = sweepOrder(family, bounds, count);

  const n = rules.length;
  const found = pairSet(n);
  // A list is made for a rule once it has an overlap; the others share one empty list at the end.
  const out: (number[] | undefined)[] = new Array<number[] | undefined>(rules.length);
  // The open boxes, compacted in sweep order (their bounds are read where they are: one firewall's boxes fit
  // in the processor's cache).
  const active = new Int32Array(count);
  let open = 0;
  for (let k = 0; k < count; k++) {
    const box = order[k]!;
    const o = box * 8;
    // Boxes are sorted by family first: a box of the next family meets none of the open ones.
    if (k > 0 && family[box] !== family[order[k - 1]!]) open = 0;
    const srcLo = bounds[o]!;
    const dstLo = bounds[o + 2]!;
    const dstHi = bounds[o + 3]!;
    const protoLo = bounds[o + 4]!;
    const protoHi = bounds[o + 5]!;
    const portLo = bounds[o + 6]!;
    const portHi = bounds[o + 7]!;
    const rule = ruleOf[box]!;
    // Boxes whose sources end before this one starts meet nothing from here on.
    let kept = 0;
    for (let a = 0; a < open; a++) {
      const other = active[a]!;
      const p = other * 8;
      if (bounds[p + 1]! < srcLo) continue;
      active[kept++] = other;
      if (bounds[p + 3]! < dstLo || dstHi < bounds[p + 2]! || ruleOf[other] === rule) continue;
      if (bounds[p + 5]! < protoLo || protoHi < bounds[p + 4]! || bounds[p + 7]! < portLo || portHi < bounds[p + 6]!) continue;
      const i = Math.min(ruleOf[other]!, rule);
      const j = Math.max(ruleOf[other]!, rule);
      const key = i * n + j;
      if (found.has(key)) continue;
      // Two exact boxes that meet are two cubes sharing packets; otherwise the two cubes are compared (their
      // IPv4 source ranges are known to meet). Cubes of the same two rules may meet elsewhere: only pairs
      // found to overlap are settled.
      if (!(exact[other] && exact[box]) && !cubesMeet(cubeOf[other]!, cubeOf[box]!)) continue;
      found.add(key);
      (out[i] ??= []).push(j);
      (out[j] ??= []).push(i);
    }
    active[kept] = box;
    open = kept + 1;
  }
  const none: readonly number[] = [];
  return Array.from(out, (list) => (list ? sortSmall(list) : none));
}

/** Sorts a list of positions ascending (and returns it): most lists are short and arrive nearly in order. */
function sortSmall(list: number[]): number[] {
  if (list.length > 16) {
    // The engine sorts a typed array of numbers natively, without calling a comparator.
    const sorted = Int32Array.from(list).sort();
    for (let i = 0; i < list.length; i++) list[i] = sorted[i]!;
    return list;
  }
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= 0 && list[j]! > x) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
  return list;
}

/**
 * The boxes in sweep order: by family, then by lowest source (ties in box order). IPv4 boxes are sorted as
 * packed numbers (source × 2^21 + box) by the engine's numeric sort, without a comparator.
 */
function sweepOrder(family: Uint8Array, bounds: Float64Array, count: number): Int32Array {
  const order = new Int32Array(count);
  const packable = count <= 2 ** 21;
  const packed: number[] = [];
  const rest: number[] = [];
  for (let k = 0; k < count; k++) {
    if (packable && family[k] === 4) packed.push(bounds[k * 8]! * 2 ** 21 + k);
    else rest.push(k);
  }
  const v4 = Float64Array.from(packed).sort();
  for (let k = 0; k < v4.length; k++) order[k] = v4[k]! % 2 ** 21;
  rest.sort((x, y) => family[x]! - family[y]! || bounds[x * 8]! - bounds[y * 8]! || x - y);
  order.set(rest, v4.length);
  return order;
}

/** A set of rule pairs (keys below n²): a bitmap when that is at most 8 MiB, else a Set. */
function pairSet(n: number): { has(key: number): boolean; add(key: number): void } {
  if (n * n > 2 ** 26) return new Set<number>();
  const bits = new Uint8Array(Math.ceil((n * n) / 8));
  return {
    has: (key) => (bits[key >>> 3]! & (1 << (key & 7))) !== 0,
    add: (key) => void (bits[key >>> 3]! |= 1 << (key & 7)),
  };
}

/** Whether two cubes whose boxes meet share a packet: IPv4 source ranges of meeting boxes do, so only IPv6 ones are compared. */
function cubesMeet(a: Cube, b: Cube): boolean {
  return a.port.overlaps(b.port) && a.proto.overlaps(b.proto) && a.dst.overlaps(b.dst) && (a.family === 4 || a.src.overlaps(b.src));
}
