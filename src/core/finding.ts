// The vocabulary every stage shares: severities, origins (file + JSON pointer), positions and findings.
// Positions are computed from origins at report time; nothing here reads files or knows about rules.

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export type Lang = 'ja' | 'en';
export type Localized = { readonly ja: string; readonly en: string };

/** Where something was written: a file (relative to the working directory) and a JSON pointer into it. */
export interface Origin {
  readonly file: string;
  readonly pointer: string;
}

/** 1-based line and column; the end is exclusive. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface Location extends Position {
  readonly file: string;
}

/** A concrete packet, printable. For ICMP `port` holds the ICMP type; it is absent for protocols without ports. */
export interface WitnessPacket {
  readonly src: string;
  readonly dst: string;
  readonly protocol: string;
  readonly port?: number;
}

/** One hop of a path: a zone, or an edge that joined two zones (a firewall rule, a link, a shared interface). */
export interface Hop {
  readonly kind: 'zone' | 'firewall' | 'link' | 'interface' | 'relay';
  readonly id: string;
  /** For a firewall: the deciding rule ("#3 name") or "default". */
  readonly detail?: string;
  readonly origin?: Origin;
}

export interface RelatedOrigin {
  readonly origin: Origin;
  readonly label: string;
}

/** The violating traffic, summarised as readable lists. */
export interface FlowSummary {
  readonly from: string;
  readonly to: string;
  readonly fromCategory: string;
  readonly toCategory: string;
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  readonly services: readonly string[];
  /** Whether the sources are every address of the source zone, and the destinations of the destination zones. */
  readonly wholeSource: boolean;
  readonly wholeDestination: boolean;
  /** Hosts that relayed the traffic, in order (empty for a direct flow). */
  readonly via: readonly string[];
}

/** A finding before positions and wording are resolved: facts only. */
export interface RawFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly origin?: Origin;
  readonly related?: readonly RelatedOrigin[];
  readonly flow?: FlowSummary;
  readonly witness?: WitnessPacket;
  /** For relayed flows: each real packet of the chain, each allowed on its own. */
  readonly witnessHops?: readonly WitnessPacket[];
  readonly path?: readonly Hop[];
  /** Ids of the exceptions that excused part of this flow. */
  readonly exceptedBy?: readonly string[];
  /**
   * Present when the finding rests on an imported rule sanso models only approximately: it may not happen
   * on the device. The options sanso does not model, as written.
   */
  readonly possible?: readonly string[];
}

export interface RelatedLocation extends Partial<Location> {
  readonly label: string;
}

/** A finding as reported: with a message in the chosen language and resolved locations. */
export interface Finding {
  /**
   * A short, stable handle a person can type (`sanso explain ID`): the leading hex digits of the finding's
   * key (at least 8, more where two findings of one report would share them), with `.n` added when several
   * findings have the same key.
   */
  readonly id: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly messageId: string;
  readonly message: string;
  readonly data: Readonly<Record<string, string | number>>;
  readonly location?: Location;
  readonly related: readonly RelatedLocation[];
  readonly flow?: FlowSummary;
  readonly witness?: WitnessPacket;
  readonly witnessHops?: readonly WitnessPacket[];
  readonly path?: readonly (Hop & { readonly location?: Location })[];
  /** Ids of the exceptions that excused another part of the same flow. */
  readonly exceptedBy?: readonly string[];
  /** The finding may not happen on the device: it rests on a rule matching on these options, not modelled. */
  readonly possible?: readonly string[];
}

export function compareLocations(a: Partial<Location> | undefined, b: Partial<Location> | undefined): number {
  const fa = a?.file ?? '';
  const fb = b?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (a?.line ?? 0) - (b?.line ?? 0) || (a?.column ?? 0) - (b?.column ?? 0);
}

/** The one sort order of findings: file, line, column, rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareLocations(a.location, b.location) ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Fills `{{name}}` placeholders. Unknown names are left visible so a missing datum is noticed. */
export function interpolate(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = data[name];
    return value === undefined ? whole : String(value);
  });
}

/** "10.1.0.1 → 10.2.0.1 tcp/25": a witness packet as one line. */
/** "file:line:column", or the file alone when the line is not known. */
export function formatLocation(location: Partial<Location> | undefined): string {
  if (!location?.file) return '';
  return location.line ? `${location.file}:${location.line}:${location.column}` : location.file;
}

export function formatWitness(w: WitnessPacket): string {
  const port = w.port === undefined ? '' : w.protocol.startsWith('icmp') ? ` type ${w.port}` : `/${w.port}`;
  return `${w.src} → ${w.dst} ${w.protocol}${port}`;
}
