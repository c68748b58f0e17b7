// Markdown fit for a pull-request comment or a job summary: the counts, then one table row per finding
// with its place, rule, short id (for `sanso explain`), message and witness. Japanese or English, like the report.

import { formatLocation, formatWitness } from '../core/finding';
import type { LintReport } from '../core/report';

const LABELS = {
  en: { title: 'sanso: three-tier separation', none: 'No problems found.', severity: 'Severity', rule: 'Rule', id: 'Id', where: 'Where', message: 'Message', witness: 'Witness', error: 'error', warning: 'warning', info: 'info', counts: (e: number, w: number, i: number, files: number) => `**${e}** errors, **${w}** warnings, **${i}** infos in ${files} files.` },
  ja: { title: 'sanso: 三層の分離', none: '問題は見つかりませんでした。', severity: '重大度', rule: 'ルール', id: 'ID', where: '場所', message: 'メッセージ', witness: '実例', error: 'エラー', warning: '警告', info: '情報', counts: (e: number, w: number, i: number, files: number) => `${files} ファイル: エラー **${e}** 件、警告 **${w}** 件、情報 **${i}** 件。` },
} as const;

export function formatMarkdown(report: LintReport): string {
  const t = LABELS[report.lang];
  const { errors, warnings, infos, files } = report.summary;
  const lines = [`## ${t.title}`, '', t.counts(errors, warnings, infos, files), ''];
  if (report.findings.length === 0) lines.push(t.none);
  else {
    lines.push(`| ${t.severity} | ${t.rule} | ${t.id} | ${t.where} | ${t.message} | ${t.witness} |`, '| --- | --- | --- | --- | --- | --- |');
    for (const f of report.findings) {
      lines.push(`| ${t[f.severity]} | \`${f.ruleId}\` | \`${f.id}\` | ${cell(formatLocation(f.location))} | ${cell(f.message)} | ${f.witness ? cell(formatWitness(f.witness)) : ''} |`);
    }
  }
  return lines.join('\n') + '\n';
}

/** A table cell: pipes escaped, line breaks as <br>, and Markdown's own characters left inert. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>').replace(/([*_`<>[\]])/g, '\\$1');
}
