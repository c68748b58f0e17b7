// How a tier or outside network, and the tier policy's verdict between two of them, are named to people in
// Japanese and English: messages, the commands' texts and the audit report all say them the same way.

import type { Lang } from './finding';

const CATEGORY_LABELS: Readonly<Record<string, { ja: string; en: string }>> = {
  mynumber: { ja: 'マイナンバー利用事務系', en: 'My Number tier' },
  lgwan: { ja: 'LGWAN接続系', en: 'LGWAN tier' },
  internet: { ja: 'インターネット接続系', en: 'Internet tier' },
  'ext:internet': { ja: 'インターネット', en: 'the Internet' },
  'ext:security-cloud': { ja: '自治体情報セキュリティクラウド', en: 'security cloud' },
  'ext:lgwan': { ja: 'LGWAN網', en: 'the LGWAN network' },
  'ext:juki': { ja: '住基ネット', en: 'Juki-net' },
  'ext:gov-cloud': { ja: 'ガバメントクラウド', en: 'Government Cloud' },
  'ext:other': { ja: '外部ネットワーク', en: 'outside network' },
};

export function categoryLabel(category: string, lang: Lang): string {
  return CATEGORY_LABELS[category]?.[lang] ?? category;
}

type Verdict = 'allow' | 'deny' | 'pinned' | 'declared';

const VERDICT_LABELS: Readonly<Record<'short' | 'long', Readonly<Record<Verdict, { ja: string; en: string }>>>> = {
  short: {
    allow: { ja: '許可', en: 'allowed' },
    deny: { ja: '禁止', en: 'forbidden' },
    pinned: { ja: '限定して許可', en: 'pinned only' },
    declared: { ja: '例外措置で許可', en: 'with an exception' },
  },
  long: {
    allow: { ja: '許可', en: 'allowed' },
    deny: { ja: '禁止', en: 'forbidden' },
    pinned: { ja: '単一ホスト・明示したポートに限定した場合のみ許可', en: 'allowed only pinned to single hosts and explicit ports' },
    declared: { ja: '承認された例外措置がある場合のみ許可', en: 'allowed only with an approved exception (例外措置)' },
  },
};

/** The tier policy's verdict between two categories: `short` for table cells, `long` for sentences. */
export function verdictLabel(verdict: Verdict, lang: Lang, form: 'short' | 'long' = 'short'): string {
  return VERDICT_LABELS[form][verdict][lang];
}
