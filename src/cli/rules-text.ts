// The text of `sanso rules`.

import type { RuleListing } from '../api';
import { alignColumns } from '../core/text-width';

const LISTING_LABELS = {
  en: {
    rule: 'RULE', severity: 'SEVERITY', level: 'LEVEL', category: 'CATEGORY', title: 'TITLE',
    input: 'Input checks (always errors; cannot be configured):',
    options: 'Options (default → configured):',
    config: (file: string | undefined, preset: string) => `Configuration: ${file ?? '(none)'}; preset ${preset}`,
    legend: 'LEVEL: off = not run; default = the severities the rule gives; info/warning/error = every finding at that severity.',
  },
  ja: {
    rule: 'ルール', severity: '既定の重大度', level: '水準', category: '分類', title: '名称',
    input: '入力の検査（常にエラー、設定不可）:',
    options: 'オプション（既定値 → 設定値）:',
    config: (file: string | undefined, preset: string) => `設定ファイル: ${file ?? '（なし）'}、プリセット ${preset}`,
    legend: '水準: off = 実行しない、default = ルールが付ける重大度のまま、info/warning/error = すべての指摘をその重大度に。',
  },
} as const;

/** The text of `sanso rules`: an aligned table of the rules, the input checks, then the rules' options. */
export function formatRuleListing(listing: RuleListing): string {
  const t = LISTING_LABELS[listing.lang];
  const header = [t.rule, t.severity, t.level, t.category, t.title];
  const row = (r: RuleListing['rules'][number]): string[] => [r.id, r.severity, r.level, r.category, r.title[listing.lang]];
  const rules = listing.rules.filter((r) => r.category !== 'input');
  const inputs = listing.rules.filter((r) => r.category === 'input');
  const lines = alignColumns([header, ...rules.map(row), ...inputs.map(row)]);
  const out = lines.slice(0, rules.length + 1);
  if (inputs.length > 0) out.push('', t.input, ...lines.slice(rules.length + 1).map((l) => `  ${l}`));
  const withOptions = rules.filter((r) => r.options);
  if (withOptions.length > 0) {
    out.push('', t.options);
    for (const r of withOptions) {
      out.push(`  ${r.id}`);
      const names = [...new Set([...Object.keys(r.options!.defaults), ...Object.keys(r.configuredOptions ?? {})])];
      for (const name of names) {
        const configured = r.configuredOptions && name in r.configuredOptions ? ` → ${JSON.stringify(r.configuredOptions[name])}` : '';
        out.push(`    ${name}: ${JSON.stringify(r.options!.defaults[name])}${configured}`);
      }
    }
  }
  out.push('', t.config(listing.config, listing.preset), t.legend);
  return out.join('\n') + '\n';
}
