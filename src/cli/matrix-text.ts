// The outputs of `sanso matrix` other than JSON: text, Markdown and CSV of the tier and zone matrices, and of
// a firewall's service matrix. The zone matrix is a list of pairs grouped under their tier pair (a grid of
// dozens of zones does not fit a terminal); the tier matrix is a small grid of marks, then the same list.

import { verdictLabel } from '../core/labels';
import { categoryLabel, type MatrixAnswer, type MatrixCell, type MatrixPolicy, type ServiceMatrixAnswer } from '../api';
import type { Lang } from '../core/finding';
import { alignColumns, displayWidth } from '../core/text-width';

const MODEL_NAMES: Readonly<Record<string, string>> = { alpha: 'α', 'alpha-prime': "α'", beta: 'β', 'beta-prime': "β'" };

const LABELS = {
  en: {
    tierTitle: 'Tier matrix',
    comma: ', ',
    modelLine: (model: string, edition: string) => `model ${model}, guideline ${edition}`,
    gridNote: 'Rows send, columns receive.',
    legend: 'ok complies   xN N findings   ex excused by an exception   sup findings suppressed inline   . no traffic   - within one tier',
    pairsTitle: 'Pairs with traffic, and the zones between them',
    noPairs: 'No traffic between zones.',
    services: 'services',
    relayed: 'relayed',
    policy: 'policy',
    none: '(none)',
    relayedOnly: '(only relayed)',
    sameCategory: 'within one tier or outside network',
    except: (gateways: string) => `, except via ${gateways}`,
    through: (where: string) => `, only through ${where}`,
    status: {
      violation: (n: number, rules: string) => `violation: ${n} finding${n === 1 ? '' : 's'} (${rules})`,
      suppressed: (n: number) => `suppressed: ${n} finding${n === 1 ? '' : 's'} taken by inline suppressions`,
      excepted: (ids: string) => `excused by exception ${ids}`,
      ok: 'complies',
      none: 'no traffic',
    },
    zoneStatus: { violation: (n: number) => `x${n}`, suppressed: (n: number) => `sup ${n}`, excepted: (ids: string) => `ex ${ids}`, ok: 'ok', none: '.' },
    markdown: { tier: 'Tier matrix', zone: 'Zone matrix', fromTo: 'from \\ to', from: 'from', to: 'to', tiers: 'tiers', policy: 'policy', compliance: 'compliance', services: 'services', note: 'Rows send, columns receive.' },
    service: {
      title: (firewall: string, service: string) => `Service matrix of ${firewall} for ${service}`,
      rules: (n: number, action: string) => `${n} enabled rule${n === 1 ? '' : 's'}, default ${action}`,
      note: 'Addresses in one class may open the service to, and be reached from, exactly the same addresses.',
      family: (f: number, service: string, n: number) => `IPv${f} (${service}): ${n} class${n === 1 ? '' : 'es'}`,
      size: (n: string) => `(${n} address${n === '1' ? '' : 'es'})`,
      stop: '. ',
      allowed: 'allowed',
      noEdges: 'nothing is allowed',
      approximated: 'The matrix rests on imported rules sanso models approximately (it may differ on the device):',
      effects: { 'may-accept': 'taken as matching all its other matches take', ignored: 'taken as matching nothing' },
      columns: { family: 'family', class: 'class', addresses: 'addresses', size: 'size', reaches: 'may reach' },
      actions: { allow: 'allow', deny: 'deny' },
    },
  },
  ja: {
    tierTitle: '領域間の通信行列',
    comma: '、',
    modelLine: (model: string, edition: string) => `モデル ${model}、ガイドライン ${edition}`,
    gridNote: '行が送信元、列が宛先です。',
    legend: 'ok 適合   xN 指摘 N 件   ex 例外措置で免除   sup 指摘をインラインで抑止   . 通信なし   - 同じ領域内',
    pairsTitle: '通信のある組み合わせと、その間のゾーン',
    noPairs: 'ゾーン間の通信はありません。',
    services: 'サービス',
    relayed: '中継',
    policy: 'ポリシー',
    none: '（なし）',
    relayedOnly: '（中継のみ）',
    sameCategory: '同じ領域内',
    except: (gateways: string) => `（${gateways} 経由を除く）`,
    through: (where: string) => `（${where}を必ず経由）`,
    status: {
      violation: (n: number, rules: string) => `違反: 指摘 ${n} 件（${rules}）`,
      suppressed: (n: number) => `抑止: 指摘 ${n} 件をインラインで抑止`,
      excepted: (ids: string) => `例外措置 ${ids} で免除`,
      ok: '適合',
      none: '通信なし',
    },
    zoneStatus: { violation: (n: number) => `x${n}`, suppressed: (n: number) => `sup ${n}`, excepted: (ids: string) => `ex ${ids}`, ok: 'ok', none: '.' },
    markdown: { tier: '領域間の通信行列', zone: 'ゾーン間の通信', fromTo: '送信元 \\ 宛先', from: '送信元', to: '宛先', tiers: '領域', policy: 'ポリシー', compliance: '判定', services: 'サービス', note: '行が送信元、列が宛先です。' },
    service: {
      title: (firewall: string, service: string) => `${firewall} のサービス行列（${service}）`,
      rules: (n: number, action: string) => `有効なルール ${n} 件、既定の動作は${action}`,
      note: '同じクラスのアドレスは、このサービスで通信できる相手（送信先・送信元とも）がまったく同じです。',
      family: (f: number, service: string, n: number) => `IPv${f}（${service}）: ${n} クラス`,
      size: (n: string) => `（${n} アドレス）`,
      stop: '。',
      allowed: '許可される通信',
      noEdges: '許可される通信はありません',
      approximated: 'この行列は、sanso が近似して扱う読み込みルールに基づきます（機器の実際と異なる場合があります）:',
      effects: { 'may-accept': 'ほかの条件に合うものすべてに一致するとみなした', ignored: '何にも一致しないとみなした' },
      columns: { family: 'ファミリー', class: 'クラス', addresses: 'アドレス', size: '個数', reaches: '通信できる相手' },
      actions: { allow: '許可', deny: '拒否' },
    },
  },
} as const;

type Labels = (typeof LABELS)[Lang];

/** The policy of a pair in words: the verdict, the gateways that sanction a crossing, where it must pass. */
export function policyText(policy: MatrixPolicy, lang: Lang): string {
  const l = LABELS[lang];
  const via = policy.via.map((v) => `${v.role}${v.services ? ` (${v.services.join(', ')})` : ''}`).join(lang === 'ja' ? '・' : ', ');
  const verdict = policy.verdict === 'same' ? l.sameCategory : verdictLabel(policy.verdict, lang, 'long');
  return `${verdict}${via ? l.except(via) : ''}${policy.through ? l.through(categoryLabel(`ext:${policy.through}`, lang)) : ''}`;
}

/** The compliance of a pair in words. */
export function statusText(cell: MatrixCell, lang: Lang): string {
  const s = LABELS[lang].status;
  switch (cell.status) {
    case 'violation': return s.violation(cell.findings, cell.rules.join(', '));
    case 'suppressed': return s.suppressed(cell.suppressed);
    case 'excepted': return s.excepted(cell.exceptions.join(', '));
    default: return s[cell.status];
  }
}

function mark(cell: MatrixCell): string {
  if (cell.status === 'violation') return `x${cell.findings}`;
  if (cell.status === 'suppressed') return 'sup';
  if (cell.status === 'excepted') return 'ex';
  if (cell.from === cell.to) return '-';
  return cell.status === 'ok' ? 'ok' : '.';
}

function zoneMark(cell: MatrixCell, l: Labels): string {
  const z = l.zoneStatus;
  switch (cell.status) {
    case 'violation': return z.violation(cell.findings);
    case 'suppressed': return z.suppressed(cell.suppressed);
    case 'excepted': return z.excepted(cell.exceptions.join(', '));
    default: return z[cell.status];
  }
}

function title(matrix: MatrixAnswer, l: Labels): string {
  const facts = l.modelLine(MODEL_NAMES[matrix.model] ?? matrix.model, matrix.edition);
  return `${l.tierTitle} — ${matrix.organization ? `${matrix.organization}${l.comma}` : ''}${facts}`;
}

/** The text of `sanso matrix`: the grid of marks between tiers and outside networks, then every pair with traffic and its zone pairs. */
export function formatMatrixText(matrix: MatrixAnswer, lang: Lang): string {
  const l = LABELS[lang];
  const cat = (c: string): string => categoryLabel(c, lang);
  const grid = [
    ['', ...matrix.categories.map((_, i) => String(i + 1))],
    ...matrix.categories.map((from, i) => [`${i + 1} ${cat(from)}`, ...matrix.categories.map((to) => mark(matrix.tiers.find((c) => c.from === from && c.to === to)!))]),
  ];
  const out = [title(matrix, l), l.gridNote, '', ...alignColumns(grid).map((line) => `  ${line}`), '', l.legend];
  const groups = matrix.tiers.filter((c) => c.services.length > 0 || c.status !== 'none');
  out.push('', `${l.pairsTitle}:`);
  if (groups.length === 0) out.push(`  ${l.noPairs}`);
  for (const tier of groups) {
    out.push('', `${cat(tier.from)} → ${cat(tier.to)}: ${statusText(tier, lang)}`);
    const facts: string[][] = [[l.policy, `${policyText(tier.policy, lang)}${tier.policy.cite.length ? ` [${tier.policy.cite.join('; ')}]` : ''}`], [l.services, tier.services.length ? tier.services.join(', ') : l.none]];
    for (const r of tier.relayed) facts.push([l.relayed, `${r.via.join(' → ')}: ${r.services.join(', ')}`]);
    out.push(...alignColumns(facts).map((line) => `  ${line}`));
    const zones = matrix.zonePairs.filter((z) => z.fromCategory === tier.from && z.toCategory === tier.to);
    if (zones.length > 0) out.push('', ...alignColumns(zones.map((z) => [`${z.from} → ${z.to}`, zoneMark(z, l), z.services.length ? z.services.join(', ') : l.relayedOnly])).map((line) => `    ${line}`));
  }
  return out.join('\n') + '\n';
}

/** Markdown table cells hold no pipes or line breaks. */
function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The Markdown of `sanso matrix`: the tier matrix as a grid, the zone pairs as a table. */
export function formatMatrixMarkdown(matrix: MatrixAnswer, lang: Lang): string {
  const l = LABELS[lang];
  const m = l.markdown;
  const cat = (c: string): string => categoryLabel(c, lang);
  const out = [`## ${md(title(matrix, l))}`, '', m.note, ''];
  out.push(`| ${m.fromTo} | ${matrix.categories.map((c) => md(cat(c))).join(' | ')} |`, `| --- |${matrix.categories.map(() => ' --- |').join('')}`);
  for (const from of matrix.categories) {
    const cells = matrix.categories.map((to) => {
      const cell = matrix.tiers.find((c) => c.from === from && c.to === to)!;
      const status = cell.status === 'violation' ? `**${statusText(cell, lang)}**` : statusText(cell, lang);
      return [status, policyText(cell.policy, lang), ...(cell.services.length ? [`\`${cell.services.join(', ')}\``] : [])].map(md).join('<br>');
    });
    out.push(`| **${md(cat(from))}** | ${cells.join(' | ')} |`);
  }
  out.push('', `## ${m.zone}`, '');
  if (matrix.zonePairs.length === 0) out.push(l.noPairs);
  else {
    out.push(`| ${m.from} | ${m.to} | ${m.tiers} | ${m.compliance} | ${m.services} |`, '| --- | --- | --- | --- | --- |');
    for (const z of matrix.zonePairs) {
      const services = [...(z.services.length ? [`\`${z.services.join(', ')}\``] : []), ...z.relayed.map((r) => `${l.relayed} ${r.via.join(' → ')}: \`${r.services.join(', ')}\``)];
      out.push(`| ${md(z.from)} | ${md(z.to)} | ${md(`${cat(z.fromCategory)} → ${cat(z.toCategory)}`)} | ${md(statusText(z, lang))} | ${services.map(md).join('<br>') || md(l.none)} |`);
    }
  }
  return out.join('\n') + '\n';
}

function csvField(value: string): string {
  // A leading = + - @ would be read as a formula by spreadsheets: quote it and neutralise it.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csv(rows: readonly (readonly string[])[]): string {
  // UTF-8 with a byte order mark, so that spreadsheets open Japanese text correctly (as `sanso lint --format csv`).
  return '\ufeff' + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const CSV_HEADER = ['level', 'from', 'to', 'from_category', 'to_category', 'policy', 'status', 'findings', 'rules', 'suppressed', 'exceptions', 'services', 'relayed', 'cite'];

/** The CSV of `sanso matrix`: one row per pair, the tier pairs (every one) first, then the zone pairs. */
export function formatMatrixCsv(matrix: MatrixAnswer, lang: Lang): string {
  const row = (level: string, c: MatrixCell): string[] => [
    level,
    c.from,
    c.to,
    categoryLabel(c.fromCategory, lang),
    categoryLabel(c.toCategory, lang),
    policyText(c.policy, lang),
    c.status,
    String(c.findings),
    c.rules.join(' '),
    String(c.suppressed),
    c.exceptions.join(' '),
    c.services.join(', '),
    c.relayed.map((r) => `${r.via.join(' → ')}: ${r.services.join(', ')}`).join('; '),
    c.policy.cite.join('; '),
  ];
  return csv([CSV_HEADER, ...matrix.tiers.map((c) => row('tier', c)), ...matrix.zonePairs.map((c) => row('zone', c))]);
}

/** The ranges of a class, wrapped to lines of about `width` columns. */
function wrap(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (line && displayWidth(next) > width) {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function serviceHeader(answer: ServiceMatrixAnswer, lang: Lang): string[] {
  const s = LABELS[lang].service;
  return [s.title(answer.firewall, answer.service), `${s.rules(answer.rules, s.actions[answer.defaultAction])}${s.stop}${s.note}`];
}

function approximatedLines(answer: ServiceMatrixAnswer, lang: Lang): string[] {
  if (answer.approximated.length === 0) return [];
  const s = LABELS[lang].service;
  return ['', s.approximated, ...answer.approximated.map((a) => `  ${a.location ? `${a.location.file}:${a.location.line}:${a.location.column}  ` : ''}${a.options.length ? `${a.options.join(' ')}  ` : ''}(${s.effects[a.effect]})`)];
}

/** Each class's reachable classes, by id. */
function reaches(family: ServiceMatrixAnswer['families'][number]): Map<string, string[]> {
  const out = new Map(family.classes.map((c) => [c.id, [] as string[]]));
  for (const e of family.edges) out.get(e.from)!.push(e.to);
  return out;
}

/** The text of `sanso matrix --firewall ID --service SVC`: per family the classes with their ranges, then the allowed edges. */
export function formatServiceMatrixText(answer: ServiceMatrixAnswer, lang: Lang): string {
  const s = LABELS[lang].service;
  const out = serviceHeader(answer, lang);
  for (const family of answer.families) {
    out.push('', s.family(family.family, family.service, family.classes.length));
    const idWidth = Math.max(...family.classes.map((c) => displayWidth(c.id)));
    for (const c of family.classes) {
      const lines = wrap(c.ranges, 88);
      lines.forEach((line, i) => out.push(`  ${i === 0 ? c.id + ' '.repeat(idWidth - displayWidth(c.id)) : ' '.repeat(idWidth)}  ${line}${i === lines.length - 1 ? `  ${s.size(c.size)}` : ''}`));
    }
    const targets = reaches(family);
    const sending = family.classes.filter((c) => targets.get(c.id)!.length > 0);
    out.push(`${s.allowed}:`);
    if (sending.length === 0) out.push(`  ${s.noEdges}`);
    for (const c of sending) {
      wrap(targets.get(c.id)!, 80).forEach((line, i) => out.push(`  ${i === 0 ? `${c.id}${' '.repeat(idWidth - displayWidth(c.id))}  →` : ' '.repeat(idWidth + 3)}  ${line}`));
    }
  }
  out.push(...approximatedLines(answer, lang));
  return out.join('\n') + '\n';
}

/** The Markdown of the service matrix: one table per family, a class a row, with the classes it may reach. */
export function formatServiceMatrixMarkdown(answer: ServiceMatrixAnswer, lang: Lang): string {
  const s = LABELS[lang].service;
  const [head, note] = serviceHeader(answer, lang);
  const out = [`## ${md(head!)}`, '', md(note!)];
  for (const family of answer.families) {
    const targets = reaches(family);
    out.push('', `### ${md(s.family(family.family, family.service, family.classes.length))}`, '', `| ${s.columns.class} | ${s.columns.addresses} | ${s.columns.size} | ${s.columns.reaches} |`, '| --- | --- | --- | --- |');
    for (const c of family.classes) out.push(`| ${c.id} | ${md(c.ranges.join(', '))} | ${c.size} | ${md(targets.get(c.id)!.join(', '))} |`);
  }
  out.push(...approximatedLines(answer, lang).map((line) => (line.startsWith('  ') ? `- ${md(line.trim())}` : md(line))));
  return out.join('\n') + '\n';
}

/** The CSV of the service matrix: one row per class, with its ranges and the classes it may reach. */
export function formatServiceMatrixCsv(answer: ServiceMatrixAnswer): string {
  const rows = answer.families.flatMap((family) => {
    const targets = reaches(family);
    return family.classes.map((c) => [`IPv${family.family}`, family.service, c.id, c.ranges.join(' '), c.size, targets.get(c.id)!.join(' ')]);
  });
  return csv([['family', 'service', 'class', 'addresses', 'size', 'reaches'], ...rows]);
}
