// The rule base of one firewall under first match: what each enabled rule still decides after the rules
// before it, which earlier rules take the rest, a minimal set of them covering it, and whether it can go.

import type { IntervalSet } from '../net/interval-set';
import { emptyList } from '../net/lists';
import type { Packet, PacketSpace } from '../net/packet-space';
import type { Firewall, FirewallRule } from '../model/types';
import type { Decision } from './first-match';
import { overlappingRules } from './rule-overlaps';
import { representative } from './witness';

/** How one enabled rule of a firewall fares against the rules before it. */
export interface RuleReach {
  readonly rule: FirewallRule;
  /** Whether some packet of the rule is matched by no earlier enabled rule. */
  readonly reachable: boolean;
  /** Packets of the rule that no earlier enabled rule matches: the ones this rule decides (computed on first use). */
  readonly reached: PacketSpace;
  /** The earlier enabled rules that decide parts of this rule's space, each with that part, in rule order (every Decision here has `rule` set). */
  readonly takenBy: readonly Decision[];
  /** The earlier enabled rules that share packets with this one, in rule order (`takenBy` is worked out from them). */
  readonly earlier: readonly FirewallRule[];
  /** The later enabled rules that share packets with this one, in rule order. */
  readonly later: readonly FirewallRule[];
}

/**
 * One entry per enabled rule, in rule order. Disabled rules are left out (they do not exist for evaluation).
 * Each rule is compared only with the rules that share packets with it; what each earlier one takes is
 * worked out only when asked for.
 */
export function analyzeRuleBase(firewall: Firewall): RuleReach[] {
  const out: RuleReach[] = [];
  const neighbours = overlappingRules(firewall.rules);
  // A list of one rule is shared by every rule with that one neighbour on a side (a final catch-all rule is
  // the later neighbour of most rules).
  const single = new Map<number, readonly FirewallRule[]>();
  firewall.rules.forEach((rule, position) => {
    if (!rule.enabled) return;
    // The neighbours are in rule order: the earlier ones come first. Lists are made to size (they live as
    // long as the analysis), and rules without neighbours on a side share one empty list.
    const around = neighbours[position]!;
    let before = 0;
    while (before < around.length && around[before]! < position) before++;
    const rulesAt = (from: number, to: number): readonly FirewallRule[] => {
      if (from === to) return NONE;
      if (to - from === 1) {
        let list = single.get(around[from]!);
        if (!list) single.set(around[from]!, (list = [firewall.rules[around[from]!]!]));
        return list;
      }
      // Made to size without holes (a list made with `new Array(n)` is another kind to the engine than the others).
      return around.slice(from, to).map((k) => firewall.rules[k]!);
    };
    out.push(new LazyRuleReach(rule, rulesAt(0, before), rulesAt(before, around.length)));
  });
  return out;
}

const NONE: readonly FirewallRule[] = emptyList();

/** A rule's reach, with what it decides and who takes the rest worked out on first use. */
class LazyRuleReach implements RuleReach {
  readonly reachable: boolean;
  private reachedCache: PacketSpace | undefined;
  private takenByCache: Decision[] | undefined;

  constructor(
    readonly rule: FirewallRule,
    readonly earlier: readonly FirewallRule[],
    readonly later: readonly FirewallRule[],
  ) {
    this.reachedCache = undefined;
    this.takenByCache = undefined;
    // A broad rule after many narrow ones (a final "deny any") is reachable at a glance: a corner of it that
    // no earlier rule contains proves it, without working out everything it still decides.
    this.reachable = rule.space.isEmpty() ? false : earlier.length >= PROBE_FROM && probe(rule.space, earlier) ? true : !this.reached.isEmpty();
  }

  get reached(): PacketSpace {
    this.reachedCache ??= this.rule.space.differenceAll(this.earlier.map((e) => e.space));
    return this.reachedCache;
  }

  get takenBy(): readonly Decision[] {
    this.takenByCache ??= firstMatches(this.rule.space, this.earlier);
    return this.takenByCache;
  }
}

/** From this many earlier overlapping rules on, reachability is first tried with a few probe packets. */
const PROBE_FROM = 16;

/** Whether a corner or the readable representative of the space lies in none of the rules. */
function probe(space: PacketSpace, rules: readonly FirewallRule[]): boolean {
  const packets: Packet[] = [];
  const first = representative(space);
  if (first) packets.push(first);
  for (const c of space.cubes) {
    for (const pick of [(set: IntervalSet) => set.min()!, (set: IntervalSet) => set.max()!]) {
      packets.push({ family: c.family, src: pick(c.src), dst: pick(c.dst), proto: Number(pick(c.proto)), port: Number(pick(c.port)) });
    }
  }
  return packets.some((p) => !rules.some((r) => r.space.contains(p)));
}

/** The parts of `space` each rule decides under first match (rules in order; empty parts left out). */
function firstMatches(space: PacketSpace, rules: readonly FirewallRule[]): Decision[] {
  const decisions: Decision[] = [];
  rules.forEach((rule, j) => {
    const part = space.intersect(rule.space).differenceAll(rules.slice(0, j).map((r) => r.space));
    if (!part.isEmpty()) decisions.push({ rule, action: rule.action, space: part });
  });
  return decisions;
}

/** Whether the whole spaces of `rules` together cover `space` (early exit once nothing is left). */
function coveredBy(space: PacketSpace, rules: readonly FirewallRule[]): boolean {
  let rest = space;
  for (const r of rules) {
    if (rest.isEmpty()) return true;
    if (rest.overlaps(r.space)) rest = rest.difference(r.space);
  }
  return rest.isEmpty();
}

/**
 * A minimal set (no proper subset also covers) of the rules in `reach.takenBy` whose whole spaces together
 * cover `reach.rule.space`; rules whose action differs from the rule's are kept in preference to same-action
 * ones and listed first, then the same-action ones, each group in rule order. Only meaningful when
 * `reach.reached` is empty (then it always exists); returns [] otherwise.
 */
export function minimalCover(reach: RuleReach): FirewallRule[] {
  if (!reach.reached.isEmpty()) return [];
  const action = reach.rule.action;
  const candidates = reach.takenBy.map((d) => d.rule!);
  const other = candidates.filter((r) => r.action !== action);
  const same = candidates.filter((r) => r.action === action);
  // Greedy removal; a rule that cannot go while the set is larger cannot go from any subset either,
  // so the result is minimal. Same-action rules are tried first, so other-action ones are kept if possible.
  const kept = new Set(candidates);
  for (const group of [same, other]) {
    for (let k = group.length - 1; k >= 0; k--) {
      const r = group[k]!;
      kept.delete(r);
      if (!coveredBy(reach.rule.space, [...kept])) kept.add(r);
    }
  }
  return [...other.filter((r) => kept.has(r)), ...same.filter((r) => kept.has(r))];
}

/**
 * Whether deleting the rule would change no decision of the firewall: every packet it reaches would get
 * the same action from the later enabled rules or the default. (True for unreachable rules.)
 */
export function removableWithoutChange(firewall: Firewall, reach: RuleReach): boolean {
  const { rule } = reach;
  if (!rule.enabled || !reach.reachable) return true;
  if (firewall.rules[rule.index] !== rule && !firewall.rules.includes(rule)) throw new RangeError(`rule #${rule.index + 1} is not a rule of firewall ${firewall.id}`);
  if (reach.later.length === 0) return firewall.defaultAction === rule.action;
  let remaining = reach.reached;
  for (const next of reach.later) {
    if (!remaining.overlaps(next.space)) continue;
    if (next.action !== rule.action) return false;
    remaining = remaining.difference(next.space);
    if (remaining.isEmpty()) return true;
  }
  return firewall.defaultAction === rule.action;
}
