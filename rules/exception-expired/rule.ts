// exception-expired: an approved exception past its expiry date; it no longer excuses anything.

import { defineRule } from '../../src/engine/rule';

export default defineRule({
  meta: {
    id: 'exception-expired',
    title: { ja: '期限切れの例外措置', en: 'Expired exception' },
    description: {
      ja: '有効期限（expires）を過ぎた例外措置を検出します。期限切れの例外措置は何も免除しません。',
      en: 'Finds approved exceptions past their expiry date. An expired exception excuses nothing.',
    },
    category: 'exceptions',
    severity: 'warning',
    references: ['GL 対策基準 7.4'],
    messages: {
      expired: {
        ja: '例外措置 {{exception}}（{{rule}}、承認: {{approvedBy}}）は {{expires}} に期限が切れています。期限切れの例外措置は通信を免除しないため、対象の通信は違反として報告されます。再承認して期限を更新するか、通信を遮断して例外措置を削除してください。',
        en: 'Exception {{exception}} ({{rule}}, approved by {{approvedBy}}) expired on {{expires}}. An expired exception excuses nothing, so the traffic it covered is reported as a violation. Renew the approval and its date, or block the traffic and remove the exception.',
      },
    },
  },
  check(context) {
    for (const exception of context.model.exceptions) {
      if (!exception.expired) continue;
      context.report({
        messageId: 'expired',
        data: { exception: exception.id, rule: exception.rule, approvedBy: exception.approvedBy, expires: exception.expires },
        origin: { file: exception.origin.file, pointer: `${exception.origin.pointer}/expires` },
      });
    }
  },
});
