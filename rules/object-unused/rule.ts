// object-unused: named address and service objects that nothing uses — no firewall rule, exception or
// host, directly or through other used objects. Dead objects rot: they are edited, reviewed and trusted
// while deciding nothing.

import { defineRule } from '../../src/engine/rule';
import type { NamedObject } from '../../src/model/types';

export default defineRule({
  meta: {
    id: 'object-unused',
    title: { ja: '使われていないオブジェクト', en: 'Unused object' },
    description: {
      ja: 'どのファイアウォールルール・例外措置・ホストからも（他のオブジェクトを介しても）参照されていないアドレス・サービスのオブジェクトを検出します。',
      en: 'Finds address and service objects that no firewall rule, exception or host uses, directly or through other objects.',
    },
    category: 'address-plan',
    severity: 'warning',
    references: ['GL 対策基準 6.1'],
    messages: {
      'unused-address': {
        ja: 'アドレスオブジェクト {{object}} はどのルール・例外措置からも使われていません。不要なら削除してください。',
        en: 'Address object {{object}} is not used by any rule or exception. Remove it if it is no longer needed.',
      },
      'unused-service': {
        ja: 'サービスオブジェクト {{object}} はどのルール・例外措置・ホストからも使われていません。不要なら削除してください。',
        en: 'Service object {{object}} is not used by any rule, exception or host. Remove it if it is no longer needed.',
      },
    },
  },
  check(context) {
    const { objects, usedObjects } = context.model;
    for (const kind of ['address', 'service'] as const) {
      const byId = objects[kind];
      const used = new Set<string>();
      const visit = (object: NamedObject | undefined): void => {
        if (!object || used.has(object.id)) return;
        used.add(object.id);
        object.references.forEach((id) => visit(byId.get(id)));
      };
      for (const key of usedObjects) if (key.startsWith(`${kind}:`)) visit(byId.get(key.slice(kind.length + 1)));
      for (const object of byId.values()) {
        if (!used.has(object.id)) context.report({ messageId: `unused-${kind}`, data: { object: object.id }, origin: object.origin });
      }
    }
  },
});
