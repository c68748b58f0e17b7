// The text of `sanso explain`: what is explained (a finding or a question), the traffic, the packet's paths
// with each firewall's deciding rule, the tier policy and whether the flow meets it, the exceptions, the
// findings that bear on it and the rule's documentation. Japanese or English.

import { verdictLabel } from '../core/labels';
import { categoryLabel, type Explanation, type ExplainedException, type PolicyJudgement } from '../api';
import { formatLocation, formatWitness, type Finding, type Lang } from '../core/finding';
import { alignColumns } from '../core/text-width';
import { formatQuery } from './query-text';

const LABELS = {
  en: {
    finding: 'Finding', question: 'Question', from: 'from', to: 'to', service: 'service',
    stands: (kind: string, address: string) => `${kind === 'zone' ? 'zone' : 'host'}; ${address} stands for its addresses`,
    host: 'host', zone: 'zone', picked: 'chosen',
    pickedHow: { delivered: 'a packet between these addresses that gets through', 'none-delivered': 'none of their packets on this service gets through directly; the first addresses are shown' },
    severity: { error: 'error', warning: 'warning', info: 'info' }, comma: ', ', title: (title: string) => ` (${title})`,
    verdict: 'Verdict', traffic: 'Traffic', flow: 'flow', services: 'services', sources: 'sources', destinations: 'destinations',
    witness: 'witness', hops: 'hops', path: 'path found', via: 'via', whole: (zone: string) => `all of ${zone}`,
    paths: 'Paths of the packet, with the rule that decides it on each firewall',
    legs: 'Paths, leg by leg (each real packet through the relays)',
    leg: (i: number, n: number) => `leg ${i} of ${n}`,
    noPacket: 'This finding is not about one flow, so it names no packet.', relayedBy: (relays: string) => ` (delivered through the relaying host ${relays})`,
    policy: 'Tier policy', clauses: 'clauses', note: 'note',
    gatewayList: (list: string) => `; traffic with a gateway is allowed: ${list}`,
    ends: { from: 'sending', to: 'receiving', either: 'either end' },
    through: 'only through the security cloud',
    outcome: 'this flow',
    exceptions: 'Exceptions', noException: 'No exception covers this packet.',
    statuses: { 'in-force': 'in force', expired: 'expired', unused: 'unused', 'not-pinned': 'not pinned (void)' },
    until: 'until', reason: 'reason', approvedBy: 'approved by',
    effects: {
      excuses: 'excuses this packet',
      'excused-finding': 'excused another part of this finding\'s traffic',
      subject: 'this finding is about it',
      expired: 'covers this packet but has expired: it excuses nothing',
      void: 'covers this packet but is not pinned to single hosts and ports: it excuses nothing',
      'other-rule': 'covers this packet but is for another rule than the one that judges it',
      forbidden: 'covers this packet, but the policy forbids this traffic outright: no exception can excuse it',
      'not-needed': 'covers this packet; the policy allows it without one',
    },
    findings: 'Findings whose traffic holds this packet', noFindings: 'No finding of the lint run holds this packet.',
    ruleFindings: 'Other findings on the rules that decide this packet',
    rule: 'Rule', references: 'references', docs: 'docs',
    verdictLine: {
      allowed: 'allowed by the tier policy', violation: (rule?: string) => (rule ? `violation, reported by ${rule}` : 'violation (the rule that reports it is turned off)'),
      excepted: (ids: string) => `allowed by exception ${ids} (the policy requires an approved one)`, stopped: 'not delivered', none: 'no zone holds these addresses',
    },
  },
  ja: {
    finding: '指摘', question: '問い合わせ', from: '送信元', to: '宛先', service: 'サービス',
    stands: (kind: string, address: string) => `${kind === 'zone' ? 'ゾーン' : 'ホスト'}。代表として ${address} を使用`,
    host: 'ホスト', zone: 'ゾーン', picked: '選び方',
    pickedHow: { delivered: 'これらのアドレスの間で実際に届くパケットを選びました', 'none-delivered': 'このサービスで直接届くパケットはないため、先頭のアドレスを表示しています' },
    severity: { error: 'エラー', warning: '警告', info: '情報' }, comma: '、', title: (title: string) => `（${title}）`,
    verdict: '判定', traffic: '対象の通信', flow: '通信', services: 'サービス', sources: '送信元', destinations: '宛先',
    witness: '実例', hops: '各区間', path: '検出した経路', via: '中継', whole: (zone: string) => `${zone} 全体`,
    paths: 'パケットの経路と、各ファイアウォールで判定を決めたルール',
    legs: '区間ごとの経路（中継を通る実際のパケットごと）',
    leg: (i: number, n: number) => `区間 ${i}/${n}`,
    noPacket: 'この指摘は特定の通信についてのものではないため、実例のパケットはありません。', relayedBy: (relays: string) => `（中継ホスト ${relays} を経由して届きます）`,
    policy: '三層のポリシー', clauses: '根拠', note: '注記',
    gatewayList: (list: string) => `。ゲートウェイとの通信は許可: ${list}`,
    ends: { from: '送信側', to: '受信側', either: 'どちらの端でも' },
    through: '自治体情報セキュリティクラウド経由のみ',
    outcome: 'この通信',
    exceptions: '例外措置', noException: 'このパケットを範囲に含む例外措置はありません。',
    statuses: { 'in-force': '有効', expired: '期限切れ', unused: '未使用', 'not-pinned': '限定なし（無効）' },
    until: '期限', reason: '理由', approvedBy: '承認者',
    effects: {
      excuses: 'このパケットを免除しています',
      'excused-finding': 'この指摘の通信の別の部分を免除しています',
      subject: 'この指摘の対象です',
      expired: 'このパケットを範囲に含みますが、期限切れのため何も免除しません',
      void: 'このパケットを範囲に含みますが、単一ホスト・明示ポートに限定されていないため何も免除しません',
      'other-rule': 'このパケットを範囲に含みますが、この通信を判定するルールとは別のルールの例外措置です',
      forbidden: 'このパケットを範囲に含みますが、ポリシーがこの通信を禁止しているため例外措置では免除できません',
      'not-needed': 'このパケットを範囲に含みますが、ポリシー上は例外措置なしで許可されています',
    },
    findings: 'このパケットを含む指摘', noFindings: 'このパケットを含む指摘はありません。',
    ruleFindings: 'このパケットを判定したルールについての他の指摘',
    rule: 'ルール', references: '根拠', docs: '説明',
    verdictLine: {
      allowed: '三層のポリシー上、許可された通信', violation: (rule?: string) => (rule ? `違反（${rule} が報告）` : '違反（報告するルールは無効にされています）'),
      excepted: (ids: string) => `例外措置 ${ids} により許可（ポリシー上、承認が必要な通信）`, stopped: '届かない', none: 'これらのアドレスを含むゾーンがありません',
    },
  },
} as const;

type Labels = (typeof LABELS)[Lang];

/** The text of `sanso explain`. */
export function formatExplanation(e: Explanation): string {
  const lang = e.lang;
  const t = LABELS[lang];
  const out: string[] = [];
  if (e.subject === 'finding' && e.finding) out.push(...findingHead(e.finding, e, t));
  if (e.subject === 'question' && e.question) out.push(...questionHead(e, t, lang));

  // The paths of the packet (one answer per leg of a relayed flow), as `sanso query` shows them.
  if (e.legs.length > 0) {
    out.push('', e.legs.length > 1 ? t.legs : t.paths);
    e.legs.forEach((leg, i) => {
      if (e.legs.length > 1) out.push(`  ${t.leg(i + 1, e.legs.length)}`);
      out.push(...indent(formatQuery(leg, lang).trimEnd().split('\n'), e.legs.length > 1 ? 4 : 2));
    });
  } else if (e.subject === 'finding') out.push('', t.noPacket);

  if (e.policy.length > 0) {
    out.push('', t.policy);
    for (const p of e.policy) out.push(...policyBlock(p, t, lang));
  }

  out.push('', t.exceptions);
  if (e.exceptions.length === 0) out.push(`  ${t.noException}`);
  for (const x of e.exceptions) out.push(...exceptionBlock(x, t));

  if (e.subject === 'question') {
    out.push('', t.findings);
    if (e.findings.length === 0) out.push(`  ${t.noFindings}`);
    for (const f of e.findings) out.push(...findingLine(f, lang));
  }
  if (e.ruleFindings.length > 0) {
    out.push('', t.ruleFindings);
    for (const f of e.ruleFindings) out.push(...findingLine(f, lang));
  }
  if (e.rule) {
    out.push('', `${t.rule} ${e.rule.id}: ${e.rule.title}`, `  ${e.rule.description}`);
    out.push(...indent(alignColumns([
      ...(e.rule.references.length ? [[t.references, e.rule.references.join('; ')]] : []),
      ...(e.rule.docs ? [[t.docs, e.rule.docs]] : []),
    ]), 2));
  }
  return out.join('\n') + '\n';
}

function findingHead(f: Finding, e: Explanation, t: Labels): string[] {
  const out = [`${t.finding} ${f.id}  ${t.severity[f.severity]}  ${f.ruleId}${e.rule ? t.title(e.rule.title) : ''}`];
  if (f.location) out.push(`  ${formatLocation(f.location)}`);
  out.push(`  ${f.message}`);
  const rows: string[][] = [];
  if (f.flow) {
    rows.push([t.flow, `${f.flow.from} → ${f.flow.to}${f.flow.via.length ? `  (${t.via} ${f.flow.via.join(' → ')})` : ''}`]);
    rows.push([t.services, f.flow.services.join(', ')]);
    rows.push([t.sources, f.flow.wholeSource ? t.whole(f.flow.from) : f.flow.sources.join(', ')]);
    rows.push([t.destinations, f.flow.wholeDestination ? t.whole(f.flow.to) : f.flow.destinations.join(', ')]);
  }
  if (f.witness) rows.push([t.witness, formatWitness(f.witness)]);
  if (f.witnessHops && f.witnessHops.length > 1) rows.push([t.hops, f.witnessHops.map(formatWitness).join('  ⇒  ')]);
  if (f.path && f.path.length > 0) rows.push([t.path, f.path.map((h) => (h.kind === 'zone' ? h.id : h.kind === 'relay' ? `[${t.via} ${h.id}]` : `[${h.id}${h.detail ? ' ' + h.detail : ''}]`)).join(' → ')]);
  if (rows.length > 0) out.push('', t.traffic, ...indent(alignColumns(rows), 2));
  return out;
}

function questionHead(e: Explanation, t: Labels, lang: Lang): string[] {
  const q = e.question!;
  const end = (x: typeof q.from): string => (x.kind === 'address' ? x.address : `${x.asked}: ${x.representative || x.kind === 'zone' ? t.stands(x.kind, x.address) : `${t[x.kind]} ${x.address}`}`);
  const out = [`${t.question}: ${q.from.asked} → ${q.to.asked} ${q.service}`];
  out.push(...indent(alignColumns([[t.from, end(q.from)], [t.to, end(q.to)], ...(q.picked ? [[t.picked, t.pickedHow[q.picked]]] : []), [t.verdict, verdictLine(e, t, lang)]]), 2));
  return out;
}

/** One line for the question: the policy's verdict on the packet. */
function verdictLine(e: Explanation, t: Labels, lang: Lang): string {
  if (e.policy.length === 0) return t.verdictLine.none;
  const worst = e.policy.find((p) => p.outcome === 'violation') ?? e.policy.find((p) => p.outcome === 'excepted') ?? e.policy.find((p) => p.outcome !== 'stopped') ?? e.policy[0]!;
  if (worst.outcome === 'violation') return t.verdictLine.violation(worst.rule);
  if (worst.outcome === 'excepted') return t.verdictLine.excepted((worst.exceptions ?? []).join(lang === 'ja' ? '、' : ', '));
  if (worst.outcome === 'stopped') return t.verdictLine.stopped;
  return t.verdictLine.allowed + (worst.relays?.length ? t.relayedBy(worst.relays.join(' → ')) : '');
}

function policyBlock(p: PolicyJudgement, t: Labels, lang: Lang): string[] {
  const cat = (c: string): string => categoryLabel(c, lang);
  const gateways = p.cell.via.map((v) => `${v.role} (${t.ends[v.end]}${v.services ? `${t.comma}${v.services.join(', ')}` : ''})`).join(t.comma);
  const verdict = `${verdictLabel(p.cell.verdict, lang, 'long')}${gateways ? t.gatewayList(gateways) : ''}${p.cell.through ? `; ${t.through}` : ''}`;
  const rows = [
    ...(p.outcome === 'same-zone' ? [] : [[lang === 'ja' ? 'ポリシー' : 'policy', verdict]]),
    ...(p.cell.cite.length ? [[t.clauses, p.cell.cite.join('; ')]] : []),
    ...(p.cell.note ? [[t.note, p.cell.note]] : []),
    [t.outcome, outcomeText(p, lang)],
  ];
  return [`  ${cat(p.from.category)} → ${cat(p.to.category)}  (${p.from.zone} → ${p.to.zone})`, ...indent(alignColumns(rows), 4)];
}

/** Whether the flow meets the policy, and why, in a sentence. */
export function outcomeText(p: PolicyJudgement, lang: Lang): string {
  const ja = lang === 'ja';
  const relays = p.relays?.length ? (ja ? `（中継ホスト ${p.relays.join(' → ')} を経由）` : ` (through the relaying host ${p.relays.join(' → ')})`) : '';
  const roles = p.cell.via.map((v) => v.role).join(ja ? '・' : ', ');
  switch (p.outcome) {
    case 'same-zone': return ja ? '送信元と宛先が同じゾーンにあり、境界を越えません' : 'both ends are in the same zone: no boundary is crossed';
    case 'same-category': return ja ? `同じ領域（${categoryLabel(p.from.category, lang)}）の中の通信で、ポリシー上許可されています${relays}` : `both zones are in ${categoryLabel(p.from.category, lang)}: the policy allows it${relays}`;
    case 'allowed': return ja ? `ポリシーを満たします（この方向の通信は許可）${relays}` : `meets it: the policy allows traffic in this direction${relays}`;
    case 'gateway': return ja ? `ポリシーを満たします: ゲートウェイ ${p.gateway} を送信元・宛先とする、そのサービスの通信です${relays}` : `meets it: one end is the gateway ${p.gateway}, on its services${relays}`;
    case 'pinned': return ja ? 'ポリシーを満たします: 届く経路はすべて単一ホスト・明示ポートに限定したルールを通ります' : 'meets it: every path that delivers it passes only rules pinned to single hosts and explicit ports';
    case 'through': return ja ? 'ポリシーを満たします: インターネットへは自治体情報セキュリティクラウドを経由してだけ届きます' : 'meets it: it reaches the Internet only through the security cloud';
    case 'stopped': return ja ? 'どの経路でも届きません（直接も中継経由も）' : 'no path delivers it, directly or through relays';
    default: break;
  }
  const why = violationReason(p, ja, roles, p.outcome === 'excepted');
  const by = p.rule ? (ja ? `。${p.rule} が報告します` : `; reported by ${p.rule}`) : ja ? '。報告するルールは無効にされています' : '; the rule that reports it is turned off';
  if (p.outcome === 'excepted') {
    const ids = (p.exceptions ?? []).join(ja ? '、' : ', ');
    return ja ? `例外措置により満たします: ${why}${relays}。例外措置 ${ids} がこの通信を免除しています` : `meets it with an exception: ${why}${relays}, and exception ${ids} excuses it`;
  }
  return ja ? `ポリシーに反します: ${why}${relays}${by}` : `breaks it: ${why}${relays}${by}`;
}

function violationReason(p: PolicyJudgement, ja: boolean, roles: string, excepted: boolean): string {
  if (p.rule === 'unsanitized-mail') return ja ? 'メールが無害化装置（mail-sanitizer）を通らずに領域を越えます' : 'mail crosses the boundary and neither end is a mail-sanitizer';
  switch (p.reason) {
    case 'forbidden': return ja ? 'この方向の通信は禁止されています' : 'the policy forbids traffic in this direction';
    case 'not-declared':
      if (excepted) return ja ? '承認された例外措置が必要な通信です' : 'it needs an approved exception';
      return ja ? '承認された例外措置が必要ですが、このパケットを免除する例外措置がありません' : 'it needs an approved exception, and none excuses this packet';
    case 'not-pinned':
      if (excepted) return ja ? '単一ホスト・明示ポートへの限定と承認が必要な通信です' : 'it must be pinned to single hosts and explicit ports and approved';
      return ja ? '単一ホスト・明示ポートへの限定が必要ですが、経路上に限定されていないルールがあります' : 'it must be pinned to single hosts and explicit ports, and a rule on its path is not';
    case 'not-via-gateway': return ja ? `越えてよいのは ${roles} との通信（そのサービス）だけですが、どちらの端もそうではありません` : `only traffic with a ${roles} gateway, on its services, may cross, and neither end is one`;
    case 'bypass': return ja ? '自治体情報セキュリティクラウドを経由せずにインターネットへ届きます' : 'it reaches the Internet without passing the security cloud';
    default: return '';
  }
}

function exceptionBlock(x: ExplainedException, t: Labels): string[] {
  return [
    `  ${x.id}  ${t.statuses[x.status]}  ${x.rule}  ${t.until} ${x.expires}  ${formatLocation(x.location)}`.trimEnd(),
    ...indent(alignColumns([[t.reason, x.reason], [t.approvedBy, x.approvedBy], ['→', t.effects[x.effect]]]), 4),
  ];
}

function findingLine(f: Finding, lang: Lang): string[] {
  return [`  ${[f.id, LABELS[lang].severity[f.severity], f.ruleId, formatLocation(f.location)].filter(Boolean).join('  ')}`, `    ${f.message}`];
}

function indent(lines: readonly string[], n: number): string[] {
  return lines.map((l) => (l ? ' '.repeat(n) + l : l));
}
