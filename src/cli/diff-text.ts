// The text and Markdown of `sanso diff`: the counts, the zones added, removed or moved, the opened and closed
// flows per zone pair (riskiest first, with sources, destinations, services and an example packet), and the
// new and resolved findings with their places. Markdown is meant as a pull-request comment.

import { categoryLabel, type DiffReport, type DiffVersion, type FlowChangeReport } from '../api';
import { formatLocation, formatWitness, type Finding, type Lang, type Severity } from '../core/finding';
import { alignColumns } from '../core/text-width';

const LABELS = {
  en: {
    title: 'sanso diff',
    worktree: 'working tree',
    inMemory: 'in memory',
    opened: 'Opened flows',
    closed: 'Closed flows',
    newFindings: 'New findings',
    resolvedFindings: 'Resolved findings',
    zones: 'Zones',
    added: 'added',
    removed: 'removed',
    moved: 'moved',
    none: '(none)',
    nothing: 'No change: the same flows and the same findings.',
    sources: 'sources',
    destinations: 'destinations',
    services: 'services',
    example: 'e.g.',
    zoneAdded: (zones: string) => `new zone ${zones}`,
    zoneRemoved: (zones: string) => `zone ${zones} removed`,
    legend: '!! into or out of the My Number tier   ! across a tier boundary',
    mdLegend: '🔴 into or out of the My Number tier · 🟠 across a tier boundary',
    severity: { error: 'error', warning: 'warning', info: 'info' } as Record<Severity, string>,
    severityTitle: 'Severity',
    from: 'From',
    to: 'To',
    rule: 'Rule',
    where: 'Where',
    message: 'Message',
    headline: (r: DiffReport) => {
      const s = r.summary;
      const risky = [s.openedMyNumber > 0 ? `${s.openedMyNumber} into or out of the My Number tier` : '', s.openedCrossTier > 0 ? `${s.openedCrossTier} across tiers` : ''].filter(Boolean).join(', ');
      return `${s.opened} flow${s.opened === 1 ? '' : 's'} opened${risky ? ` (${risky})` : ''}, ${s.closed} closed; ${findingCount(s.newFindings, 'en')}, ${total(s.resolvedFindings)} resolved`;
    },
    mdHeadline: (r: DiffReport) => {
      const s = r.summary;
      const risky = [s.openedMyNumber > 0 ? `**${s.openedMyNumber}** into or out of the My Number tier` : '', s.openedCrossTier > 0 ? `**${s.openedCrossTier}** across tiers` : ''].filter(Boolean).join(', ');
      return `**${s.opened}** flow${s.opened === 1 ? '' : 's'} opened${risky ? ` (${risky})` : ''}, **${s.closed}** closed · **${total(s.newFindings)}** new finding${total(s.newFindings) === 1 ? '' : 's'}${severityBreakdown(s.newFindings, 'en')}, **${total(s.resolvedFindings)}** resolved`;
    },
  },
  ja: {
    title: 'sanso diff',
    worktree: '作業ツリー',
    inMemory: 'メモリ上',
    opened: '開いた通信',
    closed: '閉じた通信',
    newFindings: '新しい指摘',
    resolvedFindings: '解消した指摘',
    zones: 'ゾーン',
    added: '追加',
    removed: '削除',
    moved: '移動',
    none: '（なし）',
    nothing: '変化はありません（通信も指摘も同じです）。',
    sources: '送信元',
    destinations: '宛先',
    services: 'サービス',
    example: '実例',
    zoneAdded: (zones: string) => `新しいゾーン ${zones}`,
    zoneRemoved: (zones: string) => `削除されたゾーン ${zones}`,
    legend: '!! マイナンバー利用事務系に出入りする通信   ! 層をまたぐ通信',
    mdLegend: '🔴 マイナンバー利用事務系に出入りする通信 · 🟠 層をまたぐ通信',
    severity: { error: 'エラー', warning: '警告', info: '情報' } as Record<Severity, string>,
    severityTitle: '重大度',
    from: '送信元ゾーン',
    to: '宛先ゾーン',
    rule: 'ルール',
    where: '場所',
    message: 'メッセージ',
    headline: (r: DiffReport) => {
      const s = r.summary;
      const risky = [s.openedMyNumber > 0 ? `マイナンバー利用事務系に出入り ${s.openedMyNumber}` : '', s.openedCrossTier > 0 ? `層をまたぐ ${s.openedCrossTier}` : ''].filter(Boolean).join('、');
      return `開いた通信 ${s.opened} 件${risky ? `（${risky}）` : ''}、閉じた通信 ${s.closed} 件 / 新しい指摘 ${findingCount(s.newFindings, 'ja')}、解消 ${total(s.resolvedFindings)} 件`;
    },
    mdHeadline: (r: DiffReport) => {
      const s = r.summary;
      const risky = [s.openedMyNumber > 0 ? `マイナンバー利用事務系に出入り **${s.openedMyNumber}**` : '', s.openedCrossTier > 0 ? `層をまたぐ **${s.openedCrossTier}**` : ''].filter(Boolean).join('、');
      return `開いた通信 **${s.opened}** 件${risky ? `（${risky}）` : ''}、閉じた通信 **${s.closed}** 件 · 新しい指摘 **${total(s.newFindings)}** 件${severityBreakdown(s.newFindings, 'ja')}、解消 **${total(s.resolvedFindings)}** 件`;
    },
  },
} as const;

type Counts = DiffReport['summary']['newFindings'];

function total(c: Counts): number {
  return c.errors + c.warnings + c.infos;
}

function severityBreakdown(c: Counts, lang: Lang): string {
  const l = LABELS[lang].severity;
  const parts = ([['error', c.errors], ['warning', c.warnings], ['info', c.infos]] as const).filter(([, n]) => n > 0).map(([s, n]) => (lang === 'ja' ? `${l[s]} ${n}` : `${n} ${l[s]}${n === 1 ? '' : 's'}`));
  if (parts.length === 0) return '';
  return lang === 'ja' ? `（${parts.join('、')}）` : ` (${parts.join(', ')})`;
}

function findingCount(c: Counts, lang: Lang): string {
  const n = total(c);
  return lang === 'ja' ? `${n} 件${severityBreakdown(c, lang)}` : `${n} new finding${n === 1 ? '' : 's'}${severityBreakdown(c, lang)}`;
}

/** How a version is named: the paths, or the revision (short commit) and the paths read in it. */
export function versionLabel(v: DiffVersion, lang: Lang): string {
  const at = v.paths.length > 0 && !(v.paths.length === 1 && v.paths[0] === '.') ? ` ${v.paths.join(' ')}` : '';
  switch (v.kind) {
    case 'revision':
      return `${v.name} (${v.commit!.slice(0, 7)})${at ? ' --' + at : ''}`;
    case 'worktree':
      return `${LABELS[lang].worktree}${at}`;
    case 'sources':
      return `${LABELS[lang].inMemory}: ${v.name}`;
    default:
      return v.name;
  }
}

function zoneWithCategory(zone: string, category: string, lang: Lang): string {
  return `${zone} (${categoryLabel(category, lang)})`;
}

function zoneLines(report: DiffReport, lang: Lang): string[] {
  const l = LABELS[lang];
  const { added, removed, moved } = report.zones;
  return [
    ...added.map((z) => `${l.added}: ${zoneWithCategory(z.zone, z.category, lang)}`),
    ...removed.map((z) => `${l.removed}: ${zoneWithCategory(z.zone, z.category, lang)}`),
    ...moved.map((z) => `${l.moved}: ${z.zone} ${categoryLabel(z.from, lang)} → ${categoryLabel(z.to, lang)}`),
  ];
}

function changeNote(change: FlowChangeReport, opened: boolean, lang: Lang): string {
  if (!change.zonesOnlyHere) return '';
  const l = LABELS[lang];
  const zones = change.zonesOnlyHere.join(', ');
  return lang === 'ja' ? `（${opened ? l.zoneAdded(zones) : l.zoneRemoved(zones)}）` : ` (${opened ? l.zoneAdded(zones) : l.zoneRemoved(zones)})`;
}

const TEXT_MARK: Record<FlowChangeReport['risk'], string> = { mynumber: '!!', 'cross-tier': '! ', within: '  ' };
const MD_MARK: Record<FlowChangeReport['risk'], string> = { mynumber: '🔴', 'cross-tier': '🟠', within: '' };

/** The text of `sanso diff`. */
export function formatDiffText(report: DiffReport): string {
  const lang = report.lang;
  const l = LABELS[lang];
  const out = [`${l.title}: ${versionLabel(report.old, lang)} → ${versionLabel(report.new, lang)}`, `  ${l.headline(report)}`];
  const zones = zoneLines(report, lang);
  if (isEmpty(report)) {
    out.push('', l.nothing);
    return out.join('\n') + '\n';
  }
  if (zones.length > 0) out.push('', l.zones, ...zones.map((z) => `  ${z}`));
  for (const [title, changes, opened] of [[l.opened, report.opened, true], [l.closed, report.closed, false]] as const) {
    out.push('', title);
    if (changes.length === 0) out.push(`  ${l.none}`);
    else if (changes.some((c) => c.risk !== 'within')) out.push(`  (${l.legend})`);
    for (const c of changes) {
      out.push(`  ${TEXT_MARK[c.risk]} ${c.from} → ${c.to}  ${categoryLabel(c.fromCategory, lang)} → ${categoryLabel(c.toCategory, lang)}${changeNote(c, opened, lang)}`);
      const rows = [
        [l.sources, c.sources.join(', ')],
        [l.destinations, c.destinations.join(', ')],
        [l.services, c.services.join(', ')],
        [l.example, formatWitness(c.witness)],
      ];
      out.push(...alignColumns(rows).map((line) => `       ${line}`));
    }
  }
  for (const [title, findings] of [[l.newFindings, report.findings.new], [l.resolvedFindings, report.findings.resolved]] as const) {
    out.push('', title);
    if (findings.length === 0) out.push(`  ${l.none}`);
    for (const f of findings) out.push(...findingLines(f, lang));
  }
  return out.join('\n') + '\n';
}

function findingLines(f: Finding, lang: Lang): string[] {
  const where = formatLocation(f.location);
  return [`  ${LABELS[lang].severity[f.severity]}  ${f.ruleId}${where ? `  ${where}` : ''}`, ...f.message.split('\n').map((line) => `      ${line}`)];
}

function isEmpty(report: DiffReport): boolean {
  const z = report.zones;
  return report.opened.length + report.closed.length + report.findings.new.length + report.findings.resolved.length + z.added.length + z.removed.length + z.moved.length === 0;
}

/** The Markdown of `sanso diff`, for a pull-request comment. */
export function formatDiffMarkdown(report: DiffReport): string {
  const lang = report.lang;
  const l = LABELS[lang];
  const out = [`## ${l.title}: ${code(versionLabel(report.old, lang))} → ${code(versionLabel(report.new, lang))}`, '', l.mdHeadline(report)];
  if (isEmpty(report)) {
    out.push('', l.nothing);
    return out.join('\n') + '\n';
  }
  const zones = zoneLines(report, lang);
  if (zones.length > 0) out.push('', `### ${l.zones}`, '', ...zones.map((z) => `- ${cell(z)}`));
  for (const [title, changes, opened] of [[l.opened, report.opened, true], [l.closed, report.closed, false]] as const) {
    out.push('', `### ${title}`, '');
    if (changes.length === 0) {
      out.push(l.none);
      continue;
    }
    if (changes.some((c) => c.risk !== 'within')) out.push(l.mdLegend, '');
    out.push(`| | ${l.from} | ${l.to} | ${cap(l.sources)} | ${cap(l.destinations)} | ${cap(l.services)} | ${cap(l.example)} |`, '| --- | --- | --- | --- | --- | --- | --- |');
    for (const c of changes) {
      const note = changeNote(c, opened, lang);
      out.push(
        `| ${MD_MARK[c.risk]} | ${code(c.from)} ${cell(parenthesized(categoryLabel(c.fromCategory, lang), lang))} | ${code(c.to)} ${cell(parenthesized(categoryLabel(c.toCategory, lang), lang))}${note ? ' ' + cell(note.trim()) : ''} | ${cell(c.sources.join(', '))} | ${cell(c.destinations.join(', '))} | ${cell(c.services.join(', '))} | ${cell(formatWitness(c.witness))} |`,
      );
    }
  }
  for (const [title, findings] of [[l.newFindings, report.findings.new], [l.resolvedFindings, report.findings.resolved]] as const) {
    out.push('', `### ${title}`, '');
    if (findings.length === 0) {
      out.push(l.none);
      continue;
    }
    out.push(`| ${l.severityTitle} | ${l.rule} | ${l.where} | ${l.message} |`, '| --- | --- | --- | --- |');
    for (const f of findings) out.push(`| ${l.severity[f.severity]} | ${code(f.ruleId)} | ${cell(formatLocation(f.location))} | ${cell(f.message)} |`);
  }
  return out.join('\n') + '\n';
}

function parenthesized(text: string, lang: Lang): string {
  return lang === 'ja' ? `（${text}）` : `(${text})`;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Inline code that survives any backtick inside. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** A table cell: pipes escaped, line breaks as <br>, and Markdown's own characters left inert. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').replace(/([*_`<>[\]])/g, '\\$1');
}
