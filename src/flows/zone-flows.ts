// What can talk to what: for every ordered pair of distinct zones, the exact packets from the first zone's
// addresses that arrive at the second zone's own addresses, over any path the firewalls let them take.
// The matrices and the semantic diff are read from this; the lint run follows less (only tier exits).

import type { PacketSpace } from '../net/packet-space';
import type { NetworkModel } from '../model/types';
import { createFlowAnalysis, zoneSource, type FlowAnalysis } from './analysis';

/** Flows by source zone, then destination zone; pairs with no packets are absent. */
export type ZoneFlows = ReadonlyMap<string, ReadonlyMap<string, PacketSpace>>;

/** Every zone's traffic to every other zone (mode `all`: pinned rules and security clouds included). */
export function zoneFlows(model: NetworkModel, flows: FlowAnalysis = createFlowAnalysis(model)): ZoneFlows {
  const result = new Map<string, Map<string, PacketSpace>>();
  const ids = [...model.zones.keys()].sort();
  for (const from of ids) {
    const source = zoneSource(model.zones.get(from)!);
    const row = new Map<string, PacketSpace>();
    // Only the zones some of its packets arrive in can receive any.
    const arrived = flows.reach(source, 'all');
    for (const to of ids) {
      if (to === from || !arrived.has(to)) continue;
      const space = flows.flowTo(source, to, 'all');
      if (!space.isEmpty()) row.set(to, space);
    }
    if (row.size > 0) result.set(from, row);
  }
  return result;
}
