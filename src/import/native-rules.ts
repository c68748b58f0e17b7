// An unfolded chain written back as sanso's own rules (YAML), for those who move a firewall to the native
// format: one rule per entry, or per cube where an entry is not one product of addresses and services,
// in the same order, so first match decides every packet as before. Each rule names the line it came from.

import { IpSet } from '../net/ip-set';
import { IntervalSet } from '../net/interval-set';
import { PacketSpace } from '../net/packet-space';
import type { FlatChain } from './netfilter';

export interface NativeSource {
  readonly file: string;
  readonly format: string;
  readonly table: string;
  readonly chain: string;
}

/** YAML of a firewall body: `default:` and `rules:`. */
export function toNativeRules(flat: FlatChain, source: NativeSource): string {
  const lines = [
    `# Imported by sanso from ${source.file} (${source.format}, table ${source.table}, chain ${source.chain}).`,
    '# Rules are in first-match order; each comment names the line the rule came from.',
    `default: ${flat.policy === 'ACCEPT' ? 'allow' : 'deny'}   # policy of ${source.chain}, line ${flat.policyLine}`,
    flat.entries.length === 0 ? 'rules: []' : 'rules:',
  ];
  for (const entry of flat.entries) {
    if (entry.approximate.length > 0) lines.push(`  # approximate (not modelled: ${entry.approximate.join(', ')}): taken to accept all its other matches take`);
    const origin = `${source.file}:${entry.rule.line}`;
    const comment = entry.rule.comment !== undefined ? `${entry.rule.comment} (${origin})` : origin;
    for (const cube of entry.space.cubes) {
      const family = cube.family;
      const set = (s: IntervalSet): IpSet => (family === 4 ? IpSet.from(s, IntervalSet.EMPTY) : IpSet.from(IntervalSet.EMPTY, s));
      const addresses = (s: IntervalSet): string[] => (set(s).equals(IpSet.anyOf(family)) ? [family === 4 ? '0.0.0.0/0' : '::/0'] : set(s).toStrings());
      const services = PacketSpace.cube(cube).services().toStrings();
      const fields = [
        `name: ${quote(`${entry.rule.chain} ${entry.rule.position}`)}`,
        `from: [${addresses(cube.src).map(quote).join(', ')}]`,
        `to: [${addresses(cube.dst).map(quote).join(', ')}]`,
        `services: [${services.map(quote).join(', ')}]`,
        `action: ${entry.action}`,
        ...(entry.logged ? ['log: true'] : []),
        `comment: ${quote(comment)}`,
      ];
      lines.push(`  - { ${fields.join(', ')} }`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Addresses and services plain where they are plainly strings; everything else double-quoted (a JSON string is a YAML double-quoted scalar). */
function quote(text: string): string {
  return /^[0-9]+\.[0-9.]*(\/[0-9]+|-[0-9.]+)?$/.test(text) || /^[a-z][a-z0-9-]*(\/[0-9]+(-[0-9]+)?)?$/.test(text) ? text : JSON.stringify(text);
}
