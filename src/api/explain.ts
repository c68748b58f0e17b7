// `sanso explain`: why a flow is allowed, and what the tier policy says about it — for a finding of the lint
// run (by its short id) or for a question (from, to, service): the paths of one packet with each firewall's
// deciding rule, the exceptions whose scope holds the packet, the policy cell and whether the flow meets it.

import { findingsById } from '../core/baseline';
import type { Finding, Location, WitnessPacket } from '../core/finding';
import type { ExceptionReport, LintReport } from '../core/report';
import { judgePacket, type PolicyJudgement } from '../engine/packet-judgement';
import type { TierPolicy } from '../engine/policy';
import type { Rule } from '../engine/rule';
import { createFlowAnalysis, type FlowAnalysis } from '../flows/analysis';
import { parseQuestion, type Packet } from '../flows/query';
import { deliveredPart, packetOfWitness, questionSpace, resolveEnds, summaryMayHold, type QuestionEnd } from '../flows/question';
import { representative, witnessPacket } from '../flows/witness';
import { editDistance } from '../model/suggest';
import type { NetworkModel } from '../model/types';
import type { SourceDocument } from '../source/document';
import { RULES } from '../../rules';
import { queryAnswer, type QueryAnswer } from './query';
import { lintLoaded } from './lint';
import { assembleReport, loadModel, loadTierPolicy, ruleCatalog, startRun, type Collected, type LintOptions } from './run-context';

export type { QuestionEnd as ExplainedEnd } from '../flows/question';
export type { PolicyJudgement } from '../engine/packet-judgement';

export interface ExplainOptions extends Omit<LintOptions, 'baseline' | 'updateBaseline'> {
  /** A finding's id as `sanso lint` shows it, or a prefix of it of 4 or more hex digits that only it has. */
  readonly id?: string;
  /** A question instead: each an address, or a host or zone of the model; a service such as tcp/443. */
  readonly from?: string;
  readonly to?: string;
  readonly service?: string;
}

/** An exception that bears on the packet or the finding, and what it does for it. */
export interface ExplainedException {
  readonly id: string;
  readonly rule: string;
  readonly status: ExceptionReport['status'];
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
  readonly location?: Location;
  /** Its scope holds the packet. */
  readonly coversPacket: boolean;
  /**
   * `excuses`: it excuses this packet. `excused-finding`: it excused another part of the finding's flow.
   * `subject`: the finding is about it. `expired`, `void` (not pinned): it excuses nothing. `other-rule`: it is
   * for another rule than the one judging the flow. `forbidden`: the policy forbids the flow, which no
   * exception can excuse. `not-needed`: the policy allows the flow anyway.
   */
  readonly effect: 'excuses' | 'excused-finding' | 'subject' | 'expired' | 'void' | 'other-rule' | 'forbidden' | 'not-needed';
}

export interface ExplainedRule {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly severity: string;
  readonly references: readonly string[];
  /** The rule's documentation in the sanso package, for rules of the rule pack. */
  readonly docs?: string;
}

export interface Explanation {
  readonly subject: 'finding' | 'question';
  /** The finding explained. */
  readonly finding?: Finding;
  readonly rule?: ExplainedRule;
  /**
   * The question's ends as understood, and its service. `picked` when a host or zone stands for its addresses:
   * `delivered` — the packet is one of theirs that some path delivers; `none-delivered` — none of their packets
   * on this service is delivered (directly), and the first addresses are shown.
   */
  readonly question?: { readonly from: QuestionEnd; readonly to: QuestionEnd; readonly service: string; readonly picked?: 'delivered' | 'none-delivered' };
  /** The packet explained: the finding's witness or the question's packet. */
  readonly packet?: WitnessPacket;
  /** The packet's paths, firewall by firewall; for a flow through relays, one per leg (each real packet). */
  readonly legs: readonly QueryAnswer[];
  readonly policy: readonly PolicyJudgement[];
  readonly exceptions: readonly ExplainedException[];
  /** A question: the lint findings whose flow holds the packet. */
  readonly findings: readonly Finding[];
  /** The lint findings about the rules that decide the packet on a delivering path (other than the one explained). */
  readonly ruleFindings: readonly Finding[];
  readonly lang: LintReport['lang'];
}

export interface ExplainResult {
  /** Absent when the model, the id or the question has problems (they are in `report`). */
  readonly explanation?: Explanation;
  /** The lint run the explanation rests on, or the problems. */
  readonly report: LintReport;
}

/** The fewest hex digits an id may be given with. */
export const MIN_ID_PREFIX = 4;

/** `sanso explain`: a finding (`id`) or a question (`from`, `to`, `service`) explained. */
export function explain(options: ExplainOptions): ExplainResult {
  const { cwd, collected, config, lang } = startRun(options);
  const alone = (ruleId: string, messageId: string, data: Record<string, string>, documents: readonly SourceDocument[]): ExplainResult => {
    const only: Collected = { raw: [{ ruleId, severity: 'error', messageId, data }], positions: new Map() };
    return { report: assembleReport({ collected: only, documents, config, usage: [], lang }) };
  };
  // A word that cannot be an id is reported before the model is read (it may be a path given first).
  const typed = options.id?.trim().toLowerCase();
  if (options.id !== undefined && (!/^[0-9a-f]+(\.\d+)?$/.test(typed!) || typed!.replace(/\..*/, '').length < MIN_ID_PREFIX)) {
    return alone('explain', 'bad-id', { id: options.id, min: String(MIN_ID_PREFIX) }, []);
  }
  if (options.id === undefined && (options.from === undefined || options.to === undefined || options.service === undefined)) return alone('explain', 'nothing-asked', {}, []);
  const loaded = loadModel(options, cwd, collected, () => {});
  const policy = loadTierPolicy();
  const enabled = RULES.filter((r) => config.resolved.settings.get(r.meta.id)?.enabled !== false);
  const { report } = lintLoaded({ collected, ...loaded, config, lang, inlineConfig: options.inlineConfig !== false });
  if (!loaded.model || report.summary.inputErrors > 0) return { report };
  const problem = (ruleId: string, messageId: string, data: Record<string, string>): ExplainResult => alone(ruleId, messageId, data, loaded.documents);
  // Exceptions that may excuse traffic, as the lint run used them: neither expired nor void.
  const activeExceptions = new Set(report.exceptions.filter((e) => e.status === 'in-force' || e.status === 'unused').map((e) => e.id));
  const context: Context = { model: loaded.model, documents: loaded.documents, report, policy, rules: enabled, activeExceptions, flows: createFlowAnalysis(loaded.model) };

  if (options.id !== undefined && typed !== undefined) {
    const matches = findingsById(report.findings, typed);
    if (matches.length === 0) {
      const close = closeIds(report.findings, typed);
      return close.length > 0 ? problem('explain', 'unknown-id', { id: options.id, candidates: close.map(describe).join('; ') }) : problem('explain', 'unknown-id-none', { id: options.id });
    }
    if (matches.length > 1) return problem('explain', 'ambiguous-id', { id: options.id, count: String(matches.length), candidates: matches.slice(0, 10).map(describe).join('; ') });
    return { explanation: explainFinding(context, matches[0]!, lang), report };
  }

  const ends = resolveEnds(loaded.model, options.from!, options.to!);
  if ('messageId' in ends) return problem(ends.ruleId, ends.messageId, ends.data);
  const asked = parseQuestion(ends.from.address, ends.to.address, options.service!);
  if ('messageId' in asked) return problem('query', asked.messageId, asked.data);
  const service = options.service!;
  if (!ends.from.representative && !ends.to.representative) return { explanation: explainQuestion(context, { from: ends.from, to: ends.to, service }, asked, lang), report };
  // A host or zone stands for its addresses: show a packet of theirs that gets through, if there is one.
  const delivered = deliveredPart(context.model, context.flows, questionSpace(ends.fromSet, ends.toSet, service, asked.family));
  const packet = delivered ? { ...representative(delivered)!, proto: asked.proto, port: asked.port } : asked;
  const shown = witnessPacket(packet);
  const question = {
    from: { ...ends.from, address: shown.src },
    to: { ...ends.to, address: shown.dst },
    service,
    picked: delivered ? ('delivered' as const) : ('none-delivered' as const),
  };
  return { explanation: explainQuestion(context, question, packet, lang), report };
}

interface Context {
  readonly model: NetworkModel;
  readonly documents: readonly SourceDocument[];
  readonly report: LintReport;
  readonly policy: TierPolicy;
  /** The enabled rules, in the order of the claim chain. */
  readonly rules: readonly Rule[];
  /** Every destination followed (not only tier exits), for exact answers about any packet. */
  readonly flows: FlowAnalysis;
  readonly activeExceptions: ReadonlySet<string>;
}

function explainFinding(context: Context, finding: Finding, lang: LintReport['lang']): Explanation {
  const witness = finding.witness ? packetOfWitness(finding.witness) : undefined;
  const legs = (finding.witnessHops && finding.witnessHops.length > 1 ? finding.witnessHops : finding.witness ? [finding.witness] : [])
    .map(packetOfWitness)
    .filter((p): p is Packet => p !== undefined)
    .map((p) => queryAnswer(context.model, context.documents, p));
  const policy = witness ? judgePacket(context, witness) : [];
  const subjectIds = typeof finding.data.exception === 'string' ? [finding.data.exception] : [];
  const exceptions = explainExceptions(context, witness, policy, finding.exceptedBy ?? [], subjectIds);
  return {
    subject: 'finding',
    finding,
    ...ruleOf(finding.ruleId, context.report),
    ...(finding.witness ? { packet: finding.witness } : {}),
    legs,
    policy,
    exceptions,
    findings: [],
    ruleFindings: ruleFindingsOf(context, legs, finding),
    lang,
  };
}

function explainQuestion(context: Context, question: NonNullable<Explanation['question']>, packet: Packet, lang: LintReport['lang']): Explanation {
  const legs = [queryAnswer(context.model, context.documents, packet)];
  const policy = judgePacket(context, packet);
  const findings = flowFindingsOf(context.report.findings, policy, packet);
  return {
    subject: 'question',
    question,
    packet: witnessPacket(packet),
    legs,
    policy,
    exceptions: explainExceptions(context, packet, policy, [], []),
    findings,
    ruleFindings: ruleFindingsOf(context, legs).filter((f) => !findings.includes(f)),
    lang,
  };
}

function describe(f: Finding): string {
  const where = f.location ? ` ${f.location.file}:${f.location.line}:${f.location.column}` : '';
  return `${f.id} (${f.ruleId}${where})`;
}

/** Ids that differ from the typed one by a slip: at most one edit per four digits, compared over its length. */
function closeIds(findings: readonly Finding[], typed: string): Finding[] {
  const allowed = Math.max(1, Math.floor(typed.length / 4));
  const scored = findings
    .map((f) => ({ f, distance: editDistance(typed, f.id.slice(0, typed.length)) }))
    .filter((s) => s.distance <= allowed)
    .sort((a, b) => a.distance - b.distance || (a.f.id < b.f.id ? -1 : 1));
  return scored.slice(0, 5).map((s) => s.f);
}

function ruleOf(ruleId: string, report: LintReport): { rule?: ExplainedRule } {
  const meta = ruleCatalog().find((m) => m.id === ruleId);
  if (!meta) return {};
  const shown = report.rules.find((r) => r.id === ruleId);
  return {
    rule: {
      id: meta.id,
      title: shown?.title ?? meta.title[report.lang],
      description: shown?.description ?? meta.description[report.lang],
      severity: meta.severity,
      references: meta.references,
      ...(RULES.some((r) => r.meta.id === ruleId) ? { docs: `rules/${ruleId}/README.md` } : {}),
    },
  };
}

// --- Exceptions and findings -------------------------------------------------------------------------

/** The exceptions whose scope holds the packet, those that excused the finding's flow, and the one it is about. */
function explainExceptions(context: Context, packet: Packet | undefined, policy: readonly PolicyJudgement[], excusedFinding: readonly string[], subjects: readonly string[]): ExplainedException[] {
  const judged = policy.find((p) => p.outcome === 'violation' || p.outcome === 'excepted');
  const allowed = policy.length > 0 && policy.every((p) => p.outcome !== 'violation' && p.outcome !== 'excepted' && p.outcome !== 'stopped');
  return context.model.exceptions.flatMap((exception): ExplainedException[] => {
    const covers = packet !== undefined && exception.scope.contains(packet);
    if (!covers && !excusedFinding.includes(exception.id) && !subjects.includes(exception.id)) return [];
    const report = context.report.exceptions.find((e) => e.id === exception.id)!;
    const effect: ExplainedException['effect'] = subjects.includes(exception.id)
      ? 'subject'
      : judged?.exceptions?.includes(exception.id) && covers
        ? 'excuses'
        : excusedFinding.includes(exception.id)
          ? 'excused-finding'
          : report.status === 'expired'
            ? 'expired'
            : report.status === 'not-pinned'
              ? 'void'
              : judged && judged.rule !== undefined && judged.rule !== exception.rule
                ? 'other-rule'
                : judged && judged.cell.verdict !== 'declared' && judged.cell.verdict !== 'pinned'
                  ? 'forbidden'
                  : allowed
                    ? 'not-needed'
                    : 'other-rule';
    return [{
      id: report.id,
      rule: report.rule,
      status: report.status,
      reason: report.reason,
      approvedBy: report.approvedBy,
      expires: report.expires,
      ...(report.location ? { location: report.location } : {}),
      coversPacket: covers,
      effect,
    }];
  });
}

/**
 * The findings whose flow holds the packet: those of the rule that judges it, between its zones (and through
 * the same relays); of several, those whose traffic summary does not leave the packet out.
 */
function flowFindingsOf(findings: readonly Finding[], policy: readonly PolicyJudgement[], packet: Packet): Finding[] {
  const out: Finding[] = [];
  for (const judgement of policy) {
    if (judgement.outcome !== 'violation' || !judgement.rule) continue;
    const candidates = findings.filter((f) =>
      f.ruleId === judgement.rule &&
      f.flow !== undefined &&
      f.flow.from === judgement.from.zone &&
      f.flow.to.split(', ').includes(judgement.to.zone) &&
      f.flow.via.join('\u0000') === (judgement.relays ?? []).join('\u0000'),
    );
    const holding = candidates.filter((f) => summaryMayHold(f, packet));
    for (const f of holding.length > 0 ? holding : candidates) if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** The findings at the places of the rules that decide the packet on its delivering paths. */
function ruleFindingsOf(context: Context, legs: readonly QueryAnswer[], explained?: Finding): Finding[] {
  const places = new Set(
    legs.flatMap((leg) => leg.paths.filter((p) => p.delivered).flatMap((p) => p.hops))
      .filter((h) => h.kind === 'firewall' && h.rule !== 'default' && h.location)
      .map((h) => `${h.location!.file}:${h.location!.line}`),
  );
  return context.report.findings.filter((f) => f !== explained && f.location && places.has(`${f.location.file}:${f.location.line}`) && f.id !== explained?.id);
}
