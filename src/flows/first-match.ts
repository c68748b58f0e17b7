// First-match evaluation of one firewall: the rules in order, the first enabled rule that matches decides,
// the default action decides the rest. Works on whole packet spaces (exact) and on single packets.

import type { Packet } from '../net/packet-space';
import { PacketSpace } from '../net/packet-space';
import type { Action, Firewall, FirewallRule } from '../model/types';
import type { RuleIndex } from './rule-index';

/** The part of a query that one rule (or the default, when `rule` is absent) decides. */
export interface Decision {
  readonly rule?: FirewallRule;
  readonly action: Action;
  readonly space: PacketSpace;
}

/**
 * Partitions `query` by deciding rule, in rule order, the default last. Empty parts are left out. With an
 * index only the rules whose addresses can match the query are looked at. Each rule's part is its share of
 * the query minus the earlier rules, so a large query is never cut down rule by rule; the default's part
 * (the query minus every rule) is left out when `withDefault` is false.
 */
export function evaluateFirewall(firewall: Firewall, query: PacketSpace, index?: RuleIndex, withDefault = true): Decision[] {
  const decisions: Decision[] = [];
  const srcs = query.srcs();
  const dsts = query.dsts();
  const rules = index ? index.candidates(srcs, dsts) : firewall.rules;
  const matched: PacketSpace[] = [];
  for (const rule of rules) {
    if (!rule.enabled || !rule.from.set.overlaps(srcs) || !rule.to.set.overlaps(dsts)) continue;
    const share = query.intersect(rule.space);
    if (share.isEmpty()) continue;
    const hit = share.differenceAll(matched);
    matched.push(rule.space);
    if (!hit.isEmpty()) decisions.push({ rule, action: rule.action, space: hit });
    // A rule that takes the whole query (a catch-all) leaves nothing for the rules after it, or the default.
    if (rule.from.set.covers(srcs) && rule.to.set.covers(dsts) && rule.space.covers(query)) return decisions;
  }
  if (withDefault) {
    const rest = query.differenceAll(matched);
    if (!rest.isEmpty()) decisions.push({ action: firewall.defaultAction, space: rest });
  }
  return decisions;
}

export function decidePacket(firewall: Firewall, packet: Packet): { rule?: FirewallRule; action: Action } {
  for (const rule of firewall.rules) {
    if (rule.enabled && rule.space.contains(packet)) return { rule, action: rule.action };
  }
  return { action: firewall.defaultAction };
}

/** "#3 name" or "default": how a deciding rule is named in paths and messages. */
export function ruleLabel(rule: FirewallRule | undefined): string {
  if (!rule) return 'default';
  return `#${rule.index + 1}${rule.name ? ' ' + rule.name : ''}`;
}
