// The tier matrix and the zone matrix: for each ordered pair of tiers or outside networks (and of zones),
// the services the network lets through, the tier policy's verdict on the pair, and whether the traffic
// complies — read from the findings of the lint run (their flows), never judged a second time here.

import type { Finding } from '../core/finding';
import type { AuditFacts } from '../core/report';
import { IpSet } from '../net/ip-set';
import { ServicePorts } from '../net/service';
import type { ZoneFlows } from '../flows/zone-flows';
import { formatServices } from '../flows/witness';
import type { NetworkModel } from '../model/types';
import type { ExceptionUsage } from './rule';

/**
 * How a pair's traffic fares with the lint run: `violation` — findings on it; `suppressed` — findings on it,
 * all taken by inline suppressions; `excepted` — approved exceptions excuse some of it and no finding is
 * left; `ok` — traffic, and no finding; `none` — no traffic.
 */
export type MatrixStatus = 'violation' | 'suppressed' | 'excepted' | 'ok' | 'none';

/** The tier policy's cell for a pair (the same facts the audit report shows); `same` within one tier or outside network. */
export interface MatrixPolicy {
  readonly verdict: 'allow' | 'deny' | 'pinned' | 'declared' | 'same';
  /** Gateways whose own traffic the policy allows whatever the verdict, with the services they are limited to. */
  readonly via: readonly { readonly role: string; readonly services?: readonly string[] }[];
  /** The kind of outside network every allowed path must pass. */
  readonly through?: string;
  readonly cite: readonly string[];
}

export interface MatrixCell {
  /** Category ids (tier matrix) or zone ids (zone matrix). */
  readonly from: string;
  readonly to: string;
  readonly fromCategory: string;
  readonly toCategory: string;
  /** The services of every packet the network lets from one to the other, as readable ranges; empty when none. */
  readonly services: readonly string[];
  /** Exposures through relaying hosts that lint reports on the pair: the relay chain and the services. */
  readonly relayed: readonly { readonly via: readonly string[]; readonly services: readonly string[] }[];
  readonly policy: MatrixPolicy;
  readonly status: MatrixStatus;
  /** Lint findings whose flow is this pair (after inline suppressions), and their rules. */
  readonly findings: number;
  readonly rules: readonly string[];
  /** Findings on the pair that inline suppressions took. */
  readonly suppressed: number;
  /** Approved exceptions that excuse some of the pair's traffic. */
  readonly exceptions: readonly string[];
}

export interface TrafficMatrix {
  /** The tiers and outside networks of the model, tiers first. */
  readonly categories: readonly string[];
  /** Every ordered pair of categories, the diagonal included, row by row. */
  readonly tiers: readonly MatrixCell[];
  readonly zones: readonly { readonly id: string; readonly category: string }[];
  /** Ordered pairs of distinct zones with traffic or findings, by source zone (in `zones` order) then destination. */
  readonly zonePairs: readonly MatrixCell[];
}

export interface TrafficMatrixInput {
  readonly model: NetworkModel;
  readonly flows: ZoneFlows;
  /** The tier policy between the model's categories and its zones, as the lint report carries them. */
  readonly audit: AuditFacts;
  /** The lint run's findings, and those inline suppressions took. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly Finding[];
  readonly exceptionUsage: readonly ExceptionUsage[];
}

const SAME: MatrixPolicy = { verdict: 'same', via: [], cite: [] };

/** The tier matrix and the zone matrix of a model, with the compliance of each pair from the lint run's findings. */
export function trafficMatrix(input: TrafficMatrixInput): TrafficMatrix {
  const { model, flows, audit } = input;
  const categoryOf = (zone: string): string => model.zones.get(zone)!.category;
  const policyOf = (from: string, to: string): MatrixPolicy => {
    if (from === to) return SAME;
    const cell = audit.cells.find((c) => c.from === from && c.to === to);
    if (!cell) return SAME;
    return { verdict: cell.verdict, via: cell.via, ...(cell.through ? { through: cell.through } : {}), cite: cell.cite };
  };
  const ownOf = (zones: readonly string[]): IpSet => zones.reduce((set, z) => set.union(model.zones.get(z)!.own), IpSet.EMPTY);
  const zonesIn = new Map(audit.categories.map((c) => [c, audit.zones.filter((z) => z.category === c).map((z) => z.id)]));

  const cell = (
    key: { from: string; to: string; fromCategory: string; toCategory: string },
    ports: ServicePorts,
    onPair: (f: Finding) => boolean,
    own: { from: IpSet; to: IpSet },
  ): MatrixCell => {
    const findings = input.findings.filter((f) => f.flow && onPair(f));
    const suppressed = input.suppressed.filter((f) => f.flow && onPair(f)).length;
    const exceptions = input.exceptionUsage
      .filter((u) => !u.covered.restrict(own.from, own.to).isEmpty())
      .map((u) => u.exception.id);
    // Each finding's services are already readable ranges ("any except …"): entries are kept apart, not merged.
    const relayed = new Map<string, { via: readonly string[]; services: readonly string[] }>();
    for (const f of [...findings, ...input.suppressed.filter((s) => s.flow && onPair(s))]) {
      if (f.flow!.via.length) relayed.set(`${f.flow!.via.join('\u0000')}\u0001${f.flow!.services.join('\u0000')}`, { via: f.flow!.via, services: f.flow!.services });
    }
    const services = ports.isEmpty() ? [] : formatServices(ports);
    const status: MatrixStatus =
      findings.length > 0 ? 'violation' : suppressed > 0 ? 'suppressed' : exceptions.length > 0 ? 'excepted' : services.length > 0 ? 'ok' : 'none';
    return {
      ...key,
      services,
      relayed: [...relayed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r),
      policy: policyOf(key.fromCategory, key.toCategory),
      status,
      findings: findings.length,
      rules: [...new Set(findings.map((f) => f.ruleId))].sort(),
      suppressed,
      exceptions: [...new Set(exceptions)].sort(),
    };
  };

  // Services per pair of zones, and per pair of categories (every zone pair between them).
  const zonePorts = new Map<string, ServicePorts>();
  const categoryPorts = new Map<string, ServicePorts>();
  for (const [from, row] of flows) {
    for (const [to, space] of row) {
      const ports = space.services();
      zonePorts.set(`${from}\u0000${to}`, ports);
      const key = `${categoryOf(from)}\u0000${categoryOf(to)}`;
      categoryPorts.set(key, (categoryPorts.get(key) ?? ServicePorts.EMPTY).union(ports));
    }
  }

  const tiers = audit.categories.flatMap((from) =>
    audit.categories.map((to) =>
      cell(
        { from, to, fromCategory: from, toCategory: to },
        categoryPorts.get(`${from}\u0000${to}`) ?? ServicePorts.EMPTY,
        (f) => f.flow!.fromCategory === from && f.flow!.toCategory.split(', ').includes(to),
        { from: ownOf(zonesIn.get(from) ?? []), to: ownOf(zonesIn.get(to) ?? []) },
      ),
    ),
  );

  // The zone pairs worth a line: those with traffic, and those lint reports on (relayed exposures have no direct traffic).
  const order = new Map(audit.zones.map((z, i) => [z.id, i]));
  const pairs = new Set(zonePorts.keys());
  for (const f of [...input.findings, ...input.suppressed]) {
    if (!f.flow) continue;
    for (const to of f.flow.to.split(', ')) if (to !== f.flow.from && order.has(to) && order.has(f.flow.from)) pairs.add(`${f.flow.from}\u0000${to}`);
  }
  const zonePairs = [...pairs]
    .map((key) => key.split('\u0000') as [string, string])
    .sort(([a, b], [c, d]) => order.get(a)! - order.get(c)! || order.get(b)! - order.get(d)!)
    .map(([from, to]) =>
      cell(
        { from, to, fromCategory: categoryOf(from), toCategory: categoryOf(to) },
        zonePorts.get(`${from}\u0000${to}`) ?? ServicePorts.EMPTY,
        (f) => f.flow!.from === from && f.flow!.to.split(', ').includes(to),
        { from: model.zones.get(from)!.own, to: model.zones.get(to)!.own },
      ),
    );
  return { categories: audit.categories, tiers, zones: audit.zones, zonePairs };
}
