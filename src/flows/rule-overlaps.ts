// Which rules of a firewall share packets, for every pair at once: each cube of a rule is boxed per source
// range (lowest and highest destination, protocol and port), the boxes are swept in source order, and only
// pairs whose boxes meet are looked at. Near-linear on real rule bases, where a rule's box meets few others.

import type { IntervalSet } from '../net/interval-set';
import type { FirewallRule } from '../model/types';

/** A source range of a cube, with the hull of the rest, in floating point: rounding is monotonic, so boxes that truly meet still meet. */
interface Box {
  readonly rule: number;
  /** The box is the cube's part exactly: IPv4 (no rounding) and one range in every other dimension. */
  readonly exact: boolean;
  readonly family: number;
  readonly srcLo: number;
  readonly srcHi: number;
  readonly dstLo: number;
  readonly dstHi: number;
  readonly protoLo: number;
  readonly protoHi: number;
  readonly portLo: number;
  readonly portHi: number;
}

function hull(set: IntervalSet): [number, number] {
  return [Number(set.min()!), Number(set.max()!)];
}

/**
 * For each rule (by position in `rules`), the positions of the other enabled rules whose spaces overlap
 * it, ascending. Disabled rules overlap nothing.
 */
export function overlappingRules(rules: readonly FirewallRule[]): number[][] {
  const boxes: Box[] = [];
  rules.forEach((rule, i) => {
    if (!rule.enabled) return;
    for (const c of rule.space.cubes) {
      const exact = c.family === 4 && c.dst.intervals.length === 1 && c.proto.intervals.length === 1 && c.port.intervals.length === 1;
      const [dstLo, dstHi] = hull(c.dst);
      const [protoLo, protoHi] = hull(c.proto);
      const [portLo, portHi] = hull(c.port);
      for (const [lo, hi] of c.src.intervals) {
        boxes.push({ rule: i, exact, family: c.family, srcLo: Number(lo), srcHi: Number(hi), dstLo, dstHi, protoLo, protoHi, portLo, portHi });
      }
    }
  });
  boxes.sort((a, b) => a.family - b.family || a.srcLo - b.srcLo);

  const n = rules.length;
  const tested = new Set<number>();
  const out: number[][] = rules.map(() => []);
  let active: Box[] = [];
  for (const box of boxes) {
    // Boxes whose sources end before this one starts meet nothing from here on.
    const still: Box[] = [];
    for (const other of active) {
      if (other.family !== box.family || other.srcHi < box.srcLo) continue;
      still.push(other);
      if (other.rule === box.rule || other.dstHi < box.dstLo || box.dstHi < other.dstLo) continue;
      if (other.protoHi < box.protoLo || box.protoHi < other.protoLo || other.portHi < box.portLo || box.portHi < other.portLo) continue;
      const [i, j] = other.rule < box.rule ? [other.rule, box.rule] : [box.rule, other.rule];
      const key = i * n + j;
      if (tested.has(key)) continue;
      tested.add(key);
      // Two exact boxes that meet are two cubes sharing packets; otherwise the rules are compared in full.
      if (!(other.exact && box.exact) && !rules[i]!.space.overlaps(rules[j]!.space)) continue;
      out[i]!.push(j);
      out[j]!.push(i);
    }
    still.push(box);
    active = still;
  }
  for (const list of out) list.sort((a, b) => a - b);
  return out;
}
