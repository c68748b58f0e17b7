// A firewall whose rules come from vendor files (`import:`): each file's chain unfolded into model rules
// that point at the line they are written on, the chain's policy as the default, and the rules sanso could
// model only approximately. Interfaces the rules name are the model's: `-i eth0` means "from the zones
// behind eth0".

import type { Origin } from '../core/finding';
import { flattenChain, type FlatChain, type FlatEntry } from '../import/netfilter';
import { flattenForward, nftPointer, parseNftablesJson } from '../import/nftables-json';
import { parseIptablesSave, type IptablesProblem } from '../import/iptables-save';
import type { Family } from '../net/ip';
import { IpSet } from '../net/ip-set';
import { PacketSpace, PORT_UNIVERSE, PROTO_UNIVERSE } from '../net/packet-space';
import { ServicePorts } from '../net/service';
import type { SourceDocument } from '../source/document';
import { linePointer } from '../source/line-document';
import type { Action, AddressMatch, Approximation, FirewallInterface, FirewallRule, Zone } from './types';

/** The formats, and the address families each file of that format holds rules for. */
export const IMPORT_FORMATS = { 'iptables-save': [4], 'ip6tables-save': [6], 'nftables-json': [4, 6] } as const satisfies Record<string, readonly Family[]>;
export type ImportFormat = keyof typeof IMPORT_FORMATS;

export interface ImportSource {
  readonly format: ImportFormat;
  /** The vendor file, read; undefined when it could not be read (already reported). */
  readonly document?: SourceDocument;
  readonly table: string;
  readonly chain: string;
  /** Where the model names the import. */
  readonly origin: Origin;
}

export interface ImportedFirewall {
  readonly rules: FirewallRule[];
  readonly defaultAction: Action;
  readonly defaultOrigin: Origin;
  readonly approximations: Approximation[];
}

/** `-i`/`-o` names as the addresses of the zones behind the firewall's interfaces (a trailing `+` matches a prefix). */
export function addressesBehind(interfaces: readonly FirewallInterface[], zones: ReadonlyMap<string, Zone>): (name: string) => IpSet {
  return (name) => {
    const prefix = name.endsWith('+') ? name.slice(0, -1) : undefined;
    return interfaces
      .filter((i) => (prefix === undefined ? i.name === name : i.name.startsWith(prefix)))
      .flatMap((i) => i.zones)
      .reduce((set, z) => set.union(zones.get(z)?.own ?? IpSet.EMPTY), IpSet.EMPTY);
  };
}

export type ImportProblem = (messageId: string, origin: Origin, data: Record<string, string | number>) => void;

export function importFirewall(
  firewall: string,
  sources: readonly ImportSource[],
  interfaces: readonly FirewallInterface[],
  zones: ReadonlyMap<string, Zone>,
  problem: ImportProblem,
): ImportedFirewall {
  const behind = addressesBehind(interfaces, zones);
  const rules: FirewallRule[] = [];
  const approximations: Approximation[] = [];
  const policies: { family: Family; action: Action; origin: Origin }[] = [];
  for (const source of sources) {
    const { document } = source;
    if (!document) continue;
    for (const family of IMPORT_FORMATS[source.format]) {
      const nft = source.format === 'nftables-json';
      const at = (line: number): Origin => ({ file: document.file, pointer: nft ? nftPointer(line) : linePointer(line) });
      let flat: FlatChain | undefined;
      if (nft) {
        const ruleset = parseNftablesJson(document.data, family);
        ruleset.problems.forEach((p) => problem(p.messageId, { file: document.file, pointer: p.pointer }, p.data));
        if (ruleset.problems.length > 0) continue;
        flat = flattenForward(ruleset, behind);
        // No base chain on the forward hook: nftables lets every packet of the family through.
        if (!flat) {
          policies.push({ family, action: 'allow', origin: { file: document.file, pointer: '' } });
          continue;
        }
      } else {
        const ruleset = parseIptablesSave(String(document.data), family);
        ruleset.problems.forEach((p: IptablesProblem) => problem(p.messageId, at(p.line), p.data));
        if (ruleset.problems.length > 0) continue;
        flat = flattenChain(ruleset, behind, source.table, source.chain);
        if (!flat) {
          problem('no-chain', source.origin, { file: document.file, table: source.table, chain: source.chain });
          continue;
        }
      }
      flat.loops.forEach((r) => problem('loop', at(r.line), { chain: r.chain }));
      for (const entry of flat.entries) {
        rules.push(toRule(firewall, rules.length, entry, at(entry.rule.line), family, source.format));
        if (entry.approximate.length > 0) approximations.push({ origin: at(entry.rule.line), options: entry.approximate, effect: 'may-accept' });
      }
      for (const { rule, options } of flat.ignored) approximations.push({ origin: at(rule.line), options, effect: 'ignored' });
      policies.push({ family, action: flat.policy === 'ACCEPT' ? 'allow' : 'deny', origin: at(flat.policyLine) });
    }
  }
  // One policy for every file: it is the default. Policies that differ by family: deny by default, and
  // an ACCEPT policy becomes a last rule for its family.
  const first = policies[0];
  if (!first || policies.every((p) => p.action === first.action)) {
    return { rules, defaultAction: first?.action ?? 'deny', defaultOrigin: first?.origin ?? sources[0]!.origin, approximations };
  }
  for (const p of policies.filter((x) => x.action === 'allow')) {
    const any = IpSet.anyOf(p.family);
    const space = PacketSpace.product(any, any, PROTO_UNIVERSE, PORT_UNIVERSE);
    const match: AddressMatch = { set: any, any: true, pinned: false, terms: ['any'] };
    rules.push({
      firewall, index: rules.length, name: 'policy', from: match, to: match,
      services: { ports: ServicePorts.ANY, any: true, pinned: false, terms: ['any'] },
      action: 'allow', enabled: true, log: false, space, origin: p.origin,
    });
  }
  return { rules, defaultAction: 'deny', defaultOrigin: policies.find((p) => p.action === 'deny')!.origin, approximations };
}

function toRule(firewall: string, index: number, entry: FlatEntry, origin: Origin, family: Family, format: ImportFormat): FirewallRule {
  const { space, rule } = entry;
  const address = (set: IpSet): AddressMatch => {
    const any = set.equals(IpSet.anyOf(family));
    return { set, any, pinned: !set.isEmpty() && set.size() === 1n, terms: any ? ['any'] : set.toStrings() };
  };
  const ports = space.services();
  const anyService = ports.equals(ServicePorts.ANY);
  return {
    firewall,
    index,
    name: `${rule.chain} ${rule.position === 0 ? 'policy' : rule.position}`,
    from: address(space.srcs()),
    to: address(space.dsts()),
    services: { ports, any: anyService, pinned: !ports.isEmpty() && ports.size() === 1n, terms: anyService ? ['any'] : ports.toStrings() },
    action: entry.action,
    enabled: true,
    log: entry.logged,
    ...(rule.comment !== undefined ? { comment: rule.comment } : {}),
    space,
    origin,
    ...(entry.approximate.length > 0 ? { approximate: entry.approximate } : {}),
    imported: format,
  };
}
