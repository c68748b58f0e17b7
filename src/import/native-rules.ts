// An unfolded chain written back as sanso's own rules (YAML), for those who move a firewall to the native
// format: one rule per entry, or per cube where an entry is not one product of addresses and services,
// in the same order, so first match decides every packet as before. Each rule names where it came from.

import { IpSet } from '../net/ip-set';
import { IntervalSet } from '../net/interval-set';
import { PacketSpace, type Cube } from '../net/packet-space';
import type { FlatChain } from './netfilter';

export interface NativeSource {
  readonly file: string;
  readonly format: string;
  /** What was read: "table filter, chain FORWARD", "the forward hook". */
  readonly what: string;
  /** Where a rule (by its line, or its object's index for nftables) is written, for the comments. */
  readonly where: (line: number) => string;
}

/** The unfolded rules of one address family; no chain means the family passes unfiltered. */
export interface NativePart {
  readonly family: 4 | 6;
  readonly flat?: FlatChain;
}

/**
 * YAML of a firewall body: `default:` and `rules:`. The families' rules follow each other (no packet is of
 * two families); when their policies differ, the default is deny and a last rule allows the family whose
 * policy accepts.
 */
export function toNativeRules(parts: readonly NativePart[], source: NativeSource): string {
  const policyOf = (part: NativePart): 'allow' | 'deny' => (!part.flat || part.flat.policy === 'ACCEPT' ? 'allow' : 'deny');
  const same = parts.every((p) => policyOf(p) === policyOf(parts[0]!));
  const byDefault = same && parts.length > 0 ? policyOf(parts[0]!) : 'deny';
  const lines = [
    `# Imported by sanso from ${source.file} (${source.format}, ${source.what}).`,
    '# Rules are in first-match order; each comment names where the rule came from.',
    `default: ${byDefault}`,
  ];
  const rules: string[] = [];
  for (const { flat } of parts) {
    for (const entry of flat?.entries ?? []) {
      if (entry.approximate.length > 0) rules.push(`  # approximate (not modelled: ${entry.approximate.join(', ')}): taken to accept all its other matches take`);
      const origin = source.where(entry.rule.line);
      const comment = entry.rule.comment !== undefined ? `${entry.rule.comment} (${origin})` : origin;
      for (const cube of entry.space.cubes) rules.push(`  - { ${ruleFields(cube, entry.rule.chain, entry.rule.position, entry.action, entry.logged, comment).join(', ')} }`);
    }
  }
  if (!same) {
    for (const part of parts.filter((p) => policyOf(p) === 'allow')) {
      const any = part.family === 4 ? '0.0.0.0/0' : quote('::/0');
      const where = part.flat ? source.where(part.flat.policyLine) : source.file;
      rules.push(`  - { name: ${quote(`IPv${part.family} policy`)}, from: [${any}], to: [${any}], services: [any], action: allow, comment: ${quote(`policy accept (${where})`)} }`);
    }
  }
  lines.push(rules.length === 0 ? 'rules: []' : 'rules:', ...rules);
  return lines.join('\n') + '\n';
}

function ruleFields(cube: Cube, chain: string, position: number, action: 'allow' | 'deny', logged: boolean, comment: string): string[] {
  const family = cube.family;
  const set = (s: IntervalSet): IpSet => (family === 4 ? IpSet.from(s, IntervalSet.EMPTY) : IpSet.from(IntervalSet.EMPTY, s));
  const addresses = (s: IntervalSet): string[] => (set(s).equals(IpSet.anyOf(family)) ? [family === 4 ? '0.0.0.0/0' : '::/0'] : set(s).toStrings());
  const services = PacketSpace.cube(cube).services().toStrings();
  return [
    `name: ${quote(`${chain} ${position === 0 ? 'policy' : position}`)}`,
    `from: [${addresses(cube.src).map(quote).join(', ')}]`,
    `to: [${addresses(cube.dst).map(quote).join(', ')}]`,
    `services: [${services.map(quote).join(', ')}]`,
    `action: ${action}`,
    ...(logged ? ['log: true'] : []),
    `comment: ${quote(comment)}`,
  ];
}

/** Addresses and services plain where they are plainly strings; everything else double-quoted (a JSON string is a YAML double-quoted scalar). */
function quote(text: string): string {
  return /^[0-9]+\.[0-9.]*(\/[0-9]+|-[0-9.]+)?$/.test(text) || /^[a-z][a-z0-9-]*(\/[0-9]+(-[0-9]+)?)?$/.test(text) ? text : JSON.stringify(text);
}
