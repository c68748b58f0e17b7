// host-outside-zone: a host whose addresses do not belong to the zone it is declared in, or belong to
// no zone at all. sanso places hosts by their addresses, so the declaration and the analysis disagree.

import { defineRule } from '../../src/engine/rule';

export default defineRule({
  meta: {
    id: 'host-outside-zone',
    title: { ja: 'ゾーンの外にあるホスト', en: 'Host outside its zone' },
    description: {
      ja: 'アドレスが、宣言したゾーン（zone）に属していないホストや、どのゾーンにも属さないアドレスを持つホストを検出します。',
      en: 'Finds hosts with no address in the zone they are declared in, and hosts with addresses that belong to no zone.',
    },
    category: 'address-plan',
    severity: 'error',
    references: ['GL 対策基準 3(1)'],
    messages: {
      'not-in-zone': {
        ja: 'ホスト {{host}} はゾーン {{zone}}（{{zoneTier}}）に置かれていますが、アドレス {{addresses}} はそのゾーンに属していません（属するゾーン: {{actual}}）。sanso はアドレスで判定するため、このホストは {{actual}} のホストとして扱われます。zone かアドレスを直してください。',
        en: 'Host {{host}} is declared in zone {{zone}} ({{zoneTier}}), but its addresses {{addresses}} are not in that zone (they are in: {{actual}}). sanso places hosts by address, so it is analysed as a host of {{actual}}. Fix its zone or its addresses.',
      },
      unzoned: {
        ja: 'ホスト {{host}} のアドレス {{addresses}} はどのゾーンにも属しません。このアドレスとの通信は層の分離の判定から漏れます。ゾーンの networks に加えるか、アドレスを直してください。',
        en: "Host {{host}} has addresses that belong to no zone: {{addresses}}. Traffic with them escapes the tier checks. Add them to a zone's networks, or fix the addresses.",
      },
    },
  },
  check(context) {
    const { model, tiers } = context;
    for (const host of model.hosts.values()) {
      const zone = model.zones.get(host.zone);
      if (!zone) continue;
      const at = { file: host.origin.file, pointer: `${host.origin.pointer}/addresses` };
      // A host with no address in any zone is reported once, as unzoned, below.
      const actual = zone.own.overlaps(host.addresses) ? [] : [...model.zones.values()].filter((z) => z.own.overlaps(host.addresses)).map((z) => z.id);
      if (actual.length > 0) {
        context.report({
          messageId: 'not-in-zone',
          data: { host: host.id, zone: zone.id, zoneTier: zone.category, addresses: host.addresses.toStrings(4).join(', '), actual: actual.join(', ') },
          origin: at,
          related: [{ origin: zone.origin, label: `zone ${zone.id}` }],
        });
      }
      const stray = host.addresses.difference(tiers.zoned);
      if (!stray.isEmpty()) {
        context.report({ messageId: 'unzoned', data: { host: host.id, addresses: stray.toStrings(4).join(', ') }, origin: at, severity: 'warning' });
      }
    }
  },
});
