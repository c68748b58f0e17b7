// An index of a firewall's enabled rules by source and destination address, so that evaluating traffic of one zone, or
// comparing one rule with those before it, looks only at the rules that can match it — near-linear work
// on rule bases of tens of thousands of rules instead of all pairs.

import { AddressPairIndex } from '../net/address-index';
import type { IpSet } from '../net/ip-set';
import type { FirewallRule } from '../model/types';

export interface RuleIndex {
  /**
   * Enabled rules that can match a packet from `srcs` to `dsts`: in some address family the source overlaps
   * `srcs` and the destination `dsts`. In rule order.
   */
  candidates(srcs: IpSet, dsts: IpSet): FirewallRule[];
}

export function indexRules(rules: readonly FirewallRule[]): RuleIndex {
  const index = new AddressPairIndex<FirewallRule>();
  for (const rule of rules) if (rule.enabled) index.add(rule, rule.from.set, rule.to.set);
  return {
    candidates: (srcs, dsts) => index.candidates(srcs, dsts).filter((r) => canMatch(r, srcs, dsts)),
  };
}

function canMatch(rule: FirewallRule, srcs: IpSet, dsts: IpSet): boolean {
  for (const family of [4, 6] as const) {
    if (rule.from.set.family(family).overlaps(srcs.family(family)) && rule.to.set.family(family).overlaps(dsts.family(family))) return true;
  }
  return false;
}
