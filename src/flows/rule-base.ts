// The rule base of one firewall under first match: what each enabled rule still decides after the rules
// before it, which earlier rules take the rest, a minimal set of them covering it, and whether it can go.

import type { PacketSpace } from '../net/packet-space';
import type { Firewall, FirewallRule } from '../model/types';
import type { Decision } from './first-match';
import { indexRules, type RuleIndex } from './rule-index';

/** How one enabled rule of a firewall fares against the rules before it. */
export interface RuleReach {
  readonly rule: FirewallRule;
  /** Packets of the rule that no earlier enabled rule matches: the ones this rule decides. */
  readonly reached: PacketSpace;
  /** The earlier enabled rules that decide parts of this rule's space, each with that part, in rule order (every Decision here has `rule` set). */
  readonly takenBy: readonly Decision[];
}

/**
 * One entry per enabled rule, in rule order. Disabled rules are left out (they do not exist for evaluation).
 * Only the earlier rules the index finds overlapping a rule's addresses are compared with it; what each of
 * them takes is worked out only when asked for.
 */
export function analyzeRuleBase(firewall: Firewall, index: RuleIndex = indexRules(firewall.rules)): RuleReach[] {
  const out: RuleReach[] = [];
  for (const rule of firewall.rules) {
    if (!rule.enabled) continue;
    const earlier = rule.space.isEmpty()
      ? []
      : index.candidates(rule.from.set, rule.to.set).filter((e) => e.index < rule.index && e.space.overlaps(rule.space));
    const reached = rule.space.differenceAll(earlier.map((e) => e.space));
    let takenBy: Decision[] | undefined;
    out.push({
      rule,
      reached,
      get takenBy(): readonly Decision[] {
        takenBy ??= firstMatches(rule.space, earlier);
        return takenBy;
      },
    });
  }
  return out;
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
export function removableWithoutChange(firewall: Firewall, reach: RuleReach, index: RuleIndex = indexRules(firewall.rules)): boolean {
  const { rule } = reach;
  let remaining = reach.reached;
  if (!rule.enabled || remaining.isEmpty()) return true;
  if (firewall.rules[rule.index] !== rule && !firewall.rules.includes(rule)) throw new RangeError(`rule #${rule.index + 1} is not a rule of firewall ${firewall.id}`);
  for (const later of index.candidates(remaining.srcs(), remaining.dsts())) {
    if (later.index <= rule.index || !remaining.overlaps(later.space)) continue;
    if (later.action !== rule.action) return false;
    remaining = remaining.difference(later.space);
    if (remaining.isEmpty()) return true;
  }
  return firewall.defaultAction === rule.action;
}
