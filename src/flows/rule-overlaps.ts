// Which rules of a firewall share packets, for every pair at once: each cube of a rule is boxed (lowest and
// highest source, destination, protocol and port), the boxes are swept in source order, and only pairs whose
// boxes meet are tested exactly. Near-linear on real rule bases, where a rule's box meets few others.

import type { FirewallRule } from '../model/types';

/** A cube's hull, in floating point: rounding is monotonic, so hulls that truly meet still meet. */
interface Box {
  readonly rule: number;
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

/**
 * For each rule (by position in `rules`), the positions of the other enabled rules whose spaces overlap
 * it, ascending. Disabled rules overlap nothing.
 */
export function overlappingRules(rules: readonly FirewallRule[]): number[][] {
  const boxes: Box[] = [];
  rules.forEach((rule, i) => {
    if (!rule.enabled) return;
    for (const c of rule.space.cubes) {
      boxes.push({
        rule: i,
        family: c.family,
        srcLo: Number(c.src.min()!),
        srcHi: Number(c.src.max()!),
        dstLo: Number(c.dst.min()!),
        dstHi: Number(c.dst.max()!),
        protoLo: Number(c.proto.min()!),
        protoHi: Number(c.proto.max()!),
        portLo: Number(c.port.min()!),
        portHi: Number(c.port.max()!),
      });
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
      if (!rules[i]!.space.overlaps(rules[j]!.space)) continue;
      out[i]!.push(j);
      out[j]!.push(i);
    }
    still.push(box);
    active = still;
  }
  for (const list of out) list.sort((a, b) => a - b);
  return out;
}
