// screen-transfer-hygiene: a screen-transfer gateway only works as a boundary if nothing but the screen
// crosses it: no connection from the gateway back into the client's tier, and no file sharing between the
// two. Either one turns the gateway into a plain path between tiers.

import { defineRule } from '../../src/engine/rule';
import { ruleLabel } from '../../src/flows/first-match';
import { representative, witnessPacket } from '../../src/flows/witness';
import { builtinServicePorts } from '../../src/model/service-catalog';
import { isTier } from '../../src/model/tier-map';
import { IpSet } from '../../src/net/ip-set';

/** Ways to move files that must not run beside a screen transfer. */
const FILE_SHARING = ['smb', 'netbios', 'ftp', 'tftp', 'nfs', 'sftp'];

export default defineRule({
  meta: {
    id: 'screen-transfer-hygiene',
    title: { ja: '画面転送の抜け道', en: 'Screen transfer with a side channel' },
    description: {
      ja: '画面転送装置から利用側の層へ戻る通信や、画面転送と同じ組（利用側の層と画面転送装置）の間でのファイル共有（smb・ftp・nfs・sftp 等）を許可しているルールを検出します。',
      en: "Finds rules that let a screen-transfer gateway open connections back into its clients' tier, or that allow file sharing (smb, ftp, nfs, sftp, …) between the clients' tier and the gateway.",
    },
    category: 'rule-base',
    severity: 'error',
    references: ['GL 対策基準 3(2)', 'GL R7.3 画面転送'],
    messages: {
      reverse: {
        ja: '{{firewall}} のルール {{firewallRule}} は、画面転送装置 {{host}}（{{fromTier}}）から{{toTier}}への通信を許可しています。画面転送は利用側から開始する一方向の通信だけにし、装置から利用側の層へ戻る通信は遮断してください。',
        en: 'Rule {{firewallRule}} of {{firewall}} lets the screen-transfer gateway {{host}} ({{fromTier}}) open connections into {{toTier}}. Screen transfer must only be started from the client side; block traffic from the gateway back into that tier.',
      },
      'file-sharing': {
        ja: '{{firewall}} のルール {{firewallRule}} は、画面転送装置 {{host}} と{{toTier}}の間でファイル共有（{{ports}}）を許可しています。画面転送と並行してファイルを受け渡せると、無害化を経ずにファイルが層をまたぎます。ファイルはファイル無害化装置経由で受け渡してください。',
        en: 'Rule {{firewallRule}} of {{firewall}} allows file sharing ({{ports}}) between the screen-transfer gateway {{host}} and {{toTier}}. Files moved beside the screen transfer cross tiers unsanitized; hand files over through the file sanitizer.',
      },
    },
  },
  check(context) {
    const { tiers } = context;
    const fileSharing = builtinServicePorts(FILE_SHARING);
    const gateways = [...context.model.hosts.values()].filter((h) => h.role === 'screen-transfer');
    const gatewayAddresses = gateways.reduce((set, g) => set.union(g.addresses), IpSet.EMPTY);
    for (const { firewall, reach, traffic } of context.crossingRules()) {
      // Only rules whose traffic has a gateway at one end can break the gateway's boundary.
      const srcs = traffic.srcs();
      const dsts = traffic.dsts();
      if (!srcs.overlaps(gatewayAddresses) && !dsts.overlaps(gatewayAddresses)) continue;
      const base = { firewall: firewall.id, firewallRule: ruleLabel(reach.rule) };
      for (const gateway of gateways) {
        // Both kinds of traffic have the gateway at one end.
        if (!srcs.overlaps(gateway.addresses) && !dsts.overlaps(gateway.addresses)) continue;
        for (const category of tiers.categoriesOf(gateway.addresses)) {
          const own = gateway.addresses.intersect(tiers.addressesOf(category));
          // The clients' side: every other tier of the body.
          const clients = tiers.categories.filter((c) => isTier(c) && c !== category);
          for (const clientTier of clients) {
            const clientAddresses = tiers.addressesOf(clientTier);
            const back = traffic.restrict(own, clientAddresses);
            const files = traffic.restrict(clientAddresses, own).union(back).restrictServices(fileSharing);
            const otherBack = back.difference(files);
            const data = { ...base, host: gateway.id, fromTier: category, toTier: clientTier };
            if (!files.isEmpty()) {
              context.report({
                messageId: 'file-sharing',
                data: { ...data, ports: files.services().toStrings().join(', ') },
                origin: reach.rule.origin,
                witness: witnessPacket(representative(files)!),
              });
            }
            if (!otherBack.isEmpty()) {
              context.report({ messageId: 'reverse', data, origin: reach.rule.origin, witness: witnessPacket(representative(otherBack)!) });
            }
          }
        }
      }
    }
  },
});
