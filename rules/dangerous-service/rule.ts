// dangerous-service: cleartext and administrative protocols allowed across a tier boundary — the ones
// that carry passwords in the clear, share files, or hand over a remote desktop or shell.

import type { Severity } from '../../src/core/finding';
import { defineRule } from '../../src/engine/rule';
import { ruleLabel } from '../../src/flows/first-match';
import { representative, witnessPacket } from '../../src/flows/witness';
import { builtinServicePorts } from '../../src/model/service-catalog';
import { involvesMyNumber, type Crossing } from '../../src/model/tier-map';
import type { Category } from '../../src/model/types';
import { IpSet } from '../../src/net/ip-set';
import { PacketSpace } from '../../src/net/packet-space';

/** The services this rule looks for, and where each is tolerated. */
const DANGEROUS: readonly { readonly name: string; readonly services: readonly string[]; readonly when?: 'outside-screen-transfer' | 'from-internet' }[] = [
  { name: 'telnet', services: ['telnet'] },
  { name: 'ftp', services: ['ftp', 'tftp'] },
  { name: 'r-commands', services: ['r-commands'] },
  { name: 'smb', services: ['smb', 'netbios'] },
  { name: 'nfs', services: ['nfs'] },
  { name: 'snmp', services: ['snmp', 'snmp-trap'] },
  { name: 'rdp', services: ['rdp'], when: 'outside-screen-transfer' },
  { name: 'vnc', services: ['vnc'], when: 'outside-screen-transfer' },
  { name: 'ssh', services: ['ssh'], when: 'from-internet' },
];

const fromInternet = (c: Category): boolean => c === 'internet' || c === 'ext:internet';

export default defineRule({
  meta: {
    id: 'dangerous-service',
    title: { ja: '領域をまたぐ危険なサービス', en: 'Dangerous service across tiers' },
    description: {
      ja: '平文や管理用のプロトコル（telnet・ftp・smb・snmp、画面転送装置以外への rdp・vnc、インターネット接続系からの ssh など）を領域の境界を越えて許可しているルールを検出します。',
      en: 'Finds rules that allow cleartext or administrative protocols across a tier boundary: telnet, ftp, smb, snmp, rdp or vnc to anything but a screen-transfer gateway, ssh from the Internet tier, and the like.',
    },
    category: 'rule-base',
    severity: 'warning',
    references: ['GL 対策基準 3(2)', 'GL 対策基準 6.1'],
    messages: {
      dangerous: {
        ja: '{{firewall}} のルール {{firewallRule}} は{{fromTier}}から{{toTier}}へ {{service}}（{{ports}}）を許可しています。これらは平文の認証・ファイル共有・遠隔操作のためのプロトコルで、領域をまたいで許可すると分離が意味を失います。遮断するか、無害化・画面転送の仕組みに置き換えてください。',
        en: 'Rule {{firewallRule}} of {{firewall}} allows {{service}} ({{ports}}) from {{fromTier}} to {{toTier}}. These protocols carry cleartext logins, file sharing or remote control; allowed across tiers they defeat the separation. Block them, or use a sanitizing or screen-transfer gateway instead.',
      },
    },
  },
  check(context) {
    const hosts = [...context.model.hosts.values()];
    const screenTransfer = hosts.filter((h) => h.role === 'screen-transfer').reduce((s, h) => s.union(h.addresses), IpSet.EMPTY);
    // A file or mail sanitizer on its own services is how files and mail are meant to cross: not reported.
    const sanitized = hosts
      .filter((h) => (h.role === 'file-sanitizer' || h.role === 'mail-sanitizer') && h.services)
      .reduce((s, h) => s.union(PacketSpace.fromRule(h.addresses, IpSet.ANY, h.services!)).union(PacketSpace.fromRule(IpSet.ANY, h.addresses, h.services!)), PacketSpace.EMPTY);
    for (const { firewall, reach, crossings } of context.crossingRules()) {
      // A rule on every service is reported once, by rule-over-broad, rather than once per protocol here.
      if (reach.rule.services.any) continue;
      const names: string[] = [];
      let found = PacketSpace.EMPTY;
      let worst: Crossing | undefined;
      for (const danger of DANGEROUS) {
        const ports = builtinServicePorts(danger.services);
        for (const crossing of crossings) {
          if (danger.when === 'from-internet' && !fromInternet(crossing.from)) continue;
          let part = crossing.space.restrictServices(ports).difference(sanitized);
          if (danger.when === 'outside-screen-transfer') part = part.difference(part.restrict(undefined, screenTransfer));
          if (part.isEmpty()) continue;
          if (!names.includes(danger.name)) names.push(danger.name);
          found = found.union(part);
          if (!worst || (involvesMyNumber(crossing) && !involvesMyNumber(worst))) worst = crossing;
        }
      }
      if (!worst) continue;
      const severity: Severity = involvesMyNumber(worst) ? 'error' : 'warning';
      context.report({
        messageId: 'dangerous',
        data: {
          firewall: firewall.id,
          firewallRule: ruleLabel(reach.rule),
          fromTier: worst.from,
          toTier: worst.to,
          service: names.join(', '),
          ports: found.services().toStrings().join(', '),
        },
        origin: { file: reach.rule.origin.file, pointer: `${reach.rule.origin.pointer}/services` },
        witness: witnessPacket(representative(found.intersect(worst.space))!),
        severity,
      });
    }
  },
});
