// `sanso query`: what each firewall on each path does with one packet.

import { witnessPacket } from '../flows/witness';
import { parseQuestion, queryPacket, type Packet } from '../flows/query';
import type { WitnessPacket } from '../core/finding';
import type { LintReport } from '../core/report';
import type { NetworkModel } from '../model/types';
import type { SourceDocument } from '../source/document';
import { assembleReport, loadModel, startRun, type Collected, type LintOptions } from './run-context';

export interface QueryOptions extends LintOptions {
  /** A single address each, and a single service such as tcp/443, udp/53 or icmp/8. */
  readonly from: string;
  readonly to: string;
  readonly service: string;
}

/** One hop of a path, with its place in the files resolved. */
export interface QueryAnswerHop {
  readonly kind: 'zone' | 'firewall' | 'link' | 'interface';
  readonly id: string;
  readonly action?: 'allow' | 'deny';
  /** The deciding rule's label ("#3 name" or "default"). */
  readonly rule?: string;
  readonly location?: { readonly file: string; readonly line: number; readonly column: number };
}

export interface QueryAnswer {
  readonly packet: WitnessPacket;
  readonly from: readonly { readonly zone: string; readonly category: string }[];
  readonly to: readonly { readonly zone: string; readonly category: string }[];
  readonly delivered: boolean;
  readonly truncated: boolean;
  readonly paths: readonly { readonly delivered: boolean; readonly hops: readonly QueryAnswerHop[] }[];
}

export interface QueryReport {
  /** Absent when the model or the question has problems (they are in `report`). */
  readonly answer?: QueryAnswer;
  readonly report: LintReport;
}

/** `sanso query`: what each firewall on each path does with one packet. */
export function query(options: QueryOptions): QueryReport {
  const { cwd, collected, config, lang } = startRun(options);
  // The model first: a bad question must not keep the model's own problems from being reported.
  const loaded = loadModel(options, cwd, collected, () => {});
  const packet = packetOf(options, collected);
  const report = assembleReport({ collected, documents: loaded.documents, config, ...(loaded.model ? { model: loaded.model } : {}), usage: [], lang });
  if (!loaded.model || !packet) return { report };
  return { answer: queryAnswer(loaded.model, loaded.documents, packet), report };
}

/** The paths of one packet through a model, with each deciding rule's place in the files. */
export function queryAnswer(model: NetworkModel, documents: readonly SourceDocument[], packet: Packet): QueryAnswer {
  const result = queryPacket(model, packet);
  const byFile = new Map(documents.map((d) => [d.file, d]));
  const zones = (ids: readonly string[]) => ids.map((zone) => ({ zone, category: model.zones.get(zone)!.category }));
  return {
    packet: witnessPacket(packet),
    from: zones(result.fromZones),
    to: zones(result.toZones),
    delivered: result.delivered,
    truncated: result.truncated,
    paths: result.paths.map((path) => ({
      delivered: path.delivered,
      hops: path.hops.map((hop): QueryAnswerHop => {
        const position = hop.origin ? byFile.get(hop.origin.file)?.locate(hop.origin.pointer) : undefined;
        return {
          kind: hop.kind,
          id: hop.id,
          ...(hop.action ? { action: hop.action } : {}),
          ...(hop.label ? { rule: hop.label } : {}),
          ...(hop.origin && position ? { location: { file: hop.origin.file, line: position.line, column: position.column } } : {}),
        };
      }),
    })),
  };
}

function packetOf(options: QueryOptions, collected: Collected): Packet | undefined {
  const packet = parseQuestion(options.from, options.to, options.service);
  if ('messageId' in packet) {
    collected.raw.push({ ruleId: 'query', severity: 'error', messageId: packet.messageId, data: packet.data });
    return undefined;
  }
  return packet;
}
