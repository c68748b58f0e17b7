// The network as a bipartite graph: zones on one side, joints on the other. A joint is a firewall
// (filters what enters it), a link or a shared firewall interface (both unfiltered). A packet moves
// zone → joint → zone; it can reach a zone if some walk lets it through every firewall on it.

import type { Origin } from '../core/finding';
import type { Firewall, NetworkModel } from '../model/types';

export type Joint =
  | { readonly kind: 'firewall'; readonly id: string; readonly firewall: Firewall; readonly zones: readonly string[]; readonly origin: Origin }
  | { readonly kind: 'link'; readonly id: string; readonly zones: readonly string[]; readonly origin: Origin }
  | { readonly kind: 'interface'; readonly id: string; readonly zones: readonly string[]; readonly origin: Origin };

export interface Topology {
  readonly joints: readonly Joint[];
  /** Joints each zone is attached to, in a stable order. */
  readonly jointsOf: ReadonlyMap<string, readonly Joint[]>;
}

export function buildTopology(model: NetworkModel): Topology {
  const joints: Joint[] = [];
  for (const firewall of model.firewalls.values()) {
    const zones = [...new Set(firewall.interfaces.flatMap((i) => i.zones))];
    joints.push({ kind: 'firewall', id: firewall.id, firewall, zones, origin: firewall.origin });
    for (const iface of firewall.interfaces) {
      if (iface.zones.length > 1) {
        joints.push({ kind: 'interface', id: `${firewall.id}/${iface.name}`, zones: iface.zones, origin: iface.origin });
      }
    }
  }
  model.links.forEach((link, i) => {
    if (link.zones.length > 1) joints.push({ kind: 'link', id: `link ${i + 1} (${link.zones.join(' ↔ ')})`, zones: link.zones, origin: link.origin });
  });
  const jointsOf = new Map<string, Joint[]>();
  for (const zone of model.zones.keys()) jointsOf.set(zone, []);
  for (const joint of joints) for (const zone of joint.zones) jointsOf.get(zone)?.push(joint);
  return { joints, jointsOf };
}
