// Reads `nft -j list ruleset` (libnftables JSON) into the same rules as iptables-save: for one address
// family, the tables of that family (and `inet` ones), their chains, and each rule's matches and verdict;
// a rule's and a chain's `line` is the index of its object in the `nftables` array (`/nftables/N`). Named sets are expanded into addresses and ports. What the
// forward hook decides is then worked out by `netfilter.ts`, base chain by base chain: a drop is final, an
// accept only ends its own base chain (the next one, by priority, still sees the packet).

import { nameTable } from '../core/name-table';
import { parseAddressTerm, type Family } from '../net/ip';
import { IpSet } from '../net/ip-set';
import { IntervalSet } from '../net/interval-set';
import { PacketSpace, PORT_UNIVERSE, PROTO_UNIVERSE } from '../net/packet-space';
import type { IptablesChain, IptablesProblem, IptablesRule, IptablesRuleset, Negatable, RuleMatch, Target } from './iptables-save';
import { flattenChain, type FlatChain, type FlatEntry, type InterfaceAddresses } from './netfilter';

type Json = Record<string, unknown>;

export interface NftProblem {
  readonly pointer: string;
  readonly messageId: IptablesProblem['messageId'] | 'not-nftables';
  readonly data: Readonly<Record<string, string>>;
}

/** One forward base chain of the family, as a ruleset of its own table. */
interface BaseChain {
  readonly ruleset: IptablesRuleset;
  readonly chain: string;
  readonly priority: number;
}

export interface NftRuleset {
  readonly family: Family;
  readonly baseChains: readonly BaseChain[];
  readonly problems: readonly NftProblem[];
}

/** Where a rule or chain of an nftables ruleset is: its object in the `nftables` array. */
export function nftPointer(index: number): string {
  return `/nftables/${index}`;
}

const PROTOCOLS: Readonly<Record<string, number>> = nameTable({ icmp: 1, tcp: 6, udp: 17, 'ipv6-icmp': 58, icmpv6: 58, sctp: 132, dccp: 33, udplite: 136, gre: 47, esp: 50, ah: 51 });
const ICMP_TYPES: Readonly<Record<string, number>> = nameTable({ 'echo-reply': 0, 'destination-unreachable': 3, 'source-quench': 4, redirect: 5, 'echo-request': 8, 'router-advertisement': 9, 'router-solicitation': 10, 'time-exceeded': 11, 'parameter-problem': 12, 'timestamp-request': 13, 'timestamp-reply': 14, 'info-request': 15, 'info-reply': 16, 'address-mask-request': 17, 'address-mask-reply': 18 });
const ICMPV6_TYPES: Readonly<Record<string, number>> = nameTable({ 'destination-unreachable': 1, 'packet-too-big': 2, 'time-exceeded': 3, 'parameter-problem': 4, 'echo-request': 128, 'echo-reply': 129, 'mld-listener-query': 130, 'mld-listener-report': 131, 'mld-listener-done': 132, 'nd-router-solicit': 133, 'nd-router-advert': 134, 'nd-neighbor-solicit': 135, 'nd-neighbor-advert': 136, 'nd-redirect': 137, 'mld2-listener-report': 143 });
const FAMILY_PAYLOAD: Readonly<Record<string, Family>> = nameTable({ ip: 4, ip6: 6 });

export function parseNftablesJson(data: unknown, family: Family): NftRuleset {
  const problems: NftProblem[] = [];
  const list = (data as Json | null)?.nftables;
  if (!Array.isArray(list)) return { family, baseChains: [], problems: [{ pointer: '', messageId: 'not-nftables', data: {} }] };
  const ours = (f: unknown): boolean => f === 'inet' || f === (family === 4 ? 'ip' : 'ip6');
  const key = (o: Json): string => `${String(o.family)}\u0000${String(o.table)}`;
  const sets = new Map<string, unknown[]>();
  const tables = new Map<string, Map<string, IptablesChain & { hook?: string; type?: string; prio?: number }>>();
  list.forEach((item, i) => {
    const set = (item as Json).set as Json | undefined;
    if (set && ours(set.family)) sets.set(`${key(set)}\u0000${String(set.name)}`, Array.isArray(set.elem) ? set.elem : []);
    // A verdict map keeps its [key, verdict] pairs like a set its elements.
    const map = (item as Json).map as Json | undefined;
    if (map && ours(map.family)) sets.set(`${key(map)}\u0000${String(map.name)}`, Array.isArray(map.elem) ? map.elem : []);
    const chain = (item as Json).chain as Json | undefined;
    if (chain && ours(chain.family)) {
      const chains = tables.get(key(chain)) ?? new Map();
      tables.set(key(chain), chains);
      const policy = chain.hook !== undefined ? (chain.policy === 'drop' ? 'DROP' : 'ACCEPT') : undefined;
      chains.set(String(chain.name), {
        name: String(chain.name),
        line: i,
        rules: [],
        ...(policy ? { policy } : {}),
        ...(typeof chain.hook === 'string' ? { hook: chain.hook } : {}),
        ...(typeof chain.type === 'string' ? { type: chain.type } : {}),
        ...(typeof chain.prio === 'number' ? { prio: chain.prio } : {}),
      });
    }
  });
  list.forEach((item, i) => {
    const rule = (item as Json).rule as Json | undefined;
    if (!rule || !ours(rule.family)) return;
    const pointer = nftPointer(i);
    const chain = tables.get(key(rule))?.get(String(rule.chain));
    if (!chain) {
      problems.push({ pointer, messageId: 'unknown-chain', data: { chain: String(rule.chain) } });
      return;
    }
    const parsed = parseRule(rule, chain.name, tables.get(key(rule))!, (name) => sets.get(`${key(rule)}\u0000${name}`), family, i, (messageId, data) => problems.push({ pointer, messageId, data }));
    for (const r of parsed ?? []) chain.rules.push({ ...r, position: chain.rules.length + 1 });
  });
  const baseChains: BaseChain[] = [];
  for (const [tableKey, chains] of tables) {
    for (const chain of chains.values()) {
      if (chain.hook !== 'forward' || (chain.type ?? 'filter') !== 'filter') continue;
      const ruleset: IptablesRuleset = { family, tables: new Map([['nft', { name: tableKey, line: 0, chains }]]), problems: [] };
      baseChains.push({ ruleset, chain: chain.name, priority: chain.prio ?? 0 });
    }
  }
  baseChains.sort((a, b) => a.priority - b.priority);
  return { family, baseChains, problems };
}

type Report = (messageId: IptablesProblem['messageId'], data: Record<string, string>) => void;

/**
 * The rules one nftables rule stands for: itself, or — with a verdict map (`vmap`) — one rule per map
 * element, each matching the map's key against that element and taking its verdict (keys are distinct,
 * so their order does not matter).
 */
function parseRule(
  rule: Json,
  chain: string,
  chains: ReadonlyMap<string, IptablesChain>,
  namedSet: (name: string) => unknown[] | undefined,
  family: Family,
  index: number,
  report: Report,
): IptablesRule[] | undefined {
  const match: { -readonly [K in keyof RuleMatch]: RuleMatch[K] } = {};
  const unmodelled: string[] = [];
  let target: Target = { kind: 'continue' };
  let never = false;
  let verdictMap: { key: unknown; elements: unknown[] } | undefined;
  let logs = false;
  const verdictOf = (statement: Json): Target | undefined => {
    const name = Object.keys(statement)[0] ?? '';
    const body = statement[name] as Json | null;
    if (name === 'accept') return { kind: 'ACCEPT' };
    if (name === 'drop') return { kind: 'DROP' };
    if (name === 'reject') return { kind: 'REJECT' };
    if (name === 'return') return { kind: 'RETURN' };
    if (name === 'continue') return { kind: 'continue' };
    if (name === 'jump' || name === 'goto') {
      const to = String(body?.target ?? '');
      if (chains.has(to)) return { kind: name, chain: to };
      report('unknown-chain', { chain: to });
    }
    return undefined;
  };
  const exprs = Array.isArray(rule.expr) ? (rule.expr as Json[]) : [];
  for (const expr of exprs) {
    const name = Object.keys(expr)[0] ?? '';
    const body = expr[name] as Json | null;
    switch (name) {
      case 'match': {
        const result = matchOf(body as Json, family, namedSet);
        if (result === 'other-family') never = true;
        else if (typeof result === 'string') {
          unmodelled.push(result);
          // `udp sport 53` is not modelled, but it still says the protocol.
          const implied = impliedProtocol(body as Json);
          if (implied !== undefined) assign(match, { protocol: { negated: false, value: IntervalSet.point(BigInt(implied)) } });
        } else if (!assign(match, result)) unmodelled.push(describe(body));
        break;
      }
      case 'accept': case 'drop': case 'reject': case 'return': case 'jump': case 'goto': {
        const verdict = verdictOf(expr);
        if (!verdict) return undefined;
        target = verdict;
        break;
      }
      case 'vmap': {
        const data = (body as Json).data;
        const elements = typeof data === 'string' && data.startsWith('@') ? namedSet(data.slice(1)) : ((data as Json | null)?.set as unknown[] | undefined);
        if (!elements) unmodelled.push(describe(body));
        else verdictMap = { key: (body as Json).key, elements };
        break;
      }
      case 'log':
        logs = true;
        break;
      case 'counter': case 'limit': case 'continue': break;
      case 'queue': target = { kind: 'ACCEPT' }; unmodelled.push('queue'); break;
      default: unmodelled.push(name);
    }
  }
  if (never) {
    // A match on the other address family: the rule never applies to this family.
    match.protocol = { negated: false, value: IntervalSet.EMPTY };
  }
  // `log` alone logs the packets for the rules after it, like iptables' LOG; with a verdict, the rule's own.
  if (logs && target.kind === 'continue') target = { kind: 'continue', name: 'LOG' };
  const base = { chain, position: 0, line: index, unmodelled, ...(typeof rule.comment === 'string' ? { comment: rule.comment } : {}), ...(logs ? { logs } : {}) };
  if (!verdictMap) return [{ ...base, match, target }];
  const rules: IptablesRule[] = [];
  for (const element of verdictMap.elements) {
    const [value, verdict] = Array.isArray(element) ? element : [];
    const t = verdict && typeof verdict === 'object' ? verdictOf(verdict as Json) : undefined;
    if (!t) return undefined;
    const field = matchOf({ op: '==', left: verdictMap.key, right: value }, family, namedSet);
    const own = { ...match };
    if (field === 'other-family') continue;
    if (typeof field === 'string' || !assign(own, field)) rules.push({ ...base, match: own, target: t, unmodelled: [...unmodelled, describe(value)] });
    else rules.push({ ...base, match: own, target: t });
  }
  return rules;
}

type Field = { [K in keyof RuleMatch]?: RuleMatch[K] };

/**
 * Adds match fields; false when the rule already has a different one of a kind. A protocol given twice
 * (`meta l4proto tcp tcp dport 22`) is kept when both say the same.
 */
function assign(match: { -readonly [K in keyof RuleMatch]: RuleMatch[K] }, field: Field): boolean {
  for (const name of Object.keys(field) as (keyof RuleMatch)[]) {
    const existing = match[name];
    if (existing === undefined) continue;
    const same = name === 'protocol' && !existing.negated && !field.protocol!.negated && (existing.value as IntervalSet).equals(field.protocol!.value);
    if (!same) return false;
  }
  Object.assign(match, field);
  return true;
}

/** The transport protocol a match on one of its header fields implies (`tcp sport` → 6). */
function impliedProtocol(m: Json): number | undefined {
  const payload = (m.left as Json | undefined)?.payload as Json | undefined;
  const protocol = payload ? String(payload.protocol) : '';
  return protocol === 'ip' || protocol === 'ip6' || protocol === 'th' ? undefined : PROTOCOLS[protocol];
}

/** A statement as nft would write it, near enough to recognise (`udp sport == 53`). */
function describe(body: unknown): string {
  const m = body as Json | null;
  const left = m?.left as Json | undefined;
  if (!m || !left || !('op' in m)) return JSON.stringify(body);
  const inner = Object.values(left)[0] as Json | undefined;
  const name = left.payload ? `${String(inner?.protocol)} ${String(inner?.field)}` : `${Object.keys(left)[0]} ${String(inner?.key ?? '')}`.trim();
  const right = typeof m.right === 'object' ? JSON.stringify(m.right) : String(m.right);
  return `${name} ${String(m.op)} ${right}`;
}

/** One `match` statement as a field of RuleMatch, 'other-family', or a description of what is not modelled. */
function matchOf(m: Json, family: Family, namedSet: (name: string) => unknown[] | undefined): Field | 'other-family' | string {
  const op = m.op;
  const negated = op === '!=';
  if (op !== '==' && op !== '!=' && op !== 'in') return describe(m);
  const left = m.left as Json;
  const values = (right: unknown): unknown[] | undefined => {
    if (typeof right === 'string' && right.startsWith('@')) return namedSet(right.slice(1));
    if (right && typeof right === 'object' && !Array.isArray(right) && 'set' in (right as Json)) return (right as Json).set as unknown[];
    return Array.isArray(right) ? right : [right];
  };
  const items = values(m.right);
  if (!items) return describe(m);
  const wrap = <T>(value: T): Negatable<T> => ({ negated, value });
  const payload = left?.payload as Json | undefined;
  const meta = left?.meta as Json | undefined;
  const ct = left?.ct as Json | undefined;
  if (payload) {
    const protocol = String(payload.protocol);
    const field = String(payload.field);
    if ((field === 'saddr' || field === 'daddr') && protocol in FAMILY_PAYLOAD) {
      if (FAMILY_PAYLOAD[protocol] !== family) return 'other-family';
      const set = addresses(items, family);
      if (!set) return describe(m);
      return field === 'saddr' ? { src: wrap(set) } : { dst: wrap(set) };
    }
    if (field === 'dport' && (protocol in PROTOCOLS || protocol === 'th')) {
      const ports = numbers(items, {});
      if (!ports) return describe(m);
      // `tcp dport` also says the protocol; `th dport` leaves it to the rule.
      return protocol === 'th' ? { dports: wrap(ports) } : { protocol: { negated: false, value: IntervalSet.point(BigInt(PROTOCOLS[protocol]!)) }, dports: wrap(ports) };
    }
    if (field === 'type' && (protocol === 'icmp' || protocol === 'icmpv6')) {
      if ((protocol === 'icmp') !== (family === 4)) return 'other-family';
      const types = numbers(items, protocol === 'icmp' ? ICMP_TYPES : ICMPV6_TYPES);
      return types ? { protocol: { negated: false, value: IntervalSet.point(family === 4 ? 1n : 58n) }, icmpTypes: wrap(types) } : describe(m);
    }
    if (field === 'protocol' && protocol === 'ip') {
      if (family !== 4) return 'other-family';
      const protocols = numbers(items, PROTOCOLS);
      return protocols ? { protocol: wrap(protocols) } : describe(m);
    }
    if (field === 'nexthdr' && protocol === 'ip6') {
      if (family !== 6) return 'other-family';
      const protocols = numbers(items, PROTOCOLS);
      return protocols ? { protocol: wrap(protocols) } : describe(m);
    }
    return describe(m);
  }
  if (meta) {
    const k = String(meta.key);
    if (k === 'l4proto') {
      const protocols = numbers(items, PROTOCOLS);
      return protocols ? { protocol: wrap(protocols) } : describe(m);
    }
    if (k === 'nfproto') {
      const families = items.map(String);
      const ours = families.includes(family === 4 ? 'ipv4' : 'ipv6');
      return ours === negated ? 'other-family' : {};
    }
    if ((k === 'iifname' || k === 'oifname') && items.length === 1 && typeof items[0] === 'string') {
      const name = (items[0] as string).endsWith('*') ? `${(items[0] as string).slice(0, -1)}+` : (items[0] as string);
      return k === 'iifname' ? { inInterface: wrap(name) } : { outInterface: wrap(name) };
    }
    return describe(m);
  }
  if (ct && ct.key === 'state') {
    return { states: wrap(items.map((s) => String(s).toUpperCase())) };
  }
  return describe(m);
}

function addresses(items: unknown[], family: Family): IpSet | undefined {
  let set = IpSet.EMPTY;
  for (const item of items) {
    let term: string | undefined;
    if (typeof item === 'string') term = item;
    else if (item && typeof item === 'object' && 'prefix' in (item as Json)) {
      const p = (item as Json).prefix as Json;
      term = `${String(p.addr)}/${String(p.len)}`;
    } else if (item && typeof item === 'object' && 'range' in (item as Json)) {
      const [lo, hi] = (item as Json).range as unknown[];
      term = `${String(lo)}-${String(hi)}`;
    }
    const parsed = term === undefined ? undefined : parseAddressTerm(term);
    if (!parsed || 'error' in parsed || parsed.family !== family) return undefined;
    set = set.union(IpSet.of(family, parsed.lo, parsed.hi));
  }
  return set;
}

function numbers(items: unknown[], names: Readonly<Record<string, number>>): IntervalSet | undefined {
  const intervals: [bigint, bigint][] = [];
  for (const item of items) {
    const one = (x: unknown): number | undefined => (typeof x === 'number' ? x : typeof x === 'string' ? (/^\d+$/.test(x) ? Number(x) : names[x]) : undefined);
    if (item && typeof item === 'object' && 'range' in (item as Json)) {
      const [lo, hi] = ((item as Json).range as unknown[]).map(one);
      if (lo === undefined || hi === undefined) return undefined;
      intervals.push([BigInt(lo), BigInt(hi)]);
    } else {
      const v = one(item);
      if (v === undefined) return undefined;
      intervals.push([BigInt(v), BigInt(v)]);
    }
  }
  return IntervalSet.fromIntervals(intervals);
}

/**
 * What the forward hook decides for the family, as one first-match list. One base chain: its unfolded
 * list. Several: a drop is final and an accept passes the packet on to the next chain, so the list is made
 * of what the chains decide exactly — each chain's drops within what the chains before it accepted, and for
 * what all of them accept, the first rule that accepted it (a policy only where no rule did).
 */
export function flattenForward(nft: NftRuleset, behind?: InterfaceAddresses): FlatChain | undefined {
  const flats = nft.baseChains.map((b) => flattenChain(b.ruleset, behind, 'nft', b.chain)).filter((f): f is FlatChain => f !== undefined);
  if (flats.length === 0) return undefined;
  if (flats.length === 1) return flats[0];
  const any = IpSet.anyOf(nft.family);
  const universe = PacketSpace.product(any, any, PROTO_UNIVERSE, PORT_UNIVERSE);
  const denies: FlatEntry[] = [];
  const named: FlatEntry[] = [];
  let namedSpace = PacketSpace.EMPTY;
  let accepted = universe;
  let lastPolicy: FlatEntry | undefined;
  flats.forEach((flat, i) => {
    let taken = PacketSpace.EMPTY;
    let acceptedHere = PacketSpace.EMPTY;
    for (const entry of flat.entries) {
      const decided = entry.space.difference(taken).intersect(accepted);
      taken = taken.union(entry.space);
      if (decided.isEmpty()) continue;
      if (entry.action === 'deny') {
        denies.push({ ...entry, space: decided });
        continue;
      }
      acceptedHere = acceptedHere.union(decided);
      const fresh = decided.difference(namedSpace);
      if (fresh.isEmpty()) continue;
      named.push({ ...entry, space: fresh });
      namedSpace = namedSpace.union(fresh);
    }
    const rest = universe.difference(taken).intersect(accepted);
    const rule: IptablesRule = { chain: nft.baseChains[i]!.chain, position: 0, line: flat.policyLine, match: {}, target: { kind: flat.policy }, unmodelled: [] };
    const policy: FlatEntry = { rule, space: rest, action: flat.policy === 'DROP' ? 'deny' : 'allow', logged: false, approximate: [] };
    if (flat.policy === 'DROP') {
      if (!rest.isEmpty()) denies.push(policy);
    } else {
      acceptedHere = acceptedHere.union(rest);
      lastPolicy = policy;
    }
    accepted = acceptedHere;
  });
  const allows = named.map((e) => ({ ...e, space: e.space.intersect(accepted) })).filter((e) => !e.space.isEmpty());
  const unnamed = accepted.difference(namedSpace);
  if (lastPolicy && !unnamed.isEmpty()) allows.push({ ...lastPolicy, space: unnamed });
  return {
    entries: [...denies, ...allows],
    policy: 'DROP',
    policyLine: flats[0]!.policyLine,
    ignored: flats.flatMap((f) => f.ignored),
    loops: flats.flatMap((f) => f.loops),
  };
}
