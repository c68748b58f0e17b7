// An index of a firewall's enabled rules by source address, so that evaluating traffic of one zone, or
// comparing one rule with those before it, looks only at the rules that can match it — near-linear work
// on rule bases of tens of thousands of rules instead of all pairs.

import { AddressIndex } from '../net/address-index';
import type { IpSet } from '../net/ip-set';
import type { FirewallRule } from '../model/types';

export interface RuleIndex {
  /** Enabled rules whose source overlaps `srcs` and whose destination overlaps `dsts`, in rule order. */
  candidates(srcs: IpSet, dsts: IpSet): FirewallRule[];
}

export function indexRules(rules: readonly FirewallRule[]): RuleIndex {
  const index = new AddressIndex<FirewallRule>();
  for (const rule of rules) if (rule.enabled) index.add(rule, rule.from.set);
  return {
    candidates: (srcs, dsts) => index.candidates(srcs).filter((r) => r.from.set.overlaps(srcs) && r.to.set.overlaps(dsts)),
  };
}
