// Reads the text of `iptables-save` / `ip6tables-save` (what `iptables-restore` loads): tables, chains
// with their policies, and each `-A` rule's matches and target, every one with its line. Only the syntax
// is read here; what a rule matches in a network is worked out by `netfilter.ts`. Options sanso does not
// model are kept as they are written, so that the rule can be analysed as "may match" and reported.

import { nameTable } from '../core/name-table';
import { parseAddressTerm, type Family } from '../net/ip';
import { IpSet } from '../net/ip-set';
import { IntervalSet } from '../net/interval-set';

export type Negatable<T> = { readonly negated: boolean; readonly value: T };

/** The matches of one rule that sanso models; `undefined` fields are not given. */
export interface RuleMatch {
  readonly src?: Negatable<IpSet>;
  readonly dst?: Negatable<IpSet>;
  /** `-m iprange --src-range` / `--dst-range`: a separate match, ANDed with `-s` / `-d`. */
  readonly srcRange?: Negatable<IpSet>;
  readonly dstRange?: Negatable<IpSet>;
  /** Interface names; a trailing `+` matches every name with that prefix. */
  readonly inInterface?: Negatable<string>;
  readonly outInterface?: Negatable<string>;
  /** IP protocol numbers; absent or `all` matches every protocol. */
  readonly protocol?: Negatable<IntervalSet>;
  /** Destination ports (or ICMP types, for `--icmp-type`). */
  readonly dports?: Negatable<IntervalSet>;
  readonly icmpTypes?: Negatable<IntervalSet>;
  /** Connection-tracking states (`-m conntrack --ctstate`, `-m state --state`), upper case. */
  readonly states?: Negatable<readonly string[]>;
  /** Whether the match holds for the first packet of a TCP connection (`--syn`). */
  readonly syn?: Negatable<true>;
}

export type Target =
  | { readonly kind: 'ACCEPT' | 'DROP' | 'REJECT' | 'RETURN' }
  | { readonly kind: 'jump' | 'goto'; readonly chain: string }
  /** Targets that do not end the traversal (LOG, MARK, …), or no target at all. */
  | { readonly kind: 'continue'; readonly name?: string };

export interface IptablesRule {
  readonly chain: string;
  /** 1-based position within its chain (what `iptables -L --line-numbers` shows; a rule with an address list counts once per address). */
  readonly position: number;
  /** 1-based line in the file. */
  readonly line: number;
  readonly match: RuleMatch;
  readonly target: Target;
  readonly comment?: string;
  /** Options that are read but not modelled (e.g. `--sport 53`, `-m limit --limit 5/s`), as written. */
  readonly unmodelled: readonly string[];
  /** The rule logs what it takes itself (nftables `log … accept`). */
  readonly logs?: boolean;
}

export interface IptablesChain {
  readonly name: string;
  /** Built-in chains only. */
  readonly policy?: 'ACCEPT' | 'DROP';
  readonly line: number;
  readonly rules: IptablesRule[];
}

export interface IptablesTable {
  readonly name: string;
  readonly line: number;
  readonly chains: Map<string, IptablesChain>;
}

export interface IptablesProblem {
  readonly line: number;
  readonly messageId: 'syntax' | 'unknown-chain' | 'bad-address' | 'bad-port' | 'bad-protocol' | 'family';
  readonly data: Readonly<Record<string, string>>;
}

export interface IptablesRuleset {
  readonly family: Family;
  readonly tables: Map<string, IptablesTable>;
  readonly problems: readonly IptablesProblem[];
}

/** Splits a line like a shell: whitespace separates, double quotes group, a backslash escapes. */
export function tokenize(line: string): string[] | { error: string } {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inToken = true;
    } else if (c === '"') {
      quoted = !quoted;
      inToken = true;
    } else if (!quoted && (c === ' ' || c === '\t')) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (quoted) return { error: 'unterminated double quote' };
  if (inToken) tokens.push(current);
  return tokens;
}

const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = nameTable({
  icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, 'ipv6-icmp': 58, icmpv6: 58, sctp: 132, udplite: 136, dccp: 33,
});

/** ICMP and ICMPv6 type names as `iptables` prints them. */
const ICMP_TYPES: Readonly<Record<string, number>> = nameTable({
  'echo-reply': 0, pong: 0, 'destination-unreachable': 3, 'source-quench': 4, redirect: 5, 'echo-request': 8, ping: 8,
  'router-advertisement': 9, 'router-solicitation': 10, 'time-exceeded': 11, ttl_exceeded: 11, 'parameter-problem': 12,
  'timestamp-request': 13, 'timestamp-reply': 14, 'address-mask-request': 17, 'address-mask-reply': 18,
});
const ICMPV6_TYPES: Readonly<Record<string, number>> = nameTable({
  'destination-unreachable': 1, 'packet-too-big': 2, 'time-exceeded': 3, 'parameter-problem': 4, 'echo-request': 128,
  ping: 128, 'echo-reply': 129, pong: 129, 'router-solicitation': 133, 'router-advertisement': 134,
  'neighbour-solicitation': 135, 'neighbor-solicitation': 135, 'neighbour-advertisement': 136, 'neighbor-advertisement': 136, redirect: 137,
});

const BUILTIN_CHAINS = new Set(['INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING']);

/** Parses the text of iptables-save (family 4) or ip6tables-save (family 6). Problems are collected, never thrown. */
export function parseIptablesSave(text: string, family: Family): IptablesRuleset {
  const tables = new Map<string, IptablesTable>();
  const problems: IptablesProblem[] = [];
  const problem = (line: number, messageId: IptablesProblem['messageId'], data: Record<string, string>): void => {
    problems.push({ line, messageId, data });
  };
  let table: IptablesTable | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed.startsWith('*')) {
      if (table) problem(line, 'syntax', { detail: `table ${table.name} has no COMMIT before the next table` });
      const name = trimmed.slice(1);
      table = tables.get(name) ?? { name, line, chains: new Map() };
      tables.set(name, table);
      return;
    }
    if (trimmed === 'COMMIT') {
      if (!table) problem(line, 'syntax', { detail: 'COMMIT outside a table' });
      table = undefined;
      return;
    }
    if (!table) {
      problem(line, 'syntax', { detail: 'a line outside a table (a table starts with a line such as *filter)' });
      return;
    }
    if (trimmed.startsWith(':')) {
      const [name, policy] = trimmed.slice(1).split(/\s+/);
      if (!name) return problem(line, 'syntax', { detail: 'a chain line without a name' });
      if (policy !== '-' && policy !== 'ACCEPT' && policy !== 'DROP') return problem(line, 'syntax', { detail: `chain ${name} has policy ${policy ?? '(none)'}; expected ACCEPT, DROP or -` });
      if (policy !== '-' && !BUILTIN_CHAINS.has(name)) return problem(line, 'syntax', { detail: `user chain ${name} cannot have a policy` });
      table.chains.set(name, { name, line, rules: [], ...(policy === '-' ? {} : { policy }) });
      return;
    }
    // A rule, possibly preceded by its counters: "[12:3456] -A FORWARD ...".
    const body = trimmed.replace(/^\[\d+:\d+\]\s*/, '');
    const tokens = tokenize(body);
    if ('error' in tokens) return problem(line, 'syntax', { detail: tokens.error });
    if (tokens[0] !== '-A' && tokens[0] !== '--append') return problem(line, 'syntax', { detail: `expected a rule (-A CHAIN …), found ${tokens[0]}` });
    const chainName = tokens[1];
    const chain = chainName === undefined ? undefined : table.chains.get(chainName);
    if (!chain) return problem(line, 'unknown-chain', { chain: chainName ?? '' });
    const rule = parseRule(tokens.slice(2), chain.name, table.chains, line, family, (id, data) => problem(line, id, data));
    if (!rule) return;
    // Like iptables, a rule with several source or destination addresses is one rule per pair of them.
    for (const src of rule.src ?? [undefined]) {
      for (const dst of rule.dst ?? [undefined]) {
        const match = { ...rule.rule.match, ...(src ? { src } : {}), ...(dst ? { dst } : {}) };
        chain.rules.push({ ...rule.rule, match, position: chain.rules.length + 1 });
      }
    }
  });
  if (table) problem(lines.length, 'syntax', { detail: `table ${table.name} does not end with COMMIT` });
  return { family, tables, problems };
}

type Report = (messageId: IptablesProblem['messageId'], data: Record<string, string>) => void;

/** Options that take no argument. */
const FLAGS = new Set(['--syn', '-f', '--fragment']);

/** A rule, and the source and destination addresses when a comma list names several (one rule each). */
interface ParsedRule {
  readonly rule: IptablesRule;
  readonly src?: readonly Negatable<IpSet>[];
  readonly dst?: readonly Negatable<IpSet>[];
}

function parseRule(tokens: string[], chain: string, chains: ReadonlyMap<string, IptablesChain>, line: number, family: Family, report: Report): ParsedRule | undefined {
  const match: { -readonly [K in keyof RuleMatch]: RuleMatch[K] } = {};
  const lists: { src?: Negatable<IpSet>[]; dst?: Negatable<IpSet>[] } = {};
  const unmodelled: string[] = [];
  let target: Target = { kind: 'continue' };
  let comment: string | undefined;
  let failed = false;
  let negated = false;
  const fail: Report = (id, data) => {
    failed = true;
    report(id, data);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '!') {
      negated = true;
      continue;
    }
    const arg = (): string => {
      const value = tokens[++i];
      if (value === undefined) fail('syntax', { detail: `${token} needs a value` });
      return value ?? '';
    };
    const wrap = <T>(value: T): Negatable<T> => ({ negated, value });
    const once = (field: keyof RuleMatch): boolean => {
      if (match[field] === undefined) return true;
      fail('syntax', { detail: `${token} is given twice in one rule (iptables refuses it)` });
      return false;
    };
    switch (token) {
      case '-s': case '--source': case '--src':
      case '-d': case '--destination': case '--dst': {
        const field = token.startsWith('-s') || token.startsWith('--s') ? 'src' : 'dst';
        const items = arg().split(',');
        const sets = items.map((item) => addresses(item, family, fail));
        if (sets.every((x): x is IpSet => x !== undefined) && once(field)) {
          match[field] = wrap(sets.reduce((a, b) => a.union(b)));
          if (sets.length > 1) lists[field] = sets.map(wrap);
        }
        break;
      }
      case '--src-range': case '--dst-range': {
        const field = token === '--src-range' ? 'srcRange' : 'dstRange';
        const set = addresses(arg(), family, fail);
        if (set && once(field)) match[field] = wrap(set);
        break;
      }
      case '-i': case '--in-interface': if (once('inInterface')) match.inInterface = wrap(arg()); break;
      case '-o': case '--out-interface': if (once('outInterface')) match.outInterface = wrap(arg()); break;
      case '-p': case '--protocol': {
        const value = arg().toLowerCase();
        if (value === 'all' || value === '0') break;
        const number = /^\d+$/.test(value) ? Number(value) : PROTOCOL_NUMBERS[value];
        if (number === undefined || number > 255) fail('bad-protocol', { protocol: value });
        else if (once('protocol')) match.protocol = wrap(IntervalSet.point(BigInt(number)));
        break;
      }
      case '--dport': case '--destination-port': case '--dports': case '--destination-ports': {
        const ports = portList(arg(), fail);
        if (ports) match.dports = wrap(ports);
        break;
      }
      case '--icmp-type': case '--icmpv6-type': {
        const value = arg();
        const [type, code] = value.split('/');
        const names = token === '--icmp-type' ? ICMP_TYPES : ICMPV6_TYPES;
        const number = /^\d+$/.test(type ?? '') ? Number(type) : names[(type ?? '').toLowerCase()];
        if (number === undefined || number > 255) fail('bad-port', { port: value });
        else if (code !== undefined || type === 'any') unmodelled.push(`${negated ? '! ' : ''}${token} ${value}`);
        else match.icmpTypes = wrap(IntervalSet.point(BigInt(number)));
        break;
      }
      case '--ctstate': case '--state': {
        const states = arg().toUpperCase().split(',');
        match.states = wrap(states);
        // Whether a connection is translated is not modelled.
        if (states.some((s) => s === 'SNAT' || s === 'DNAT')) unmodelled.push(`${negated ? '! ' : ''}${token} ${states.join(',')}`);
        break;
      }
      case '--syn':
        match.syn = wrap(true as const);
        break;
      case '--comment':
        comment = arg();
        break;
      case '-m': case '--match': {
        // Loading a match module changes nothing by itself; its options follow.
        arg();
        break;
      }
      case '-j': case '--jump': case '-g': case '--goto': {
        const name = arg();
        if (token === '-g' || token === '--goto') {
          if (chains.has(name)) target = { kind: 'goto', chain: name };
          else fail('unknown-chain', { chain: name });
        } else if (name === 'ACCEPT' || name === 'DROP' || name === 'REJECT' || name === 'RETURN') target = { kind: name };
        else if (chains.has(name)) target = { kind: 'jump', chain: name };
        else if (USERSPACE_TARGETS.has(name)) {
          // The verdict is given by a program: the packet may be accepted.
          target = { kind: 'ACCEPT' };
          unmodelled.push(`-j ${name}`);
        } else if (/^[A-Z][A-Z0-9_]*$/.test(name)) target = { kind: 'continue', name };
        else fail('unknown-chain', { chain: name });
        // Target options (--reject-with, --log-prefix, …) do not change what is matched.
        while (tokens[i + 1]?.startsWith('--')) i += FLAGS.has(tokens[i + 1]!) ? 1 : 2;
        break;
      }
      default: {
        if (!token.startsWith('-')) {
          fail('syntax', { detail: `unexpected ${token}` });
          break;
        }
        // Anything else is an option sanso does not model (--sport, --limit, --match-set NAME src, --mark, …),
        // with every value up to the next option.
        const values: string[] = [];
        while (!FLAGS.has(token) && tokens[i + 1] !== undefined && !tokens[i + 1]!.startsWith('-') && tokens[i + 1] !== '!') values.push(tokens[++i]!);
        unmodelled.push([...(negated ? ['!'] : []), token, ...values].join(' '));
      }
    }
    negated = false;
  }
  if (failed) return undefined;
  if ((lists.src || lists.dst) && (match.src?.negated || match.dst?.negated)) {
    report('syntax', { detail: '! is not allowed on -s or -d when either names several addresses (iptables refuses it)' });
    return undefined;
  }
  const rule: IptablesRule = { chain, position: 0, line, match, target, unmodelled, ...(comment !== undefined ? { comment } : {}) };
  return { rule, ...lists };
}

/** Targets that hand the packet to a program, which then decides. */
const USERSPACE_TARGETS = new Set(['NFQUEUE', 'QUEUE']);

/** `10.0.0.0/8`, `10.0.0.1`, `10.0.0.0/255.0.0.0`, `10.0.0.1-10.0.0.9`, or (for iprange) a comma list of them. */
function addresses(text: string, family: Family, report: Report): IpSet | undefined {
  let set = IpSet.EMPTY;
  for (const item of text.split(',')) {
    const [address, mask] = item.split('/');
    let term = item;
    if (mask !== undefined && mask.includes('.')) {
      const length = maskLength(mask);
      if (length === undefined) {
        report('bad-address', { address: item, detail: 'the mask is not a contiguous prefix' });
        return undefined;
      }
      term = `${address}/${length}`;
    }
    const parsed = parseAddressTerm(term);
    if ('error' in parsed) {
      report('bad-address', { address: item, detail: parsed.error });
      return undefined;
    }
    if (parsed.family !== family) {
      report('family', { address: item, family: family === 4 ? 'iptables-save (IPv4)' : 'ip6tables-save (IPv6)' });
      return undefined;
    }
    set = set.union(IpSet.of(parsed.family, parsed.lo, parsed.hi));
  }
  return set;
}

function maskLength(mask: string): number | undefined {
  const parsed = parseAddressTerm(mask);
  if ('error' in parsed || parsed.family !== 4) return undefined;
  const value = parsed.lo;
  for (let length = 0; length <= 32; length++) {
    const expected = length === 0 ? 0n : ((1n << BigInt(length)) - 1n) << BigInt(32 - length);
    if (value === expected) return length;
  }
  return undefined;
}

/** `22`, `1024:65535`, `:1023`, `1024:`, or a comma list of them (multiport). */
function portList(text: string, report: Report): IntervalSet | undefined {
  const intervals: [bigint, bigint][] = [];
  for (const item of text.split(',')) {
    const m = /^(\d*)(?::(\d*))?$/.exec(item);
    const lo = m ? (m[1] === '' ? 0 : Number(m[1])) : NaN;
    const hi = m ? (m[2] === undefined ? lo : m[2] === '' ? 65535 : Number(m[2])) : NaN;
    if (!m || (m[1] === '' && m[2] === undefined) || !(lo <= hi) || hi > 65535) {
      report('bad-port', { port: item });
      return undefined;
    }
    intervals.push([BigInt(lo), BigInt(hi)]);
  }
  return IntervalSet.fromIntervals(intervals);
}
