// The network model: zones grouped into tiers, hosts, firewalls with ordered rules, links and exceptions,
// every reference resolved to address and packet sets, every entity keeping the origin it was written at.

import type { Origin } from '../core/finding';
import type { IpSet } from '../net/ip-set';
import type { PacketSpace } from '../net/packet-space';
import type { ServicePorts } from '../net/service';
import type { HostRole } from './service-catalog';

export type Tier = 'mynumber' | 'lgwan' | 'internet';
export type ExternalKind = 'internet' | 'security-cloud' | 'lgwan' | 'juki' | 'gov-cloud' | 'other';
/** A tier of the body's own network, or an outside network (`ext:` prefix). */
export type Category = Tier | `ext:${ExternalKind}`;
export type GuidelineModel = 'alpha' | 'alpha-prime' | 'beta' | 'beta-prime';
export type Edition = 'H30.9' | 'R2.12' | 'R4.3' | 'R5.3' | 'R6.10' | 'R7.3';
export const EDITIONS: readonly Edition[] = ['H30.9', 'R2.12', 'R4.3', 'R5.3', 'R6.10', 'R7.3'];
export const LATEST_EDITION: Edition = 'R7.3';
export const TIERS: readonly Tier[] = ['mynumber', 'lgwan', 'internet'];
export const EXTERNAL_KINDS: readonly ExternalKind[] = ['internet', 'security-cloud', 'lgwan', 'juki', 'gov-cloud', 'other'];

/** One entry of a zone's `networks`, as written. */
export interface NetworkBlock {
  readonly family: 4 | 6;
  readonly lo: bigint;
  readonly hi: bigint;
  readonly term: string;
  readonly origin: Origin;
}

export interface Zone {
  readonly id: string;
  readonly category: Category;
  /** Everything the zone's `networks` list. */
  readonly networks: IpSet;
  /** The zone's `networks` entries one by one, with where each is written. */
  readonly blocks: readonly NetworkBlock[];
  /** The addresses that belong to this zone: its networks minus more specific networks of other zones. */
  readonly own: IpSet;
  readonly description?: string;
  readonly origin: Origin;
}

export interface Host {
  readonly id: string;
  readonly zone: string;
  readonly addresses: IpSet;
  readonly role?: HostRole;
  /** What the host speaks: its `services`, or the default of its role; undefined when neither is given. */
  readonly services?: ServicePorts;
  /** Categories of the zones its addresses belong to (more than one: multi-homed). */
  readonly categories: readonly Category[];
  /** Zones its addresses belong to. */
  readonly zones: readonly string[];
  readonly description?: string;
  readonly origin: Origin;
}

/** A resolved match field of a rule or exception. `pinned`: only single hosts or single addresses. */
export interface AddressMatch {
  readonly set: IpSet;
  readonly any: boolean;
  readonly pinned: boolean;
  readonly terms: readonly string[];
}

/** `pinned`: only explicit single ports (no `any`, no range, no whole protocol). */
export interface ServiceMatch {
  readonly ports: ServicePorts;
  readonly any: boolean;
  readonly pinned: boolean;
  readonly terms: readonly string[];
}

export type Action = 'allow' | 'deny';

export interface FirewallRule {
  readonly firewall: string;
  /** 0-based position in the firewall's rule list. */
  readonly index: number;
  readonly name?: string;
  readonly from: AddressMatch;
  readonly to: AddressMatch;
  readonly services: ServiceMatch;
  readonly action: Action;
  readonly enabled: boolean;
  readonly log: boolean;
  readonly comment?: string;
  /** Every packet the rule matches. */
  readonly space: PacketSpace;
  readonly origin: Origin;
  /** For an imported rule: the options sanso does not model, because of which it may match more than it does. */
  readonly approximate?: readonly string[];
  /** For an imported rule: the format of the file it comes from. */
  readonly imported?: string;
}

/** An imported rule sanso could not model exactly, and what it made of it. */
export interface Approximation {
  readonly origin: Origin;
  readonly options: readonly string[];
  /** `may-accept`: taken as matching every packet its other matches take; `ignored`: taken as matching nothing. */
  readonly effect: 'may-accept' | 'ignored';
}

export interface FirewallInterface {
  readonly name: string;
  readonly zones: readonly string[];
  readonly origin: Origin;
}

export interface Firewall {
  readonly id: string;
  readonly interfaces: readonly FirewallInterface[];
  readonly defaultAction: Action;
  readonly rules: readonly FirewallRule[];
  readonly description?: string;
  readonly origin: Origin;
  /** Where the default action is written (the firewall itself when implicit). */
  readonly defaultOrigin: Origin;
  /** Imported rules sanso could not model exactly (none for native rules). */
  readonly approximations?: readonly Approximation[];
}

export interface Link {
  readonly zones: readonly string[];
  readonly origin: Origin;
}

export interface Exception {
  /** A stable id: the one written, else `EX<n>` by position. */
  readonly id: string;
  readonly rule: string;
  readonly from: AddressMatch;
  readonly to: AddressMatch;
  readonly services: ServiceMatch;
  readonly scope: PacketSpace;
  readonly reason: string;
  readonly approvedBy: string;
  readonly expires: string;
  readonly expired: boolean;
  readonly origin: Origin;
}

/** A named address or service object, with the other objects of its kind it refers to. */
export interface NamedObject {
  readonly id: string;
  readonly kind: 'address' | 'service';
  readonly origin: Origin;
  readonly references: readonly string[];
}

export interface NetworkModel {
  readonly organization?: string;
  readonly model: GuidelineModel;
  readonly edition: Edition;
  /** The day the model is judged on (YYYY-MM-DD), for exception expiry. */
  readonly today: string;
  readonly zones: ReadonlyMap<string, Zone>;
  readonly hosts: ReadonlyMap<string, Host>;
  readonly firewalls: ReadonlyMap<string, Firewall>;
  readonly links: readonly Link[];
  readonly exceptions: readonly Exception[];
  /** Named address and service objects (`addresses`, `services`), by kind then id. */
  readonly objects: { readonly address: ReadonlyMap<string, NamedObject>; readonly service: ReadonlyMap<string, NamedObject> };
  /** Objects named directly by a firewall rule, an exception or a host's services (`kind:id`). */
  readonly usedObjects: ReadonlySet<string>;
  /** Files the model was read from. */
  readonly files: readonly string[];
}
