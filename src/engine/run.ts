// Runs the rule pack over a model: the flow judgement (the claim chain), then each rule's own check.
// Returns facts only (raw findings); wording and positions are resolved by the caller.

import type { RawFinding } from '../core/finding';
import { IpSet } from '../net/ip-set';
import type { ServicePorts } from '../net/service';
import { createFlowAnalysis, type FlowAnalysis, type TrafficSource } from '../flows/analysis';
import { relaysOf } from '../flows/relays';
import { buildTierMap, type TierMap } from '../model/tier-map';
import { builtinServicePorts, MAIL_SERVICES } from '../model/service-catalog';
import type { Category, Exception, NetworkModel } from '../model/types';
import { judgeFlows } from './judge';
import type { TierPolicy } from './policy';
import type { CheckContext, CrossingRule, Rule } from './rule';
import type { RuleSettings } from './settings';

/** The stages of a run, in order; `flows` is reachability and the flow judgement, `rules` every other check. */
export type Stage = 'read' | 'validate' | 'model' | 'flows' | 'rules' | 'report';
export type StageListener = (stage: Stage, milliseconds: number) => void;

export interface RunResult {
  readonly findings: RawFinding[];
  readonly exceptionUsage: CheckContext['exceptionUsage'];
}

/** Runs the enabled rules; `settings` turns rules off, fixes their severity and sets their options. */
export function runRules(
  model: NetworkModel,
  policy: TierPolicy,
  allRules: readonly Rule[],
  settings: RuleSettings = new Map(),
  onStage?: StageListener,
): RunResult {
  const started = performance.now();
  const rules = allRules.filter((r) => settings.get(r.meta.id)?.enabled !== false);
  const tiers = buildTierMap(model);
  const mailServices = builtinServicePorts(MAIL_SERVICES);
  const flows = createFlowAnalysis(model, { destinations: tierExits(model, tiers, mailServices) });
  const myNumber = [...model.zones.values()].filter((z) => z.category === 'mynumber').reduce((s, z) => s.union(z.own), IpSet.EMPTY);
  const touchesMyNumber = (e: Exception): boolean =>
    e.rule === 'mynumber-isolation' || e.from.set.overlaps(myNumber) || e.to.set.overlaps(myNumber);
  const pinned = (e: Exception): boolean => e.from.pinned && e.to.pinned && e.services.pinned;
  const activeExceptions = model.exceptions.filter((e) => !e.expired && (pinned(e) || !touchesMyNumber(e)));

  const judged = judgeFlows({
    model,
    flows,
    policy,
    rules,
    servicePorts: builtinServicePorts,
    mailServices,
    activeExceptions,
  });
  const judgedAt = performance.now();
  onStage?.('flows', judgedAt - started);
  const findings = [...judged.findings];
  const { ruleReach, crossingRules } = ruleBaseView(model, flows, tiers);
  for (const rule of rules) {
    if (!rule.check) continue;
    rule.check({
      model,
      options: { ...rule.meta.options?.defaults, ...settings.get(rule.meta.id)?.options },
      flows,
      tiers,
      ruleReach,
      crossingRules,
      exceptionUsage: judged.exceptionUsage,
      touchesMyNumber,
      report: (f) => findings.push({ ...f, ruleId: rule.meta.id, severity: f.severity ?? rule.meta.severity }),
    });
  }
  const fixed = (f: RawFinding): RawFinding => {
    const severity = settings.get(f.ruleId)?.severity;
    return severity ? { ...f, severity } : f;
  };
  onStage?.('rules', performance.now() - judgedAt);
  return { findings: findings.map(fixed), exceptionUsage: judged.exceptionUsage };
}

/**
 * Where each zone's traffic is worth following: within one tier everything is allowed, so only out of its
 * tier — and into relays, which may carry it out again. Addresses another category claims too (zones
 * overlapping at the same size) count as leaving.
 */
function tierExits(model: NetworkModel, tiers: TierMap, mailServices: ServicePorts): (source: TrafficSource) => IpSet {
  const relayAddresses = relaysOf(model, mailServices).reduce((set, relay) => set.union(relay.host.addresses), IpSet.EMPTY);
  const others = (c: Category): IpSet => tiers.categories.filter((o) => o !== c).reduce((set, o) => set.union(tiers.addressesOf(o)), IpSet.EMPTY);
  const leaving = new Map(tiers.categories.map((c) => [c, IpSet.ANY.difference(tiers.addressesOf(c).difference(others(c))).union(relayAddresses)]));
  return (source) => {
    const zone = source.key.startsWith('zone:') && source.zones.length === 1 ? model.zones.get(source.zones[0]!) : undefined;
    return zone ? (leaving.get(zone.category) ?? IpSet.ANY) : IpSet.ANY;
  };
}

/** The rule-base views the checks share, each computed once per run on first use. */
function ruleBaseView(
  model: NetworkModel,
  flows: FlowAnalysis,
  tiers: TierMap,
): Pick<CheckContext, 'ruleReach' | 'crossingRules'> {
  const ruleReach = flows.ruleBase;
  let crossing: CrossingRule[] | undefined;
  const crossingRules = (): readonly CrossingRule[] => {
    if (crossing) return crossing;
    crossing = [];
    for (const firewall of model.firewalls.values()) {
      for (const reach of ruleReach(firewall)) {
        if (reach.rule.action !== 'allow' || !tiers.mayCross(reach.rule.from.set, reach.rule.to.set)) continue;
        const traffic = reach.reached.restrict(flows.arriving(firewall), undefined);
        const crossings = tiers.crossings(traffic);
        if (crossings.length > 0) crossing.push({ firewall, reach, traffic, crossings });
      }
    }
    return crossing;
  };
  return { ruleReach, crossingRules };
}
