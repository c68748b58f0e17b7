// Builds the network model from schema-valid documents: merges files, resolves every reference
// (zones, hosts, address and service objects) into sets, computes zone ownership by longest prefix,
// and collects every problem it meets (duplicate ids, unknown names, cycles, bad addresses) as diagnostics.

import type { Origin, RawFinding } from '../core/finding';
import { AddressIndex } from '../net/address-index';
import { IntervalSet } from '../net/interval-set';
import { parseAddressTerm, type Family } from '../net/ip';
import { IpSet } from '../net/ip-set';
import { PacketSpace } from '../net/packet-space';
import { parsePortTerm, ServicePorts, type ServiceTerm } from '../net/service';
import { encodePointer, type SourceDocument } from '../source/document';
import { importedFilePath, importsOf } from '../source/imports';
import { IMPORT_FORMATS, importFirewall, type ImportFormat } from './imported-rules';
import { BUILTIN_SERVICES, builtinServicePorts, ROLE_DEFAULT_SERVICES, type HostRole } from './service-catalog';
import { suggest } from './suggest';
import {
  LATEST_EDITION,
  type Action,
  type AddressMatch,
  type Category,
  type Edition,
  type Exception,
  type Firewall,
  type FirewallRule,
  type GuidelineModel,
  type Host,
  type Link,
  type NamedObject,
  type NetworkBlock,
  type NetworkModel,
  type ServiceMatch,
  type Zone,
} from './types';

type Json = Record<string, unknown>;
type Entry<T = Json> = { id: string; value: T; origin: Origin; doc: SourceDocument };

export interface BuildResult {
  readonly model: NetworkModel;
  readonly diagnostics: readonly RawFinding[];
}

const ADDRESS_LIKE = /^[0-9a-fA-F:.]+(\/\d*)?(-[0-9a-fA-F:.]+)?$/;

/** Where a problem is reported: an origin, or a way to make it (built only when there is a problem). */
type Place = Origin | (() => Origin);

function at(doc: SourceDocument, ...segments: (string | number)[]): Origin {
  return { file: doc.file, pointer: encodePointer(segments) };
}

/** The cache key of a match (a term or a list of terms), as `list` would read it. */
function matchKey(value: unknown): string {
  if (typeof value === 'string') return value;
  // Most lists hold one term: its own string is the key (no copy, and its hash is kept for the next lookup).
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return list(value).join('\u0000');
}

/** A value written as one term or a list of terms, as a list of strings (a list of strings as it was read, not copied). */
function list(value: unknown): readonly string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [String(value)];
  return value.every((item) => typeof item === 'string') ? (value as string[]) : value.map(String);
}

/** `imported`: the vendor files the documents import, read (see `readImportedFiles`). */
export function buildModel(documents: readonly SourceDocument[], today: string, imported: readonly SourceDocument[] = []): BuildResult {
  const diagnostics: RawFinding[] = [];
  const byFile = new Map(documents.map((d) => [d.file, d]));
  /** file:line:column of an origin, for messages that name a second place. */
  const where = (origin: Origin): string => {
    const position = byFile.get(origin.file)?.locate(origin.pointer);
    return position ? `${origin.file}:${position.line}:${position.column}` : origin.file;
  };
  const problem = (ruleId: string, messageId: string, origin: Place, data: Record<string, string | number> = {}): void => {
    diagnostics.push({ ruleId, severity: 'error', messageId, data, origin: typeof origin === 'function' ? origin() : origin });
  };

  // 1. Settings that must agree across files.
  const settings = new Map<string, { value: string; origin: Origin }>();
  for (const doc of documents) {
    const data = doc.data as Json;
    for (const key of ['organization', 'model', 'edition']) {
      if (data[key] === undefined) continue;
      const value = String(data[key]);
      const origin = at(doc, key);
      const seen = settings.get(key);
      if (seen && seen.value !== value) {
        problem('duplicate-id', 'conflicting-setting', origin, { key, value, other: seen.value, otherAt: where(seen.origin) });
      } else if (!seen) settings.set(key, { value, origin });
    }
  }

  // 2. Sections merged across files; zones, hosts and address objects share one namespace.
  const collect = (section: string, namespace: Map<string, Entry>): Entry[] => {
    const entries: Entry[] = [];
    for (const doc of documents) {
      const object = (doc.data as Json)[section] as Record<string, Json> | undefined;
      if (!object) continue;
      for (const [id, value] of Object.entries(object)) {
        const entry: Entry = { id, value: (value ?? {}) as Json, origin: at(doc, section, id), doc };
        const previous = namespace.get(id);
        if (previous) {
          problem('duplicate-id', 'duplicate-id', entry.origin, { id, otherAt: where(previous.origin) });
          continue;
        }
        namespace.set(id, entry);
        entries.push(entry);
      }
    }
    return entries;
  };
  const names = new Map<string, Entry>();
  const zoneEntries = collect('zones', names);
  const hostEntries = collect('hosts', names);
  const addressEntries = collect('addresses', names);
  const serviceEntries = collect('services', new Map());
  for (const entry of serviceEntries) {
    const builtin = BUILTIN_SERVICES[entry.id];
    if (builtin) problem('duplicate-id', 'builtin-service', entry.origin, { id: entry.id, ports: builtin.join(', ') });
  }
  const firewallEntries = collect('firewalls', new Map());
  const kindOf = new Map<string, 'zone' | 'host' | 'address'>();
  zoneEntries.forEach((e) => kindOf.set(e.id, 'zone'));
  hostEntries.forEach((e) => kindOf.set(e.id, 'host'));
  addressEntries.forEach((e) => kindOf.set(e.id, 'address'));

  // 3. Literal address terms.
  const literal = (term: string, origin: Place): IpSet | undefined => {
    const parsed = parseAddressTerm(term);
    if ('error' in parsed) {
      problem('invalid-address', 'invalid-address', origin, { term, detail: parsed.error });
      return undefined;
    }
    return IpSet.of(parsed.family, parsed.lo, parsed.hi);
  };

  // 4. Zones and ownership by longest prefix.
  const zoneNetworks = new Map<string, NetworkBlock[]>();
  for (const entry of zoneEntries) {
    const pieces: NetworkBlock[] = [];
    list(entry.value.networks).forEach((term, i) => {
      const origin = at(entry.doc, 'zones', entry.id, 'networks', i);
      const parsed = parseAddressTerm(term);
      if ('error' in parsed) problem('invalid-address', 'invalid-address', origin, { term, detail: parsed.error });
      else pieces.push({ family: parsed.family, lo: parsed.lo, hi: parsed.hi, term, origin });
    });
    zoneNetworks.set(entry.id, pieces);
  }
  const owned = ownByLongestPrefix(zoneNetworks);
  const zones = new Map<string, Zone>();
  for (const entry of zoneEntries) {
    const v = entry.value;
    const category: Category = v.tier ? (String(v.tier) as Category) : (`ext:${String(v.external)}` as Category);
    const pieces = zoneNetworks.get(entry.id) ?? [];
    zones.set(entry.id, {
      id: entry.id,
      category,
      networks: pieces.reduce((s, p) => s.union(IpSet.of(p.family, p.lo, p.hi)), IpSet.EMPTY),
      blocks: pieces,
      own: owned.get(entry.id) ?? IpSet.EMPTY,
      ...(v.description !== undefined ? { description: String(v.description) } : {}),
      origin: entry.origin,
    });
  }
  const zoneIndex = new AddressIndex<Zone>();
  for (const zone of zones.values()) zoneIndex.add(zone, zone.own);
  const zoneOfAddress = (family: Family, value: bigint): Zone[] =>
    zoneIndex.candidates(IpSet.of(family, value, value)).filter((z) => z.own.contains(family, value));

  // Which objects refer to which, and which are named directly by rules, exceptions and hosts.
  const objectRefs = { address: new Map<string, Set<string>>(), service: new Map<string, Set<string>>() };
  // Named directly, per kind (rules name objects again and again: the keys `kind:name` are made once, at the end).
  const namedDirectly = { address: new Set<string>(), service: new Set<string>() };
  const noteUse = (kind: 'address' | 'service', term: string, stack: readonly string[]): void => {
    const user = stack[stack.length - 1];
    if (user === undefined) namedDirectly[kind].add(term);
    else if (user !== term) {
      const refs = objectRefs[kind].get(user) ?? new Set<string>();
      refs.add(term);
      objectRefs[kind].set(user, refs);
    }
  };

  // 5. Service objects, resolved recursively with cycle detection.
  const serviceById = new Map(serviceEntries.map((e) => [e.id, e]));
  const serviceCache = new Map<string, { terms: ServiceTerm[]; pinned: boolean } | null>();
  // Rules write the same built-in names and port terms again and again: each is parsed once (successes only,
  // so a bad term is reported at every place it is written).
  const literalServices = new Map<string, { terms: ServiceTerm[]; pinned: boolean }>();
  const resolveServiceTerm = (term: string, origin: Place, stack: string[], use = true): { terms: ServiceTerm[]; pinned: boolean } | null => {
    const named = serviceById.get(term);
    if (named) {
      if (use) noteUse('service', term, stack);
      if (stack.includes(term)) {
        problem('reference-cycle', 'service-cycle', origin, { cycle: [...stack.slice(stack.indexOf(term)), term].join(' → ') });
        return null;
      }
      const cached = serviceCache.get(term);
      if (cached !== undefined) return cached;
      const members = list(named.value as unknown);
      const terms: ServiceTerm[] = [];
      let pinned = true;
      let failed = false;
      members.forEach((m, i) => {
        const r = resolveServiceTerm(m, () => at(named.doc, 'services', term, i), [...stack, term]);
        if (!r) failed = true;
        else {
          terms.push(...r.terms);
          pinned &&= r.pinned;
        }
      });
      const result = failed ? null : { terms, pinned };
      serviceCache.set(term, result);
      return result;
    }
    const known = literalServices.get(term);
    if (known) return known;
    const builtin = BUILTIN_SERVICES[term];
    const parts = builtin ?? [term];
    const terms: ServiceTerm[] = [];
    let pinned = true;
    for (const part of parts) {
      const parsed = parsePortTerm(part);
      if ('error' in parsed) {
        if (/^[a-z][a-z0-9-]*$/i.test(term) && !term.includes('/')) {
          const hint = suggest(term, [...serviceById.keys(), ...Object.keys(BUILTIN_SERVICES)]);
          problem('undefined-reference', 'unknown-service', origin, { name: term, hint: hint ?? '' });
        } else problem('invalid-service', 'invalid-service', origin, { term, detail: parsed.error });
        return null;
      }
      terms.push(...parsed);
      for (const t of parsed) pinned &&= t.proto.size() === 1n && t.port.size() === 1n;
    }
    const result = { terms, pinned };
    literalServices.set(term, result);
    return result;
  };
  const serviceMatches = new Map<string, ServiceMatch>();
  /** The services a rule or host writes under `key` of the entry at `base` (the path is built only when resolved). */
  const serviceMatch = (value: unknown, doc: SourceDocument, base: readonly (string | number)[], key: string): ServiceMatch | null => {
    const known = serviceMatches.get(matchKey(value));
    if (known) return known;
    const path = [...base, key];
    const result = resolveServiceMatch(value, () => at(doc, ...path), doc, path);
    if (result) serviceMatches.set(matchKey(value), result);
    return result;
  };
  const resolveServiceMatch = (value: unknown, base: Place, doc: SourceDocument, path: readonly (string | number)[]): ServiceMatch | null => {
    const raw = list(value);
    if (raw.length === 0 || raw.includes('any')) return { ports: ServicePorts.ANY, any: true, pinned: false, terms: raw.length ? raw : ['any'] };
    let terms: ServiceTerm[] = [];
    let pinned = true;
    let failed = false;
    raw.forEach((term, i) => {
      const origin = Array.isArray(value) ? () => at(doc, ...path, i) : base;
      const r = resolveServiceTerm(term, origin, []);
      if (!r) failed = true;
      else {
        terms = terms.concat(r.terms);
        pinned &&= r.pinned;
      }
    });
    if (failed) return null;
    const ports = ServicePorts.fromTerms(terms);
    return { ports, any: ports.equals(ServicePorts.ANY), pinned, terms: raw };
  };

  // 6. Address objects and references from rules, recursively with cycle detection.
  const hostAddresses = new Map<string, IpSet>();
  for (const entry of hostEntries) {
    let set = IpSet.EMPTY;
    list(entry.value.addresses).forEach((term, i) => {
      const s = literal(term, () => at(entry.doc, 'hosts', entry.id, 'addresses', i));
      if (s) set = set.union(s);
    });
    hostAddresses.set(entry.id, set);
  }
  // Rules write the same terms again and again: each is resolved once, looked up in one table. Literals are
  // kept when they parse (a bad one is reported at every place it is written); an address object is kept
  // either way (its problems are reported once, where it is defined).
  const resolvedTerms = new Map<string, { readonly object: boolean; readonly result: { set: IpSet; pinned: boolean } | null }>();
  const resolveAddressTerm = (term: string, origin: Place, stack: string[], use = true): { set: IpSet; pinned: boolean } | null => {
    const known = resolvedTerms.get(term);
    if (known) {
      if (known.object && use) noteUse('address', term, stack);
      return known.result;
    }
    const kind = kindOf.get(term);
    if (kind === 'address' && use) noteUse('address', term, stack);
    if (kind === 'zone' || kind === 'host') {
      // A host is pinned when each of its addresses is a single address (/32, /128), not a block or range.
      const set = kind === 'zone' ? zones.get(term)!.own : (hostAddresses.get(term) ?? IpSet.EMPTY);
      const result = { set, pinned: kind === 'host' && onlySingleAddresses(set) };
      resolvedTerms.set(term, { object: false, result });
      return result;
    }
    if (kind === 'address') {
      // Not resolved yet, so on the stack only when it refers back to itself.
      if (stack.includes(term)) {
        problem('reference-cycle', 'address-cycle', origin, { cycle: [...stack.slice(stack.indexOf(term)), term].join(' → ') });
        return null;
      }
      const entry = names.get(term)!;
      let set = IpSet.EMPTY;
      let pinned = true;
      let failed = false;
      list(entry.value as unknown).forEach((m, i) => {
        const r = resolveAddressTerm(m, () => at(entry.doc, 'addresses', term, i), [...stack, term]);
        if (!r) failed = true;
        else {
          set = set.union(r.set);
          pinned &&= r.pinned;
        }
      });
      const result = failed ? null : { set, pinned };
      resolvedTerms.set(term, { object: true, result });
      return result;
    }
    if (term === 'any') return { set: IpSet.ANY, pinned: false };
    if (ADDRESS_LIKE.test(term) && /[.:]/.test(term)) {
      const set = literal(term, origin);
      if (!set) return null;
      const result = { set, pinned: set.size() === 1n };
      resolvedTerms.set(term, { object: false, result });
      return result;
    }
    const hint = suggest(term, [...kindOf.keys()]);
    problem('undefined-reference', 'unknown-address', origin, { name: term, hint: hint ?? '' });
    return null;
  };
  // Rules name the same objects again and again: a list of terms resolved once is reused (successes only,
  // so a failing term is reported at every place it is written).
  const addressMatches = new Map<string, AddressMatch>();
  /** The addresses a rule writes under `key` of the entry at `base` (the path is built only when resolved). */
  const addressMatch = (value: unknown, doc: SourceDocument, base: readonly (string | number)[], key: string): AddressMatch | null => {
    const known = addressMatches.get(matchKey(value));
    if (known) return known;
    const result = resolveAddressMatch(value, doc, [...base, key]);
    if (result) addressMatches.set(matchKey(value), result);
    return result;
  };
  const resolveAddressMatch = (value: unknown, doc: SourceDocument, path: readonly (string | number)[]): AddressMatch | null => {
    const raw = list(value);
    if (raw.length === 0 || raw.includes('any')) return { set: IpSet.ANY, any: true, pinned: false, terms: raw.length ? raw : ['any'] };
    let set = IpSet.EMPTY;
    let pinned = true;
    let failed = false;
    raw.forEach((term, i) => {
      const origin = Array.isArray(value) ? () => at(doc, ...path, i) : () => at(doc, ...path);
      const r = resolveAddressTerm(term, origin, []);
      if (!r) failed = true;
      else {
        set = set.union(r.set);
        pinned &&= r.pinned;
      }
    });
    return failed ? null : { set, any: set.equals(IpSet.ANY), pinned, terms: raw };
  };
  for (const entry of addressEntries) resolveAddressTerm(entry.id, entry.origin, [], false);
  for (const entry of serviceEntries) resolveServiceTerm(entry.id, entry.origin, [], false);

  const zoneRef = (id: string, origin: Place): boolean => {
    if (zones.has(id)) return true;
    problem('undefined-reference', 'unknown-zone', origin, { name: id, hint: suggest(id, [...zones.keys()]) ?? '' });
    return false;
  };

  // 7. Hosts.
  const hosts = new Map<string, Host>();
  for (const entry of hostEntries) {
    const v = entry.value;
    zoneRef(String(v.zone), () => at(entry.doc, 'hosts', entry.id, 'zone'));
    const addresses = hostAddresses.get(entry.id) ?? IpSet.EMPTY;
    const role = v.role === undefined ? undefined : (String(v.role) as HostRole);
    let services: ServicePorts | undefined;
    if (v.services !== undefined) {
      services = serviceMatch(v.services, entry.doc, ['hosts', entry.id], 'services')?.ports;
    } else if (role) {
      services = builtinServicePorts(ROLE_DEFAULT_SERVICES[role]);
    }
    const memberZones = new Set<string>();
    for (const family of [4, 6] as const) {
      // Every address of a host is expected to be a handful; ranges are sampled at their ends. The host's set
      // lives as long as the model: its intervals are read without being kept.
      addresses.family(family).forEachInterval((lo, hi) => {
        for (const value of lo === hi ? [lo] : [lo, hi]) for (const z of zoneOfAddress(family, value)) memberZones.add(z.id);
      });
    }
    const zoneIds = [...memberZones].sort();
    hosts.set(entry.id, {
      id: entry.id,
      zone: String(v.zone),
      addresses,
      ...(role ? { role } : {}),
      ...(services ? { services } : {}),
      categories: [...new Set(zoneIds.map((z) => zones.get(z)!.category))].sort(),
      zones: zoneIds,
      ...(v.description !== undefined ? { description: String(v.description) } : {}),
      origin: entry.origin,
    });
  }

  // 8. Firewalls.
  const firewalls = new Map<string, Firewall>();
  for (const entry of firewallEntries) {
    const v = entry.value;
    const interfaces = Object.entries((v.interfaces ?? {}) as Record<string, unknown>).map(([name, zs]) => {
      const zoneIds = list(zs).filter((z, i) => zoneRef(z, at(entry.doc, 'firewalls', entry.id, 'interfaces', name, i)));
      return { name, zones: zoneIds, origin: at(entry.doc, 'firewalls', entry.id, 'interfaces', name) };
    });
    const rules: FirewallRule[] = [];
    if (v.import !== undefined) {
      if (v.rules !== undefined) problem('import-error', 'rules-and-import', at(entry.doc, 'firewalls', entry.id, 'rules'));
      const vendor = new Map(imported.map((d) => [d.file, d]));
      const sources = importsOf(entry.doc)
        .filter((i) => i.firewall === entry.id)
        .map(({ spec, pointer }) => {
          const document = vendor.get(importedFilePath(entry.doc.file, String(spec.file)));
          return {
            format: String(spec.format) as ImportFormat,
            ...(document ? { document } : {}),
            table: spec.table === undefined ? 'filter' : String(spec.table),
            chain: spec.chain === undefined ? 'FORWARD' : String(spec.chain),
            origin: { file: entry.doc.file, pointer },
          };
        })
        .filter((source) => Object.hasOwn(IMPORT_FORMATS, source.format));
      const result = importFirewall(entry.id, sources, interfaces, zones, (messageId, origin, data) => problem('import-error', messageId, origin, data));
      firewalls.set(entry.id, {
        id: entry.id,
        interfaces,
        defaultAction: result.defaultAction,
        rules: result.rules,
        ...(v.description !== undefined ? { description: String(v.description) } : {}),
        origin: entry.origin,
        defaultOrigin: result.defaultOrigin,
        approximations: result.approximations,
      });
      continue;
    }
    // Where the firewall's rules are written: each rule's origin is made from it when asked for.
    const rulesAt: Origin = { file: entry.doc.file, pointer: encodePointer(['firewalls', entry.id, 'rules']) };
    ((v.rules ?? []) as Json[]).forEach((r, index) => {
      const base = ['firewalls', entry.id, 'rules', index];
      const from = addressMatch(r.from, entry.doc, base, 'from');
      const to = addressMatch(r.to, entry.doc, base, 'to');
      const services = serviceMatch(r.services, entry.doc, base, 'services');
      if (!from || !to || !services) return;
      rules.push(
        new WrittenRule(
          entry.id,
          index,
          r.name !== undefined ? String(r.name) : undefined,
          from,
          to,
          services,
          String(r.action) as Action,
          r.enabled !== false,
          r.log === true,
          r.comment !== undefined ? String(r.comment) : undefined,
          PacketSpace.fromRule(from.set, to.set, services.ports),
          rulesAt,
        ),
      );
    });
    firewalls.set(entry.id, {
      id: entry.id,
      interfaces,
      defaultAction: v.default === 'allow' ? 'allow' : 'deny',
      rules,
      ...(v.description !== undefined ? { description: String(v.description) } : {}),
      origin: entry.origin,
      defaultOrigin: v.default !== undefined ? at(entry.doc, 'firewalls', entry.id, 'default') : entry.origin,
    });
  }

  // 9. Links.
  const links: Link[] = [];
  for (const doc of documents) {
    ((doc.data as Json).links as unknown[] | undefined)?.forEach((item, i) => {
      const ids = list(item).filter((z, j) => zoneRef(z, at(doc, 'links', i, j)));
      links.push({ zones: ids, origin: at(doc, 'links', i) });
    });
  }

  // 10. Exceptions.
  const exceptions: Exception[] = [];
  let position = 0;
  for (const doc of documents) {
    ((doc.data as Json).exceptions as Json[] | undefined)?.forEach((e, i) => {
      position += 1;
      const base = ['exceptions', i];
      const from = addressMatch(e.from, doc, base, 'from');
      const to = addressMatch(e.to, doc, base, 'to');
      const services = serviceMatch(e.services, doc, base, 'services');
      if (!from || !to || !services) return;
      const expires = String(e.expires);
      exceptions.push({
        id: e.id !== undefined ? String(e.id) : `EX${position}`,
        rule: String(e.rule),
        from,
        to,
        services,
        scope: PacketSpace.fromRule(from.set, to.set, services.ports),
        reason: String(e.reason),
        approvedBy: String(e['approved-by']),
        expires,
        expired: expires < today,
        origin: at(doc, ...base),
      });
    });
  }

  const namedObjects = (kind: 'address' | 'service', entries: readonly Entry[]): Map<string, NamedObject> =>
    new Map(entries.map((e) => [e.id, { id: e.id, kind, origin: e.origin, references: [...(objectRefs[kind].get(e.id) ?? [])].sort() }]));
  const model: NetworkModel = {
    ...(settings.has('organization') ? { organization: settings.get('organization')!.value } : {}),
    model: (settings.get('model')?.value ?? 'alpha') as GuidelineModel,
    edition: (settings.get('edition')?.value ?? LATEST_EDITION) as Edition,
    today,
    zones,
    hosts,
    firewalls,
    links,
    exceptions,
    objects: { address: namedObjects('address', addressEntries), service: namedObjects('service', serviceEntries) },
    usedObjects: new Set((['address', 'service'] as const).flatMap((kind) => [...namedDirectly[kind]].map((name) => `${kind}:${name}`))),
    files: documents.map((d) => d.file),
  };
  return { model, diagnostics };
}


/**
 * A rule written in the model. Its origin is made when asked for (for a finding or a path), from where the
 * firewall's rules are written and the rule's position: a rule base of 100k rules would otherwise hold an
 * origin and a pointer string per rule for the whole run, though only the reported rules need one.
 */
class WrittenRule implements FirewallRule {
  constructor(
    readonly firewall: string,
    readonly index: number,
    // One shape for every rule (absent texts are undefined).
    readonly name: string | undefined,
    readonly from: AddressMatch,
    readonly to: AddressMatch,
    readonly services: ServiceMatch,
    readonly action: Action,
    readonly enabled: boolean,
    readonly log: boolean,
    readonly comment: string | undefined,
    readonly space: PacketSpace,
    private readonly rulesAt: Origin,
  ) {}

  get origin(): Origin {
    return { file: this.rulesAt.file, pointer: `${this.rulesAt.pointer}/${this.index}` };
  }
}

/**
 * Each address belongs to the zone whose declared block containing it is the smallest (longest prefix).
 * Blocks of equal size in two zones both claim the overlap; the address-plan checks report that.
 */
export function ownByLongestPrefix(networks: ReadonlyMap<string, readonly { family: Family; lo: bigint; hi: bigint }[]>): Map<string, IpSet> {
  const pieces = [...networks].flatMap(([zone, ps]) => ps.map((p) => ({ zone, ...p, size: p.hi - p.lo })));
  const result = new Map<string, IpSet>();
  for (const family of [4, 6] as const) {
    const fam = pieces.filter((p) => p.family === family).sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
    for (const p of fam) {
      // The smaller blocks of other zones inside it are taken out at once (a zone of 0.0.0.0/0 holds them all).
      const smaller: IntervalSet[] = [];
      for (const q of fam) {
        if (q.lo > p.hi) break;
        if (q.zone !== p.zone && q.size < p.size && q.hi >= p.lo) smaller.push(IntervalSet.of(q.lo, q.hi));
      }
      const block = IntervalSet.of(p.lo, p.hi).difference(IntervalSet.unionAll(smaller));
      const previous = result.get(p.zone) ?? IpSet.EMPTY;
      result.set(p.zone, previous.union(family === 4 ? IpSet.from(block, IntervalSet.EMPTY) : IpSet.from(IntervalSet.EMPTY, block)));
    }
  }
  return result;
}

function onlySingleAddresses(set: IpSet): boolean {
  // Every interval holds one address exactly when there are as many addresses as intervals.
  return !set.isEmpty() && set.size() === BigInt(set.v4.intervalCount + set.v6.intervalCount);
}
