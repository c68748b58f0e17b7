// What a lint rule is: metadata as data (ids, titles, messages in Japanese and English, references), and
// one or both of two hooks — `claim`, its place in the chain that judges cross-tier flows, and `check`,
// a free-standing check over the model and the results of the flow judgement.

import type { Localized, RawFinding, Severity } from '../core/finding';
import { ruleLabel } from '../flows/first-match';
import { representative, witnessPacket } from '../flows/witness';
import type { PacketSpace } from '../net/packet-space';
import type { FlowAnalysis } from '../flows/analysis';
import type { RuleReach } from '../flows/rule-base';
import type { Crossing, TierMap } from '../model/tier-map';
import type { Exception, Firewall, NetworkModel, Zone } from '../model/types';
import type { PolicyCell } from './policy';

export type RuleCategory = 'exposure' | 'exceptions' | 'rule-base' | 'address-plan' | 'input' | 'suppression';

/** A rule's options: a JSON Schema (draft-07) of the options object, and the value of each option when unset. */
export interface RuleOptionsMeta {
  readonly schema: Readonly<Record<string, unknown>>;
  readonly defaults: Readonly<Record<string, unknown>>;
}

export interface RuleMeta {
  readonly id: string;
  readonly title: Localized;
  readonly description: Localized;
  readonly category: RuleCategory;
  readonly severity: Severity;
  /** Clauses of the guideline (GL) and the seed policy (基本方針) the rule rests on. */
  readonly references: readonly string[];
  readonly messages: Readonly<Record<string, Localized>>;
  /** Options the rule accepts from the configuration (`rules: { id: [level, options] }`). */
  readonly options?: RuleOptionsMeta;
}

/** Why a part of a flow breaks the tier policy. */
export type ViolationReason = 'forbidden' | 'not-pinned' | 'not-declared' | 'not-via-gateway' | 'bypass';

/** A part of a flow between two zones that the tier policy does not allow, offered to the claim chain. */
export interface Violation {
  readonly from: Zone;
  readonly to: Zone;
  readonly cell: PolicyCell;
  readonly reason: ViolationReason;
  /** Unclaimed part of the violating traffic. */
  readonly space: PacketSpace;
  /** Set for flows that exist only through relaying hosts. */
  readonly relayed: boolean;
}

export interface ExceptionUsage {
  readonly exception: Exception;
  /** The traffic it excused (empty: unused). */
  readonly covered: PacketSpace;
}

/**
 * An allow rule whose traffic crosses from one tier or outside network to another: the part of it that
 * reaches the rule (no earlier rule takes it) and can arrive at the firewall from the zones attached to it.
 */
export interface CrossingRule {
  readonly firewall: Firewall;
  readonly reach: RuleReach;
  /** The rule's traffic: the part of it that reaches it and can arrive at the firewall. */
  readonly traffic: PacketSpace;
  readonly crossings: readonly Crossing[];
}

/** What every finding about a crossing rule says: the firewall, the rule, the tiers crossed and a witness. */
export function crossingFacts(crossingRule: CrossingRule, crossing: Crossing = crossingRule.crossings[0]!): Pick<RawFinding, 'origin' | 'witness' | 'possible'> & {
  data: Record<string, string>;
} {
  const { rule } = crossingRule.reach;
  return {
    data: { firewall: crossingRule.firewall.id, firewallRule: ruleLabel(rule), fromTier: crossing.from, toTier: crossing.to },
    origin: rule.origin,
    witness: witnessPacket(representative(crossing.space)!),
    ...(rule.approximate ? { possible: rule.approximate } : {}),
  };
}

export interface CheckContext {
  readonly model: NetworkModel;
  /** The rule's options: its defaults overridden by the configuration. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly flows: FlowAnalysis;
  /** The addresses of each tier and outside network, and the tier boundaries a set of packets crosses. */
  readonly tiers: TierMap;
  /** How each enabled rule of a firewall fares against the rules before it (computed once per run). */
  ruleReach(firewall: Firewall): readonly RuleReach[];
  /** Every enabled allow rule whose traffic crosses a tier boundary, with those crossings (computed once per run). */
  crossingRules(): readonly CrossingRule[];
  /** Every exception with the traffic it excused in this run. */
  readonly exceptionUsage: readonly ExceptionUsage[];
  /** Whether an address set touches a zone of the My Number tier. */
  touchesMyNumber(exception: Exception): boolean;
  report(finding: Omit<RawFinding, 'ruleId' | 'severity'> & { severity?: Severity }): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  /** The part of a violation this rule judges; the rest goes to the next rule in the chain. */
  claim?(violation: Violation): PacketSpace;
  check?(context: CheckContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
