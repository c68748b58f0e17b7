// exception-unused: an approved exception that excuses no traffic — stale, or written for a flow that
// no longer exists; auditors read these first.

import { defineRule } from '../../src/engine/rule';

export default defineRule({
  meta: {
    id: 'exception-unused',
    title: { ja: '使われていない例外措置', en: 'Unused exception' },
    description: {
      ja: 'どの違反通信も免除していない例外措置を検出します。',
      en: 'Finds approved exceptions that excuse no violating traffic.',
    },
    category: 'exceptions',
    severity: 'warning',
    references: ['GL 対策基準 7.4'],
    messages: {
      unused: {
        ja: '例外措置 {{exception}}（{{rule}}）はどの違反通信も免除していません。対象の通信がもう存在しないか、範囲（from / to / services）が誤っています。不要なら削除してください。',
        en: 'Exception {{exception}} ({{rule}}) excuses no violating traffic: the flow is gone, or its scope (from / to / services) is wrong. Remove it if it is no longer needed.',
      },
    },
  },
  check(context) {
    for (const usage of context.exceptionUsage) {
      if (!usage.covered.isEmpty()) continue;
      const exception = usage.exception;
      context.report({
        messageId: 'unused',
        data: { exception: exception.id, rule: exception.rule },
        origin: exception.origin,
      });
    }
  },
});
