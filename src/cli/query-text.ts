// The text of `sanso query`.

import { categoryLabel, type QueryAnswer } from '../api';
import type { Lang } from '../core/finding';
import { displayWidth } from '../core/text-width';

const QUERY_LABELS = {
  en: { allow: 'allow', deny: 'deny', default: 'default', delivered: 'delivered', stopped: 'stopped', path: 'path', noZone: '(no zone)', noPath: 'no path between these zones', truncated: (n: number) => `(only the first ${n} paths are shown)`, same: 'both addresses are in the same zone' },
  ja: { allow: '許可', deny: '拒否', default: '既定の動作', delivered: '届く', stopped: '届かない', path: '経路', noZone: '（ゾーンなし）', noPath: 'このゾーンの間に経路はありません', truncated: (n: number) => `（最初の ${n} 経路だけを表示）`, same: '送信元と宛先は同じゾーンにあります' },
} as const;

/** The text of `sanso query`: the packet and verdict, then each path with each firewall's deciding rule. */
export function formatQuery(answer: QueryAnswer, lang: Lang): string {
  const l = QUERY_LABELS[lang];
  const p = answer.packet;
  const zones = (list: QueryAnswer['from']): string => (list.length === 0 ? l.noZone : list.map((z) => `${z.zone} (${categoryLabel(z.category, lang)})`).join(', '));
  const out = [
    `${p.src} → ${p.dst} ${p.protocol}${p.port !== undefined ? '/' + p.port : ''}: ${answer.delivered ? l.delivered : l.stopped}`,
    `  ${zones(answer.from)} → ${zones(answer.to)}`,
  ];
  if (answer.paths.length === 0) out.push(`  ${answer.delivered ? l.same : l.noPath}`);
  answer.paths.forEach((path, i) => {
    out.push('', `${l.path} ${i + 1} (${path.delivered ? l.delivered : l.stopped}): ${path.hops.map((h) => h.id).join(' → ')}`);
    const firewalls = path.hops.filter((h) => h.kind === 'firewall');
    const width = Math.max(...firewalls.map((h) => displayWidth(h.id)), 0);
    for (const hop of firewalls) {
      const where = hop.location ? `  ${hop.location.file}:${hop.location.line}:${hop.location.column}` : '';
      const action = hop.action === 'allow' ? l.allow : l.deny;
      const rule = hop.rule === 'default' ? l.default : (hop.rule ?? '');
      out.push(`  ${hop.id}${' '.repeat(width - displayWidth(hop.id))}  ${action}${' '.repeat(Math.max(displayWidth(l.allow), displayWidth(l.deny)) - displayWidth(action))}  ${rule}${where}`);
    }
  });
  if (answer.truncated) out.push('', l.truncated(answer.paths.length));
  return out.join('\n') + '\n';
}
