// The terminal report: one block per finding — location, severity, rule, the finding's short id, message,
// then the evidence (flow, witness packet, path, related places) — and a summary line. Japanese or English.

import type { ExceptionReport, LintReport } from '../core/report';
import { formatLocation, formatWitness, type Finding, type Lang } from '../core/finding';
import type { FormatContext } from './index';
import { displayWidth } from '../core/text-width';

const LABELS = {
  ja: {
    flow: '通信', services: 'サービス', sources: '送信元', destinations: '宛先', witness: '実例', path: '経路', related: '関連', via: '中継',
    possible: '可能性', notCertain: (options: string) => `確実ではありません（扱えない条件: ${options}）`,
    hops: '各区間', error: 'エラー', warning: '警告', info: '情報', none: '問題は見つかりませんでした',
    exceptions: '例外措置', 'in-force': '有効', expired: '期限切れ', unused: '未使用', 'not-pinned': '限定なし（無効）',
    files: 'ファイル',
    baseline: (file: string, n: number, gone: number) => `ベースライン ${file}: 既知の指摘 ${n} 件を除外、解消 ${gone} 件`,
    whole: (zone: string) => `${zone} 全体`,
    explain: '指摘の詳しい説明（経路・ルール・例外措置・ポリシー）: sanso explain ID [PATH...]',
  },
  en: {
    flow: 'flow', services: 'services', sources: 'sources', destinations: 'destinations', witness: 'witness', path: 'path', related: 'related', via: 'via',
    possible: 'possible', notCertain: (options: string) => `not certain (not modelled: ${options})`,
    hops: 'hops', error: 'error', warning: 'warning', info: 'info', none: 'no problems found',
    exceptions: 'exceptions', 'in-force': 'in force', expired: 'expired', unused: 'unused', 'not-pinned': 'not pinned (void)',
    files: 'files',
    baseline: (file: string, n: number, gone: number) => `baseline ${file}: ${n} known ${n === 1 ? 'finding' : 'findings'} left out, ${gone} resolved`,
    whole: (zone: string) => `all of ${zone}`,
    explain: 'Why a finding happens (paths, rules, exceptions, policy): sanso explain ID [PATH...]',
  },
} as const;

type Paint = (code: string, s: string) => string;


export function formatText(report: LintReport, context: FormatContext): string {
  const lang: Lang = report.lang;
  const t = LABELS[lang];
  const paint: Paint = (code, s) => (context.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const severityColor = { error: '31', warning: '33', info: '36' } as const;
  const lines: string[] = [];
  // Problems in the input have ids too (in JSON), but nothing to explain: the text leaves them out.
  const input = new Set(report.rules.filter((r) => r.category === 'input').map((r) => r.id));
  for (const finding of report.findings) {
    lines.push(...findingBlock(finding, t, paint, severityColor[finding.severity], !input.has(finding.ruleId)), '');
  }
  const { errors, warnings, infos } = report.summary;
  const total = errors + warnings + infos;
  if (total === 0) lines.push(paint('32', `✔ ${t.none} (${report.summary.files} ${t.files})`));
  else {
    const plural = (n: number, word: string): string => (lang === 'en' && n !== 1 ? `${n} ${word}s` : `${n} ${word}`);
    const parts = [plural(errors, t.error), plural(warnings, t.warning), ...(infos ? [plural(infos, t.info)] : [])];
    lines.push(paint(errors ? '31' : '33', `✖ ${total} ${lang === 'ja' ? '件' : total === 1 ? 'problem' : 'problems'} (${parts.join(', ')})`));
    if (report.summary.inputErrors === 0) lines.push(paint('2', t.explain));
  }
  if (report.baseline) {
    lines.push(t.baseline(report.baseline.file, report.baseline.matched, report.baseline.resolved.length));
    for (const gone of report.baseline.resolved) lines.push(`  ✓ ${gone.ruleId}  ${gone.location ?? ''}  ${gone.message}`);
  }
  if (report.exceptions.length > 0) {
    lines.push(exceptionLine(report.exceptions, t));
    for (const e of report.exceptions) {
      const covered = e.covered.services.length ? `  ${e.covered.sources.join(', ')} → ${e.covered.destinations.join(', ')} ${e.covered.services.join(', ')}` : '';
      lines.push(`  ${e.id}  ${t[e.status]}  ${e.rule}  ${e.expires}  ${formatLocation(e.location)}${covered}`);
    }
  }
  return lines.join('\n') + '\n';
}

function findingBlock(f: Finding, t: (typeof LABELS)[Lang], paint: Paint, color: string, withId: boolean): string[] {
  const head = [formatLocation(f.location), paint(color, t[f.severity]), paint('2', f.ruleId), withId ? f.id : ''].filter(Boolean).join('  ');
  const out = [head, `  ${f.message}`];
  const field = (label: string, value: string): void => {
    out.push(`    ${paint('2', label + ' '.repeat(Math.max(0, 12 - displayWidth(label))))} ${value}`);
  };
  if (f.flow) {
    field(t.flow, `${f.flow.from} → ${f.flow.to}${f.flow.via.length ? `  (${t.via} ${f.flow.via.join(' → ')})` : ''}`);
    field(t.services, f.flow.services.join(', '));
    field(t.sources, f.flow.wholeSource ? t.whole(f.flow.from) : f.flow.sources.join(', '));
    field(t.destinations, f.flow.wholeDestination ? t.whole(f.flow.to) : f.flow.destinations.join(', '));
  }
  if (f.witness) field(t.witness, formatWitness(f.witness));
  if (f.witnessHops && f.witnessHops.length > 1) field(t.hops, f.witnessHops.map(formatWitness).join('  ⇒  '));
  if (f.path && f.path.length > 0) {
    field(t.path, f.path.map((h) => (h.kind === 'zone' ? h.id : h.kind === 'relay' ? `[${t.via} ${h.id}]` : `[${h.id}${h.detail ? ' ' + h.detail : ''}]`)).join(' → '));
  }
  if (f.possible) field(t.possible, t.notCertain(f.possible.join(', ')));
  for (const r of f.related) field(t.related, `${formatLocation(r)}  ${r.label}`);
  return out;
}

function exceptionLine(exceptions: readonly ExceptionReport[], t: (typeof LABELS)[Lang]): string {
  const counts = new Map<string, number>();
  for (const e of exceptions) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  return `${t.exceptions}: ${[...counts].map(([status, n]) => `${n} ${t[status as ExceptionReport['status']]}`).join(', ')}`;
}
