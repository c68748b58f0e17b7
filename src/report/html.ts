// The audit report: one self-contained HTML document (no script, no fetch; it opens from a file and prints
// to PDF) — a cover that names the inputs by their SHA-256, the tier policy as a matrix with what crosses
// each boundary, the zones, the findings grouped by the guideline clause they rest on, and the exceptions.

import { formatLocation, formatWitness, type Finding, type Lang } from '../core/finding';
import { categoryLabel, verdictLabel } from '../core/labels';
import type { AuditFacts, ExceptionReport, LintReport } from '../core/report';
import type { FormatContext } from './index';

const T = {
  ja: {
    title: '三層の対策 検査報告書', subtitle: '自治体情報システム強靱性向上モデル（三層の対策）に基づくネットワーク分離の検査',
    organization: '団体', model: 'モデル', edition: 'ガイドライン版', date: '判定日', tool: '検査ツール', inputs: '入力ファイル（SHA-256）',
    summary: '結果の概要', errors: 'エラー', warnings: '警告', infos: '情報', none: '指摘はありません。',
    tierMatrix: '領域間の通信ポリシー', tierNote: '行が送信元、列が宛先。色はポリシーの判定、数字はその組み合わせの通信に関する指摘の件数です。',
    zoneMatrix: 'ゾーン間の指摘', zoneNote: '行が送信元ゾーン、列が宛先ゾーン。数字は指摘の件数です。', zonesTooMany: (n: number) => `ゾーンが ${n} 個あるため、指摘のあるゾーンだけを表示しています。`,
    findings: '指摘事項（根拠条項別）', clause: '根拠', noClause: '（条項なし）', location: '場所', witness: '実例', path: '経路', related: '関連',
    exceptions: '例外措置', id: 'ID', status: '状態', rule: '対象ルール', reason: '理由', approver: '承認者', expires: '期限',
    sameCategory: '—',
    statuses: { 'in-force': '有効', expiring: '30 日以内に期限', expired: '期限切れ', unused: '未使用', 'not-pinned': '限定なし（無効）' },
    via: '経由', through: '必ず経由',
    severity: { error: 'エラー', warning: '警告', info: '情報' },
  },
  en: {
    title: 'Three-tier separation audit report', subtitle: 'Network separation checked against the three-tier model (三層の対策) of the guideline',
    organization: 'Organisation', model: 'Model', edition: 'Guideline edition', date: 'Judged on', tool: 'Checked with', inputs: 'Input files (SHA-256)',
    summary: 'Summary', errors: 'errors', warnings: 'warnings', infos: 'infos', none: 'No findings.',
    tierMatrix: 'Tier policy', tierNote: 'Rows are sources, columns destinations. The colour is the policy verdict; the number counts the findings about that pair.',
    zoneMatrix: 'Findings between zones', zoneNote: 'Rows are source zones, columns destination zones; numbers count findings.', zonesTooMany: (n: number) => `The model has ${n} zones; only zones with findings are shown.`,
    findings: 'Findings, by the clause they rest on', clause: 'Clause', noClause: '(no clause)', location: 'Where', witness: 'Witness', path: 'Path', related: 'Related',
    exceptions: 'Exceptions', id: 'Id', status: 'Status', rule: 'Rule', reason: 'Reason', approver: 'Approved by', expires: 'Expires',
    sameCategory: '—',
    statuses: { 'in-force': 'in force', expiring: 'expires within 30 days', expired: 'expired', unused: 'unused', 'not-pinned': 'not pinned (void)' },
    via: 'via', through: 'must pass',
    severity: { error: 'error', warning: 'warning', info: 'info' },
  },
} as const;

type Labels = (typeof T)[Lang];

/** The guideline's names of its models. */
const MODEL_NAMES: Readonly<Record<string, string>> = { alpha: 'α', 'alpha-prime': "α'", beta: 'β', 'beta-prime': "β'" };

/** At most this many zones on each axis of the zone matrix; beyond, only zones with findings. */
const MAX_ZONES = 40;

export function formatHtml(report: LintReport, context: FormatContext): string {
  const t = T[report.lang];
  const cat = (c: string): string => categoryLabel(c, report.lang);
  const body = [
    cover(report, context, t),
    summary(report, t),
    ...(report.audit ? [tierMatrix(report, report.audit, t, cat), zoneMatrix(report, report.audit, t)] : []),
    findings(report, t),
    ...(report.exceptions.length ? [exceptions(report, t)] : []),
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="${report.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(t.title)}${report.organization ? ` — ${esc(report.organization)}` : ''}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function cover(report: LintReport, context: FormatContext, t: Labels): string {
  const rows: [string, string][] = [
    ...(report.organization ? [[t.organization, report.organization] as [string, string]] : []),
    ...(report.model ? [[t.model, MODEL_NAMES[report.model] ?? report.model] as [string, string]] : []),
    ...(report.edition ? [[t.edition, report.edition] as [string, string]] : []),
    ...(report.audit ? [[t.date, report.audit.today] as [string, string]] : []),
    [t.tool, `sanso ${context.version}`],
  ];
  const inputs = report.audit?.inputs ?? [];
  return `<header class="cover">
<h1>${esc(t.title)}</h1>
<p class="subtitle">${esc(t.subtitle)}</p>
<table class="facts">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
${inputs.length ? `<h2>${esc(t.inputs)}</h2>\n<table class="inputs">${inputs.map((i) => `<tr><td class="file">${esc(i.file)}</td><td class="hash">${i.sha256}</td></tr>`).join('')}</table>` : ''}
</header>`;
}

function summary(report: LintReport, t: Labels): string {
  const { errors, warnings, infos } = report.summary;
  return `<section><h2>${esc(t.summary)}</h2>
<p class="counts"><span class="sev error">${errors} ${esc(t.errors)}</span> <span class="sev warning">${warnings} ${esc(t.warnings)}</span> <span class="sev info">${infos} ${esc(t.infos)}</span></p>
${report.findings.length === 0 ? `<p>${esc(t.none)}</p>` : ''}</section>`;
}

function tierMatrix(report: LintReport, audit: AuditFacts, t: Labels, cat: (c: string) => string): string {
  const count = (from: string, to: string): number => report.findings.filter((f) => f.flow?.fromCategory === from && f.flow.toCategory.split(', ').includes(to)).length;
  const head = `<tr><th></th>${audit.categories.map((c) => `<th scope="col">${esc(cat(c))}</th>`).join('')}</tr>`;
  const rows = audit.categories.map((from) => {
    const cells = audit.categories.map((to) => {
      if (from === to) return `<td class="same">${t.sameCategory}</td>`;
      const cell = audit.cells.find((c) => c.from === from && c.to === to)!;
      const n = count(from, to);
      const via = cell.via.map((v) => `${v.role}${v.services ? ` (${v.services.join(', ')})` : ''}`);
      return `<td class="verdict ${cell.verdict}" title="${esc(cell.cite.join('; '))}"><span class="label">${esc(verdictLabel(cell.verdict, report.lang))}</span>${via.length ? `<span class="via">${esc(t.via)}: ${esc(via.join(', '))}</span>` : ''}${cell.through ? `<span class="via">${esc(t.through)}: ${esc(cat(`ext:${cell.through}`))}</span>` : ''}${n ? `<span class="count">${n}</span>` : ''}</td>`;
    });
    return `<tr><th scope="row">${esc(cat(from))}</th>${cells.join('')}</tr>`;
  });
  return `<section><h2>${esc(t.tierMatrix)}</h2><p class="note">${esc(t.tierNote)}</p>
<table class="matrix tiers">${head}${rows.join('')}</table></section>`;
}

function zoneMatrix(report: LintReport, audit: AuditFacts, t: Labels): string {
  const pairs = new Map<string, number>();
  for (const f of report.findings) {
    if (!f.flow) continue;
    for (const to of f.flow.to.split(', ')) pairs.set(`${f.flow.from}\u0000${to}`, (pairs.get(`${f.flow.from}\u0000${to}`) ?? 0) + 1);
  }
  const involved = new Set([...pairs.keys()].flatMap((k) => k.split('\u0000')));
  const zones = audit.zones.length <= MAX_ZONES ? audit.zones : audit.zones.filter((z) => involved.has(z.id));
  const head = `<tr><th></th>${zones.map((z) => `<th scope="col" class="vertical"><span>${esc(z.id)}</span></th>`).join('')}</tr>`;
  const rows = zones.map((from) => `<tr><th scope="row">${esc(from.id)}</th>${zones.map((to) => {
    const n = pairs.get(`${from.id}\u0000${to.id}`) ?? 0;
    return from.id === to.id ? '<td class="same"></td>' : `<td class="${n ? 'hit' : ''} ${from.category === to.category ? 'within' : ''}">${n || ''}</td>`;
  }).join('')}</tr>`);
  return `<section><h2>${esc(t.zoneMatrix)}</h2><p class="note">${esc(t.zoneNote)}${zones.length < audit.zones.length ? ` ${esc(t.zonesTooMany(audit.zones.length))}` : ''}</p>
<div class="scroll"><table class="matrix zones">${head}${rows.join('')}</table></div></section>`;
}

/** The clause a finding rests on: the first the finding cites, else the first its rule names. */
function clauseOf(f: Finding, report: LintReport, t: Labels): string {
  const cite = typeof f.data.cite === 'string' && f.data.cite ? f.data.cite.split(/[;,]\s*/)[0]! : undefined;
  return cite ?? report.rules.find((r) => r.id === f.ruleId)?.references[0] ?? t.noClause;
}

function findings(report: LintReport, t: Labels): string {
  if (report.findings.length === 0) return '';
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const clause = clauseOf(f, report, t);
    groups.set(clause, [...(groups.get(clause) ?? []), f]);
  }
  const sections = [...groups].sort(([a], [b]) => a.localeCompare(b, 'ja')).map(([clause, list]) => `<h3>${esc(t.clause)}: ${esc(clause)}</h3>
${list.map((f) => finding(f, t)).join('\n')}`);
  return `<section id="findings"><h2>${esc(t.findings)}</h2>\n${sections.join('\n')}</section>`;
}

function finding(f: Finding, t: Labels): string {
  const rows: [string, string][] = [
    ...(f.location ? [[t.location, formatLocation(f.location)] as [string, string]] : []),
    ...(f.witness ? [[t.witness, formatWitness(f.witness)] as [string, string]] : []),
    ...(f.path && f.path.length ? [[t.path, f.path.map((h) => (h.kind === 'zone' ? h.id : `[${h.id}${h.detail ? ' ' + h.detail : ''}]`)).join(' → ')] as [string, string]] : []),
    ...f.related.filter((r) => r.file).map((r): [string, string] => [t.related, `${formatLocation(r)}  ${r.label}`]),
  ];
  return `<article class="finding ${f.severity}">
<p class="head"><span class="sev ${f.severity}">${esc(t.severity[f.severity])}</span> <code>${esc(f.ruleId)}</code> <span class="id">${esc(t.id)} <code>${esc(f.id)}</code></span></p>
<p class="message">${esc(f.message)}</p>
<table class="evidence">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
</article>`;
}

function exceptions(report: LintReport, t: Labels): string {
  const today = report.audit?.today;
  const statusOf = (e: ExceptionReport): keyof Labels['statuses'] => {
    if (e.status !== 'in-force' || !today) return e.status;
    const days = (Date.parse(e.expires) - Date.parse(today)) / 86_400_000;
    return days <= 30 ? 'expiring' : 'in-force';
  };
  const head = [t.id, t.status, t.rule, t.reason, t.approver, t.expires].map((h) => `<th>${esc(h)}</th>`).join('');
  const rows = report.exceptions.map((e) => {
    const status = statusOf(e);
    return `<tr class="${status}"><td>${esc(e.id)}</td><td><span class="status ${status}">${esc(t.statuses[status])}</span></td><td><code>${esc(e.rule)}</code></td><td>${esc(e.reason)}</td><td>${esc(e.approvedBy)}</td><td>${esc(e.expires)}</td></tr>`;
  });
  return `<section id="exceptions"><h2>${esc(t.exceptions)}</h2><table class="exceptions"><tr>${head}</tr>${rows.join('')}</table></section>`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
:root { --ink: #1d2530; --muted: #5b6676; --line: #d5dbe3; --error: #b42318; --warning: #b54708; --info: #175cd3;
  --allow: #e3f4e8; --deny: #fbe4e2; --pinned: #fff1d6; --declared: #e8eefc; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 32px 40px 64px; line-height: 1.6; font-size: 14px; }
h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: 0.02em; }
h2 { font-size: 19px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; margin: 36px 0 12px; }
h3 { font-size: 15px; margin: 24px 0 8px; color: var(--muted); }
.cover { border-bottom: 1px solid var(--line); padding-bottom: 16px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; }
.facts th, .evidence th { text-align: left; font-weight: 600; padding: 3px 16px 3px 0; color: var(--muted); white-space: nowrap; vertical-align: top; }
.facts td, .evidence td { padding: 3px 0; }
.inputs td { padding: 2px 12px 2px 0; font-size: 12px; }
.inputs .hash, code { font-family: "Noto Sans Mono CJK JP", ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.inputs .hash { color: var(--muted); word-break: break-all; }
.counts .sev { font-weight: 700; margin-right: 16px; font-size: 16px; }
.sev.error, .status.expired, .status.not-pinned { color: var(--error); }
.sev.warning, .status.expiring, .status.unused { color: var(--warning); }
.sev.info { color: var(--info); }
.note { color: var(--muted); font-size: 12px; margin: 0 0 8px; }
.matrix th, .matrix td { border: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
.matrix.tiers { width: 100%; table-layout: fixed; }
.matrix.tiers th { background: #f4f6f9; font-size: 12px; }
.matrix.tiers td { font-size: 12px; height: 64px; }
.verdict.allow { background: var(--allow); } .verdict.deny { background: var(--deny); }
.verdict.pinned { background: var(--pinned); } .verdict.declared { background: var(--declared); }
.verdict .label { display: block; font-weight: 700; }
.verdict .via { display: block; color: var(--muted); font-size: 11px; }
.verdict .count { float: right; margin: 0 0 2px 4px; background: var(--error); color: #fff; border-radius: 9px; padding: 0 7px; font-weight: 700; font-size: 11px; }
td.same { background: #f4f6f9; color: var(--muted); text-align: center; }
.scroll { overflow-x: auto; }
.matrix.zones th { font-size: 11px; font-weight: 500; background: #f9fafb; white-space: nowrap; }
.matrix.zones th.vertical { height: 120px; vertical-align: bottom; padding: 4px 2px; }
.matrix.zones th.vertical span { writing-mode: vertical-rl; transform: rotate(180deg); }
.matrix.zones td { text-align: center; min-width: 22px; font-size: 11px; padding: 2px; }
.matrix.zones td.within { background: #fafbfc; } .matrix.zones td.hit { background: var(--deny); color: var(--error); font-weight: 700; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 4px; padding: 8px 14px; margin: 10px 0; break-inside: avoid; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); }
.finding .head { margin: 0; font-size: 12px; } .finding .head .id { float: right; color: var(--muted); } .finding .message { margin: 4px 0 6px; }
.evidence { font-size: 12px; } .evidence td { word-break: break-all; }
.exceptions { width: 100%; font-size: 12px; } .exceptions th, .exceptions td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
.exceptions td:nth-child(1), .exceptions td:nth-child(3), .exceptions td:nth-child(6) { white-space: nowrap; }
.status { font-weight: 700; white-space: nowrap; }
@media print { body { padding: 0; max-width: none; font-size: 11px; } h2 { break-after: avoid; } .scroll { overflow: visible; }
  .matrix tr, .inputs tr { break-inside: avoid; } .matrix.tiers { break-inside: avoid; } .inputs td { font-size: 10px; } }
@page { size: A4; margin: 16mm 14mm; }
`;
