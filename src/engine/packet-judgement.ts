// What the tier policy makes of one packet, read the way the flow judgement reads a whole flow: the cell
// between the packet's zones, the gateways it names, pinned rules, the security cloud, relays, the claim chain
// of the rules and the exceptions in force — so that one packet can be explained exactly as lint judges it.

import { zoneSource, type FlowAnalysis } from '../flows/analysis';
import { packetSpace } from '../flows/question';
import { relayedFlowsFrom, relaysOf, type Relay } from '../flows/relays';
import { builtinServicePorts, MAIL_SERVICES } from '../model/service-catalog';
import type { Host, NetworkModel, Zone } from '../model/types';
import type { Family } from '../net/ip';
import type { Packet } from '../net/packet-space';
import { gatewaysOf, violationReason } from './judge';
import { policyCell, type PolicyCell, type TierPolicy } from './policy';
import type { Rule, ViolationReason } from './rule';

/** The tier policy between the packet's zones, and whether the packet's flow meets it. */
export interface PolicyJudgement {
  readonly from: { readonly zone: string; readonly category: string };
  readonly to: { readonly zone: string; readonly category: string };
  /** The policy cell between the zones' categories (which `from` and `to` name). */
  readonly cell: Omit<PolicyCell, 'from' | 'to'>;
  /**
   * `same-zone`, `same-category`: no tier boundary is crossed. `allowed`: the cell allows it. `gateway`: a
   * sanitizing gateway of the cell sanctions it. `pinned`: every path that delivers it passes pinned rules only.
   * `through`: it reaches the Internet only through the security cloud. `violation`: it breaks the policy
   * (`reason`), reported by `rule`. `excepted`: a violation the `exceptions` excuse. `stopped`: not delivered.
   */
  readonly outcome: 'same-zone' | 'same-category' | 'allowed' | 'gateway' | 'pinned' | 'through' | 'violation' | 'excepted' | 'stopped';
  readonly reason?: ViolationReason;
  /** The rule of the claim chain that judges the violation (absent when that rule is turned off). */
  readonly rule?: string;
  /** The gateway host that sanctions the flow. */
  readonly gateway?: string;
  /** The relaying hosts the flow passes, when it is delivered only through them. */
  readonly relays?: readonly string[];
  readonly exceptions?: readonly string[];
}

/** What the judgement needs: the model and its flows (every destination followed), the policy, the rules. */
export interface PacketJudge {
  readonly model: NetworkModel;
  readonly flows: FlowAnalysis;
  readonly policy: TierPolicy;
  /** The enabled rules, in the order of the claim chain. */
  readonly rules: readonly Rule[];
  /** Ids of the exceptions that may excuse traffic (in force: not expired, and pinned where they must be). */
  readonly activeExceptions: ReadonlySet<string>;
}

function zonesOf(model: NetworkModel, family: Family, address: bigint): Zone[] {
  return [...model.zones.values()].filter((z) => z.own.contains(family, address)).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * The policy between the packet's zones and what it makes of the packet — the same reading as the lint run's
 * flow judgement: the cell, the gateways it names, pinned rules, the security cloud, relays, the claim chain
 * of the rules and the exceptions in force.
 */
export function judgePacket(context: PacketJudge, packet: Packet): PolicyJudgement[] {
  const { model, flows } = context;
  const out: PolicyJudgement[] = [];
  const space = packetSpace(packet);
  let relays: Relay[] | undefined;
  const gateways = gatewaysOf(model, builtinServicePorts);
  /** The gateway that sanctions the packet under a cell, as the flow judgement reads the cell's `via`. */
  const sanctioningGateway = (cell: PolicyCell, from: Zone, to: Zone): Host | undefined => gateways(cell, from, to).find((g) => g.space.covers(space))?.host;
  for (const from of zonesOf(model, packet.family, packet.src)) {
    for (const to of zonesOf(model, packet.family, packet.dst)) {
      const cell = policyCell(context.policy, model.model, model.edition, from.category, to.category);
      const base = {
        from: { zone: from.id, category: from.category },
        to: { zone: to.id, category: to.category },
        cell: {
          verdict: cell.verdict,
          via: cell.via,
          ...(cell.through ? { through: cell.through } : {}),
          cite: cell.cite,
          ...(cell.note ? { note: cell.note } : {}),
        },
      };
      if (from.id === to.id) {
        out.push({ ...base, outcome: 'same-zone' });
        continue;
      }
      const source = zoneSource(from);
      const violation = (reason: ViolationReason, relayed: boolean, chain?: readonly string[]): PolicyJudgement => {
        const rule = context.rules.find((r) => r.claim && !r.claim({ from, to, cell, reason, space, relayed }).intersect(space).isEmpty());
        const excusable = cell.verdict === 'declared' || cell.verdict === 'pinned';
        const excusing = rule && excusable ? model.exceptions.filter((e) => e.rule === rule.meta.id && context.activeExceptions.has(e.id) && e.scope.contains(packet)).map((e) => e.id) : [];
        return {
          ...base,
          outcome: excusing.length > 0 ? 'excepted' : 'violation',
          reason,
          ...(rule ? { rule: rule.meta.id } : {}),
          ...(chain ? { relays: chain } : {}),
          ...(excusing.length > 0 ? { exceptions: excusing } : {}),
        };
      };
      if (flows.flowTo(source, to.id, 'all').contains(packet)) {
        if (from.category === to.category) out.push({ ...base, outcome: 'same-category' });
        else if (cell.verdict !== 'allow') {
          const gateway = sanctioningGateway(cell, from, to);
          if (gateway) out.push({ ...base, outcome: 'gateway', gateway: gateway.id });
          else if (cell.verdict === 'pinned' && !flows.flowTo(source, to.id, 'unpinned').contains(packet)) out.push({ ...base, outcome: 'pinned' });
          else out.push(violation(violationReason(cell, false), false));
        } else if (cell.through) {
          out.push(flows.flowTo(source, to.id, 'bypass').contains(packet) ? violation('bypass', false) : { ...base, outcome: 'through' });
        } else out.push({ ...base, outcome: 'allowed' });
        continue;
      }
      relays ??= relaysOf(model, builtinServicePorts(MAIL_SERVICES));
      // Not delivered directly: through each chain of relays that carries it, if any.
      const relayed = relays.length > 0 ? relayedFlowsFrom(flows, from, relays).filter((f) => f.to.id === to.id && f.space.contains(packet)) : [];
      if (relayed.length === 0) out.push({ ...base, outcome: 'stopped' });
      for (const flow of relayed) {
        const chain = flow.chain.map((r) => r.host.id);
        const gateway = cell.verdict === 'allow' || from.category === to.category ? undefined : sanctioningGateway(cell, from, to);
        if (from.category === to.category) out.push({ ...base, outcome: 'same-category', relays: chain });
        else if (cell.verdict === 'allow') out.push({ ...base, outcome: 'allowed', relays: chain });
        else if (gateway) out.push({ ...base, outcome: 'gateway', gateway: gateway.id, relays: chain });
        else out.push(violation(violationReason(cell, true), true, chain));
      }
    }
  }
  return out;
}
