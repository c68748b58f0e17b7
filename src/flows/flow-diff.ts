// The semantic difference between two versions of a network: for every ordered pair of zones, exactly the
// packets the new version lets through that the old one did not (opened) and the other way round (closed),
// with the zones added, removed or moved to another tier. Reordering rules without changing what they
// decide changes no packet, so it opens and closes nothing.

import type { PacketSpace } from '../net/packet-space';
import { involvesMyNumber, isTier } from '../model/tier-map';
import type { Category, NetworkModel } from '../model/types';
import type { ZoneFlows } from './zone-flows';

/** How much a reviewer should care: into or out of the My Number tier, across a tier boundary, or neither. */
export type FlowRisk = 'mynumber' | 'cross-tier' | 'within';

/** Opened or closed traffic from one zone to another. */
export interface FlowChange {
  readonly from: string;
  readonly to: string;
  /** The zones' categories in the version the traffic flows in (the new one when opened, the old one when closed). */
  readonly fromCategory: Category;
  readonly toCategory: Category;
  readonly risk: FlowRisk;
  /** The exact packets opened or closed; never empty. */
  readonly space: PacketSpace;
  /** The zones of the pair that exist only in that version (added when opened, removed when closed). */
  readonly zonesOnlyHere: readonly string[];
}

export interface ZoneRef {
  readonly zone: string;
  readonly category: Category;
}

export interface FlowDiff {
  /** Most dangerous first (My Number tier, then other tier crossings), then by zones. */
  readonly opened: readonly FlowChange[];
  readonly closed: readonly FlowChange[];
  readonly addedZones: readonly ZoneRef[];
  readonly removedZones: readonly ZoneRef[];
  /** Zones in both versions whose tier or outside network changed. */
  readonly movedZones: readonly { readonly zone: string; readonly from: Category; readonly to: Category }[];
}

/** One version: the model and every zone's traffic to every other zone (see zoneFlows). */
export interface NetworkVersion {
  readonly model: NetworkModel;
  readonly flows: ZoneFlows;
}

const RISK_ORDER: readonly FlowRisk[] = ['mynumber', 'cross-tier', 'within'];

/** The risk of traffic between two categories: into or out of the My Number tier first, then other tier crossings. */
export function flowRisk(from: Category, to: Category): FlowRisk {
  if (from === to) return 'within';
  if (involvesMyNumber({ from, to })) return 'mynumber';
  return isTier(from) || isTier(to) ? 'cross-tier' : 'within';
}

/** Opened = new − old and closed = old − new for every ordered pair of zones of either version. */
export function diffFlows(before: NetworkVersion, after: NetworkVersion): FlowDiff {
  const opened: FlowChange[] = [];
  const closed: FlowChange[] = [];
  const pairs = new Set<string>();
  for (const flows of [before.flows, after.flows]) {
    for (const [from, row] of flows) for (const to of row.keys()) pairs.add(`${from}\u0000${to}`);
  }
  const change = (version: NetworkVersion, other: NetworkVersion, from: string, to: string, space: PacketSpace): FlowChange => {
    const fromCategory = version.model.zones.get(from)!.category;
    const toCategory = version.model.zones.get(to)!.category;
    return {
      from,
      to,
      fromCategory,
      toCategory,
      risk: flowRisk(fromCategory, toCategory),
      space,
      zonesOnlyHere: [from, to].filter((z) => !other.model.zones.has(z)),
    };
  };
  for (const pair of pairs) {
    const [from, to] = pair.split('\u0000') as [string, string];
    const old = before.flows.get(from)?.get(to);
    const now = after.flows.get(from)?.get(to);
    const gained = now === undefined ? undefined : old === undefined ? now : now.difference(old);
    const lost = old === undefined ? undefined : now === undefined ? old : old.difference(now);
    if (gained && !gained.isEmpty()) opened.push(change(after, before, from, to, gained));
    if (lost && !lost.isEmpty()) closed.push(change(before, after, from, to, lost));
  }
  const zonesOf = (version: NetworkVersion, other: NetworkVersion): ZoneRef[] =>
    [...version.model.zones.values()].filter((z) => !other.model.zones.has(z.id)).map((z) => ({ zone: z.id, category: z.category })).sort(byZone);
  const movedZones = [...after.model.zones.values()]
    .flatMap((z) => {
      const was = before.model.zones.get(z.id);
      return was && was.category !== z.category ? [{ zone: z.id, from: was.category, to: z.category }] : [];
    })
    .sort(byZone);
  return {
    opened: opened.sort(compareChanges),
    closed: closed.sort(compareChanges),
    addedZones: zonesOf(after, before),
    removedZones: zonesOf(before, after),
    movedZones,
  };
}

function byZone(a: { readonly zone: string }, b: { readonly zone: string }): number {
  return a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0;
}

/** Riskiest first, then by source zone and destination zone. */
export function compareChanges(a: FlowChange, b: FlowChange): number {
  return RISK_ORDER.indexOf(a.risk) - RISK_ORDER.indexOf(b.risk) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0);
}
