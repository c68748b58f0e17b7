// exception-not-pinned: an exception into or out of the My Number tier must name single hosts and
// explicit ports; a broader one excuses nothing.

import { defineRule } from '../../src/engine/rule';

export default defineRule({
  meta: {
    id: 'exception-not-pinned',
    title: { ja: '限定されていないマイナンバー系の例外措置', en: 'My Number exception not pinned' },
    description: {
      ja: 'マイナンバー利用事務系に出入りする例外措置のうち、単一ホストと明示ポートに限定されていないものを検出します。このような例外措置は何も免除しません。',
      en: 'Finds exceptions into or out of the My Number tier that are not pinned to single hosts and explicit ports. Such an exception excuses nothing.',
    },
    category: 'exceptions',
    severity: 'error',
    references: ['GL 対策基準 3(1)', 'GL 対策基準 7.4'],
    messages: {
      'not-pinned': {
        ja: '例外措置 {{exception}} はマイナンバー利用事務系に出入りする通信を対象にしていますが、{{what}} が単一ホスト・明示ポートに限定されていません。このような例外措置は何も免除しません。from と to をホスト（/32, /128）に、services を個別ポートに絞ってください。',
        en: 'Exception {{exception}} covers traffic into or out of the My Number tier, but its {{what}} is not pinned to single hosts and explicit ports, so it excuses nothing. Narrow from and to to hosts (/32, /128) and services to single ports.',
      },
    },
  },
  check(context) {
    for (const exception of context.model.exceptions) {
      if (!context.touchesMyNumber(exception)) continue;
      const loose = [
        ...(exception.from.pinned ? [] : ['from']),
        ...(exception.to.pinned ? [] : ['to']),
        ...(exception.services.pinned ? [] : ['services']),
      ];
      if (loose.length === 0) continue;
      context.report({
        messageId: 'not-pinned',
        data: { exception: exception.id, what: loose.join(', ') },
        origin: { file: exception.origin.file, pointer: `${exception.origin.pointer}/${loose[0]}` },
      });
    }
  },
});
