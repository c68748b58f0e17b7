// How a tier or outside network is named to people, in Japanese and English: messages, the query and the
// audit report all say it the same way.

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
