// Judges every flow between two zones against the tier policy: computes the violating part of the traffic,
// lets the rules claim it in order (the first that applies judges it), takes out what approved exceptions
// excuse, and splits the rest into findings — one per permitting firewall rule — each with a witness and path.

import type { Hop, RawFinding, RelatedOrigin } from '../core/finding';
import { IpSet } from '../net/ip-set';
import { PacketSpace } from '../net/packet-space';
import { ServicePorts } from '../net/service';
import { zoneSource, type FlowAnalysis, type ReachMode, type TrafficSource } from '../flows/analysis';
import { legSample, relayWitness, relayedFlowsFrom, relaysOf, type Relay, type RelayedFlow } from '../flows/relays';
import { representative, summarizeSpace, witnessPacket } from '../flows/witness';
import type { Exception, Host, NetworkModel, Zone } from '../model/types';
import { policyCell, type PolicyCell, type TierPolicy, type ViaGateway } from './policy';
import type { ExceptionUsage, Rule, Violation, ViolationReason } from './rule';

export interface JudgeResult {
  readonly findings: RawFinding[];
  /** Traffic excused by exceptions, per exception id. */
  readonly exceptionUsage: ExceptionUsage[];
}

export interface JudgeInput {
  readonly model: NetworkModel;
  readonly flows: FlowAnalysis;
  readonly policy: TierPolicy;
  readonly rules: readonly Rule[];
  /** Resolves service names (for gateway restrictions in the policy). */
  readonly servicePorts: (names: readonly string[]) => ServicePorts;
  readonly mailServices: ServicePorts;
  /** Exceptions that may excuse traffic (unexpired, and pinned where the My Number tier is involved). */
  readonly activeExceptions: readonly Exception[];
}

export function judgeFlows(input: JudgeInput): JudgeResult {
  const { model, flows, policy, rules } = input;
  const findings: RawFinding[] = [];
  const covered = new Map<Exception, PacketSpace>(input.activeExceptions.map((e) => [e, PacketSpace.EMPTY]));
  const zones = [...model.zones.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const position = new Map(zones.map((z, i) => [z, i]));
  const cells = new Map<string, PolicyCell>();
  const cellOf = (from: Zone, to: Zone): PolicyCell => {
    const key = `${from.category}\u0000${to.category}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = policyCell(policy, model.model, model.edition, from.category, to.category)));
    return cell;
  };
  const relays = relaysOf(model, input.mailServices);

  const gateways = gatewaysOf(model, input.servicePorts);
  /** The part of a flow the cell's gateways sanction. */
  const sanctioned = (cell: PolicyCell, from: Zone, to: Zone): PacketSpace =>
    gateways(cell, from, to).reduce((space, g) => space.union(g.space), PacketSpace.EMPTY);

  const judge = (violation: Violation, source: TrafficSource, mode: ReachMode, relayed?: RelayedFlow): void => {
    let remaining = violation.space;
    for (const rule of rules) {
      if (!rule.claim || remaining.isEmpty()) continue;
      const claimed = rule.claim({ ...violation, space: remaining }).intersect(remaining);
      if (claimed.isEmpty()) continue;
      remaining = remaining.difference(claimed);
      let open = claimed;
      const excusedBy: string[] = [];
      // Only what the policy allows with a declaration can be excused: a forbidden (deny) cell stays reported.
      const excusable = violation.cell.verdict === 'declared' || violation.cell.verdict === 'pinned';
      for (const exception of excusable ? input.activeExceptions : []) {
        if (exception.rule !== rule.meta.id) continue;
        const part = open.intersect(exception.scope);
        if (part.isEmpty()) continue;
        covered.set(exception, covered.get(exception)!.union(part));
        excusedBy.push(exception.id);
        open = open.difference(part);
      }
      if (relayed) addRelayed(rule, violation, relayed, open, excusedBy);
      else findings.push(...directFindings(rule, violation, source, mode, open, excusedBy));
    }
  };

  const directFindings = (rule: Rule, v: Violation, source: TrafficSource, mode: ReachMode, space: PacketSpace, excusedBy: string[]): RawFinding[] => {
    const out: RawFinding[] = [];
    let rest = space;
    while (!rest.isEmpty()) {
      const packet = representative(rest)!;
      const path = flows.trace(source, packet, mode) ?? [];
      const primary = path.find((h) => h.kind === 'firewall') ?? path.find((h) => h.kind !== 'zone');
      let piece = rest;
      let possible: readonly string[] | undefined;
      if (primary?.kind === 'firewall') {
        const firewall = model.firewalls.get(primary.id)!;
        const decision = flows.decisionOf(firewall, source, packet);
        if (decision) piece = rest.intersect(decision.space);
        possible = decision?.rule?.approximate;
      }
      rest = rest.difference(piece);
      out.push(flowFinding(rule, v, piece, path, primary, witnessPacket(packet), undefined, excusedBy, undefined, [v.to], possible));
    }
    return out;
  };

  /** Relayed exposures, grouped per rule, source zone and relay chain: one finding lists every zone reached. */
  const relayedGroups = new Map<string, { rule: Rule; violation: Violation; flow: RelayedFlow; space: PacketSpace; to: Zone[]; excusedBy: Set<string> }>();
  const addRelayed = (rule: Rule, v: Violation, flow: RelayedFlow, space: PacketSpace, excusedBy: string[]): void => {
    if (space.isEmpty()) return;
    const key = [rule.meta.id, v.from.id, ...flow.chain.map((r) => r.host.id)].join('\u0000');
    const group = relayedGroups.get(key);
    if (!group) relayedGroups.set(key, { rule, violation: v, flow, space, to: [v.to], excusedBy: new Set(excusedBy) });
    else {
      group.space = group.space.union(space);
      group.to.push(v.to);
      excusedBy.forEach((id) => group.excusedBy.add(id));
    }
  };
  const relayedFinding = (group: { rule: Rule; violation: Violation; flow: RelayedFlow; space: PacketSpace; to: Zone[]; excusedBy: Set<string> }): RawFinding => {
    const { flow } = group;
    const packet = representative(group.space.restrict(undefined, group.violation.to.own)) ?? representative(group.space)!;
    const hops = relayWitness(flow, packet).map(witnessPacket);
    const path: Hop[] = [];
    flow.legs.forEach((leg, i) => {
      const legPacket = legSample(leg.space, packet, i === 0, i === flow.legs.length - 1);
      const legPath = legPacket ? (flows.trace(leg.source, legPacket, 'all') ?? []) : [];
      if (i > 0) {
        const relay = flow.chain[i - 1]!;
        path.push({ kind: 'relay', id: relay.host.id, origin: relay.host.origin });
        path.push(...legPath.slice(1));
      } else path.push(...legPath);
    });
    const primary = path.find((h) => h.kind === 'firewall') ?? path.find((h) => h.kind !== 'zone');
    const to = group.to;
    const violation: Violation = group.violation;
    return flowFinding(group.rule, violation, group.space, path, primary, witnessPacket(packet), hops, [...group.excusedBy], flow.chain, to);
  };

  const flowFinding = (
    rule: Rule,
    v: Violation,
    space: PacketSpace,
    path: Hop[],
    primary: Hop | undefined,
    witness: RawFinding['witness'],
    witnessHops: RawFinding['witnessHops'],
    excusedBy: string[],
    chain?: readonly Relay[],
    toZones: readonly Zone[] = [v.to],
    possible?: readonly string[],
  ): RawFinding => {
    const summary = summarizeSpace(space);
    const toIds = toZones.map((z) => z.id).join(', ');
    const toCategories = [...new Set(toZones.map((z) => z.category))].join(', ');
    const toOwn = toZones.reduce((set, z) => set.union(z.own), IpSet.EMPTY);
    const related: RelatedOrigin[] = [
      { origin: v.from.origin, label: `zone ${v.from.id}` },
      ...toZones.map((z) => ({ origin: z.origin, label: `zone ${z.id}` })),
      ...path.filter((h) => h !== primary && (h.kind === 'firewall' || h.kind === 'link' || h.kind === 'interface' || h.kind === 'relay') && h.origin)
        .map((h) => ({ origin: h.origin!, label: `${h.kind} ${h.id}${h.detail ? ' ' + h.detail : ''}` })),
    ];
    const messageId = chain ? 'relayed' : v.reason;
    return {
      ruleId: rule.meta.id,
      severity: rule.meta.severity,
      messageId,
      data: {
        from: v.from.id,
        to: toIds,
        fromTier: v.from.category,
        toTier: toCategories,
        services: summary.services.join(', '),
        firewall: primary ? primary.id : '',
        firewallRule: primary ? `${primary.id}${primary.detail ? ' ' + primary.detail : ''}` : '',
        via: chain ? chain.map((r) => r.host.id).join(' → ') : '',
        gateways: v.cell.via.map((g) => g.role).join(', '),
        model: model.model,
        cite: v.cell.cite.join('; '),
      },
      ...(primary?.origin ? { origin: primary.origin } : {}),
      related,
      flow: {
        from: v.from.id,
        to: toIds,
        fromCategory: v.from.category,
        toCategory: toCategories,
        ...summary,
        wholeSource: space.srcs().equals(v.from.own),
        wholeDestination: space.dsts().equals(toOwn),
        via: chain ? chain.map((r) => r.host.id) : [],
      },
      ...(witness ? { witness } : {}),
      ...(witnessHops ? { witnessHops } : {}),
      path,
      ...(excusedBy.length ? { exceptedBy: excusedBy } : {}),
      ...(possible ? { possible } : {}),
    };
  };

  for (const from of zones) {
    const source = zoneSource(from);
    if (from.own.isEmpty()) continue;
    // Only zones some of the source's traffic arrives in can receive any of it.
    const arrived = flows.reach(source, 'all');
    const reached = [...arrived.keys()].map((id) => model.zones.get(id)!).sort((a, b) => position.get(a)! - position.get(b)!);
    for (const to of reached) {
      if (to.id === from.id || to.own.isEmpty()) continue;
      const cell = cellOf(from, to);
      if (cell.verdict === 'allow' && !cell.through) continue;
      const base = { from, to, cell, relayed: false };
      if (cell.verdict !== 'allow') {
        const mode: ReachMode = cell.verdict === 'pinned' ? 'unpinned' : 'all';
        const reason = violationReason(cell, false);
        const space = flows.flowTo(source, to.id, mode).difference(sanctioned(cell, from, to));
        if (!space.isEmpty()) judge({ ...base, reason, space }, source, mode);
      }
      if (cell.through) {
        const space = flows.flowTo(source, to.id, 'bypass');
        if (!space.isEmpty()) judge({ ...base, reason: 'bypass', space }, source, 'bypass');
      }
    }
    if (relays.length === 0) continue;
    for (const flow of relayedFlowsFrom(flows, from, relays)) {
      const cell = cellOf(from, flow.to);
      if (cell.verdict === 'allow') continue;
      const reason = violationReason(cell, true);
      const space = flow.space.difference(sanctioned(cell, from, flow.to));
      if (!space.isEmpty()) judge({ from, to: flow.to, cell, reason, space, relayed: true }, source, 'all', flow);
    }
  }
  for (const group of relayedGroups.values()) findings.push(relayedFinding(group));
  return { findings, exceptionUsage: [...covered].map(([exception, space]) => ({ exception, covered: space })) };
}

/**
 * Why traffic a cell does not simply allow breaks the policy: it is not pinned, not declared, does not pass
 * a gateway the cell names (relayed traffic has passed relays, not gateways), or is forbidden outright.
 */
export function violationReason(cell: PolicyCell, relayed: boolean): ViolationReason {
  return cell.verdict === 'pinned' ? 'not-pinned' : cell.verdict === 'declared' ? 'not-declared' : cell.via.length && !relayed ? 'not-via-gateway' : 'forbidden';
}

/** A gateway a policy cell names, and the packets it sanctions (from it, or to it, on its services). */
export interface Sanction {
  readonly host: Host;
  readonly space: PacketSpace;
}

/**
 * The gateways of a cell between two zones, each with what it sanctions: hosts in the zones at the ends the
 * cell's `via` names, with the role it names, on their services (limited to the entry's services, if any).
 */
export function gatewaysOf(model: NetworkModel, servicePorts: (names: readonly string[]) => ServicePorts): (cell: PolicyCell, from: Zone, to: Zone) => Sanction[] {
  const gatewaysIn = new Map<string, Host[]>();
  for (const host of model.hosts.values()) {
    if (!host.role || !host.services) continue;
    for (const zone of host.zones) gatewaysIn.set(zone, [...(gatewaysIn.get(zone) ?? []), host]);
  }
  const limited = new Map<ViaGateway, ServicePorts>();
  const portsOf = (via: ViaGateway, host: Host): ServicePorts => {
    if (!via.services) return host.services!;
    let ports = limited.get(via);
    if (!ports) limited.set(via, (ports = servicePorts(via.services)));
    return host.services!.intersect(ports);
  };
  return (cell, from, to) => {
    const out: Sanction[] = [];
    for (const via of cell.via) {
      if (via.end !== 'to') {
        for (const host of gatewaysIn.get(from.id) ?? []) {
          if (host.role === via.role) out.push({ host, space: PacketSpace.fromRule(host.addresses, IpSet.ANY, portsOf(via, host)) });
        }
      }
      if (via.end !== 'from') {
        for (const host of gatewaysIn.get(to.id) ?? []) {
          if (host.role === via.role) out.push({ host, space: PacketSpace.fromRule(IpSet.ANY, host.addresses, portsOf(via, host)) });
        }
      }
    }
    return out;
  };
}

/** Hosts with addresses in more than one tier or outside network, for the rules that report them. */
export function multiHomedHosts(model: NetworkModel): Host[] {
  return [...model.hosts.values()].filter((h) => h.categories.length > 1);
}
