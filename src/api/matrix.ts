// `sanso matrix`: the tier matrix and the zone matrix (what crosses between each pair, the tier policy on it,
// and whether lint finds it compliant), or one firewall's service matrix (`--firewall ID --service SVC`).

import type { Location } from '../core/finding';
import type { LintReport } from '../core/report';
import { trafficMatrix, type TrafficMatrix } from '../engine/traffic-matrix';
import { formatFamilyService, parseMatrixService, serviceMatrix as familyServiceMatrix, type FamilyService } from '../flows/service-matrix';
import { zoneFlows } from '../flows/zone-flows';
import { suggest } from '../model/suggest';
import { lintLoaded } from './lint';
import { assembleReport, loadModel, startRun, type LintOptions } from './run-context';

export type { MatrixCell, MatrixPolicy, MatrixStatus, TrafficMatrix } from '../engine/traffic-matrix';

export interface MatrixAnswer extends TrafficMatrix {
  readonly organization?: string;
  readonly model: string;
  readonly edition: string;
}

export interface MatrixReport {
  /** Absent when the model has problems (they are in `report`). */
  readonly matrix?: MatrixAnswer;
  /** The lint run the compliance is read from (its findings after inline suppressions), or the input problems. */
  readonly report: LintReport;
}

/** The tier matrix and the zone matrix of a model, with the compliance of each pair from one lint run. */
export function matrix(options: LintOptions): MatrixReport {
  const { cwd, collected, config, lang } = startRun(options);
  const loaded = loadModel(options, cwd, collected, () => {});
  if (!loaded.model) return { report: assembleReport({ collected, documents: loaded.documents, config, usage: [], lang }) };
  const model = loaded.model;
  const { report, usage, suppressed } = lintLoaded({ collected, ...loaded, config, lang, inlineConfig: options.inlineConfig !== false });
  if (report.summary.inputErrors > 0 || !report.audit) return { report };
  const matrices = trafficMatrix({ model, flows: zoneFlows(model), audit: report.audit, findings: report.findings, suppressed, exceptionUsage: usage });
  return {
    matrix: { ...(model.organization ? { organization: model.organization } : {}), model: model.model, edition: model.edition, ...matrices },
    report,
  };
}

export interface ServiceMatrixOptions extends LintOptions {
  /** The firewall whose rules alone are looked at. */
  readonly firewall: string;
  /** One service: one protocol and one port or ICMP type, e.g. tcp/22, udp/53, icmp/8. */
  readonly service: string;
}

/** One address family's classes and edges. */
export interface ServiceMatrixFamily {
  readonly family: 4 | 6;
  /** The service in this family, e.g. "tcp/22", "icmp type 8". */
  readonly service: string;
  /** Classes of addresses with identical access, ordered by lowest address; `id` is v4-1, v4-2, … (v6-… for IPv6). */
  readonly classes: readonly { readonly id: string; readonly ranges: readonly string[]; readonly size: string }[];
  /** Allowed pairs of classes: every address of `from` may open the service to every address of `to`. */
  readonly edges: readonly { readonly from: string; readonly to: string }[];
}

export interface ServiceMatrixAnswer {
  readonly firewall: string;
  readonly service: string;
  readonly defaultAction: 'allow' | 'deny';
  /** Enabled rules looked at. */
  readonly rules: number;
  /** The families the service exists in (tcp/22: both; icmp/8: IPv4 only). */
  readonly families: readonly ServiceMatrixFamily[];
  /**
   * The firewall's imported rules sanso models only approximately (`may-accept`: taken as matching all their
   * other matches take; `ignored`: taken as matching nothing), so the matrix may differ on the device.
   */
  readonly approximated: readonly { readonly options: readonly string[]; readonly effect: 'may-accept' | 'ignored'; readonly location?: Pick<Location, 'file' | 'line' | 'column'> }[];
}

export interface ServiceMatrixReport {
  /** Absent when the model or the request has problems (they are in `report`). */
  readonly answer?: ServiceMatrixAnswer;
  readonly report: LintReport;
}

/** One firewall's service matrix: the address classes of identical access for one service, and the allowed edges between them. */
export function serviceMatrix(options: ServiceMatrixOptions): ServiceMatrixReport {
  const { cwd, collected, config, lang } = startRun(options);
  // The model first: it is built only while no problem has been collected, and every problem is reported at once.
  const loaded = loadModel(options, cwd, collected, () => {});
  const parsed = parseMatrixService(options.service);
  if ('detail' in parsed) collected.raw.push({ ruleId: 'matrix', severity: 'error', messageId: 'bad-service', data: { service: options.service, detail: parsed.detail } });
  const firewall = loaded.model?.firewalls.get(options.firewall);
  if (loaded.model && !firewall) {
    collected.raw.push({ ruleId: 'matrix', severity: 'error', messageId: 'unknown-firewall', data: { firewall: options.firewall, hint: suggest(options.firewall, loaded.model.firewalls.keys()) ?? '' } });
  }
  const report = assembleReport({ collected, documents: loaded.documents, config, ...(loaded.model ? { model: loaded.model } : {}), usage: [], lang });
  if (!firewall || 'detail' in parsed || report.summary.inputErrors > 0) return { report };
  const byFile = new Map(loaded.documents.map((d) => [d.file, d]));
  const families = parsed.map((service: FamilyService): ServiceMatrixFamily => {
    const computed = familyServiceMatrix(firewall, service);
    const id = (i: number): string => `v${service.family}-${i + 1}`;
    return {
      family: service.family,
      service: formatFamilyService(service),
      classes: computed.classes.map((c, i) => ({ id: id(i), ranges: c.ranges, size: c.addresses.size().toString() })),
      edges: computed.edges.map(([from, to]) => ({ from: id(from), to: id(to) })),
    };
  });
  const answer: ServiceMatrixAnswer = {
    firewall: firewall.id,
    service: options.service,
    defaultAction: firewall.defaultAction,
    rules: firewall.rules.filter((r) => r.enabled).length,
    families,
    approximated: (firewall.approximations ?? []).map((a) => {
      const position = byFile.get(a.origin.file)?.locate(a.origin.pointer);
      return { options: a.options, effect: a.effect, ...(position ? { location: { file: a.origin.file, line: position.line, column: position.column } } : {}) };
    }),
  };
  return { answer, report };
}
