/**
 * Kernel oracle harness for differential tests of firewall semantics.
 *
 * Three network namespaces (host A, router R, host B) joined by two veth pairs:
 *
 *   A: a0  <---->  lan0 :R: wan0  <---->  b0 :B
 *
 * A test loads an iptables-restore text (IPv4 and/or IPv6) or an nft ruleset into R, then
 * sends ONE probe packet at a time from A towards B and reads which rule of R decided it
 * (from the rule counters) and whether the packet arrived at B (from B's own counter).
 *
 * How it stays quiet and exact:
 * - probes are sent as whole Ethernet frames by a long-lived Python process (inject.py) from an
 *   AF_PACKET socket in A, straight to lan0's MAC: A's IP stack, routing and neighbour
 *   discovery play no part, and the checksums are valid so conntrack sees a real NEW packet;
 * - A and B drop every packet in their own nft tables (A: input and output; B: prerouting after
 *   counting, and output), so neither ever sends anything (no replies, no ND, MLD, RS or DAD);
 * - R resolves no neighbours: every address added to A or B gets a permanent neighbour entry
 *   on R (lan0 or wan0), so no ARP/ND happens while probing;
 * - only probe packets ever cross R's FORWARD hook, so the counters that moved between two
 *   reads belong to the probe alone.
 *
 * Everything runs under timeouts; namespaces are removed by destroy(), by a process 'exit'
 * hook (outside jest: jest hands tests a stand-in `process` whose 'exit' never fires), and by
 * inject.py itself when its request FIFO closes, i.e. whenever the Node process ends (also
 * SIGKILL or a jest worker ending without destroy()). Stale `sko-<dead pid>-*` namespaces are
 * swept by createRouter().
 *
 * What a differential test must know:
 * - probes only go A -> B: in at lan0 (-i lan0), out at wan0 (-o wan0); rules naming other
 *   interfaces never match. Every probe is the first packet of its flow as conntrack sees it:
 *   TCP SYN / UDP / ICMP echo are NEW (also when repeated, since B never answers); ICMP error
 *   types and echo replies are INVALID; ICMPv6 neighbour discovery types are UNTRACKED.
 *   ESTABLISHED/RELATED cannot be probed.
 * - iptables decisions are read from the filter table only (`iptables-save -c -t filter`); a
 *   packet dropped earlier (raw/mangle PREROUTING, routing) gets no decision after the settle
 *   timeout (1 s by default). `index` is the rule's position in its chain as iptables-save lists
 *   it, which is load order when the text only uses -A.
 * - the walk follows moved counters from FORWARD through -j/-g; a user chain that is also
 *   reached from OUTPUT can be ambiguous for REJECT decisions (the reject reply crosses OUTPUT);
 *   OUTPUT/INPUT counters that moved are listed in `trace` as "off the forward path".
 * - nft: every rule reachable from a forward base chain needs `counter` after its matches
 *   (loadNft throws otherwise); verdict maps (vmap) are resolved only heuristically.
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';

export type KernelStatus = { ok: true } | { ok: false; reason: string };

export interface Probe {
  family: 4 | 6;
  src: string;
  dst: string;
  proto: 'tcp' | 'udp' | 'icmp';
  /** Default 40000. */
  sport?: number;
  /** Required for tcp and udp. */
  dport?: number;
  /** Default: echo request (8 for IPv4, 128 for ICMPv6). */
  icmpType?: number;
  /** Default 0. */
  icmpCode?: number;
}

export type Decision =
  | { kind: 'rule'; chain: string; index: number /* 1-based position of the -A rule within its chain, in load order */; target: string /* ACCEPT, DROP, REJECT, ... */ }
  | { kind: 'policy'; chain: string; policy: 'ACCEPT' | 'DROP' };

export type NftVerdict = 'accept' | 'drop' | 'reject' | 'queue' | 'vmap';

export type NftDecision =
  | { chain: string; comment?: string; handle: number; table: string; family: string; verdict: NftVerdict }
  | { policy: true; chain: string; table: string; family: string; verdict: 'accept' | 'drop' };

export interface Verdict {
  /** The packet arrived at host B (counted by B's own nft counter). */
  delivered: boolean;
  /** For iptables loads: the rule of the filter table (or the FORWARD policy) that decided. Absent when the packet never reached FORWARD (after the settle timeout) or the family has no filter table loaded. */
  decision?: Decision;
  /** For nft loads: the rule with a terminal verdict that decided (a drop/reject ends the walk; with several forward base chains the last accept counts), or the base chain's policy. Absent when the packet never entered the forward hook or the ruleset has no forward base chain for the family. */
  nftRule?: NftDecision;
  /** Diagnostics: the router counters that moved, in traversal order, then any that moved off the forward path. */
  trace: string[];
}

export interface RouterOptions {
  /** How long a probe waits for its packet to settle (router decision, arrival at B). Default 1000 ms. */
  settleTimeoutMs?: number;
}

export interface Router {
  /** Interface names on the router: towards host A and towards host B. */
  readonly lanIf: string;
  readonly wanIf: string;
  /** The names of the three namespaces (host A, router, host B). */
  readonly namespaces: { readonly a: string; readonly r: string; readonly b: string };
  /**
   * Assigns an address to host A ('a': 192.0.2.0/24, 203.0.113.0/24, 2001:db8:a::/64, 2001:db8:c::/64)
   * or host B ('b': 198.51.100.0/24, 2001:db8:b::/64). Idempotent; IPv6 with nodad.
   * Throws for any other address, the router's own addresses (.1 / ::1), the IPv4 network and
   * broadcast addresses and the IPv6 subnet-router anycast addresses (…::).
   */
  addAddress(host: 'a' | 'b', address: string): void;
  /** Replaces the router's rules: flushes the nft ruleset, then iptables-restore v4 and ip6tables-restore v6 (either may be '' or absent). */
  loadIptables(v4: string, v6?: string): void;
  /** Replaces the router's rules with an nft ruleset text (after `flush ruleset`). Every rule on the forward path must have `counter` after its matches. */
  loadNft(text: string): void;
  /** Sends exactly one packet from host A towards host B and reports the verdict. */
  probe(p: Probe): Verdict;
  /** Removes the namespaces and every process started; safe to call twice. */
  destroy(): void;
}

// ---------------------------------------------------------------------------------------------
// tools

const SBIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':').filter((d) => d !== ''), ...SBIN_DIRS];
  for (const dir of dirs) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

function pythonPath(): string | undefined {
  // Debian's interpreter first: version managers' shims are slower and depend on the environment.
  return fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : which('python3');
}

interface Tools {
  ip: string;
  nft: string;
  iptablesRestore: string;
  ip6tablesRestore: string;
  iptablesSave: string;
  ip6tablesSave: string;
  python: string;
}

let toolsCache: Tools | undefined;

function tools(): Tools {
  if (toolsCache) return toolsCache;
  const missing: string[] = [];
  const need = (n: string): string => {
    const p = which(n);
    if (!p) missing.push(n);
    return p ?? n;
  };
  const t: Tools = {
    ip: need('ip'),
    nft: need('nft'),
    iptablesRestore: need('iptables-restore'),
    ip6tablesRestore: need('ip6tables-restore'),
    iptablesSave: need('iptables-save'),
    ip6tablesSave: need('ip6tables-save'),
    python: pythonPath() ?? (missing.push('python3'), 'python3'),
  };
  if (missing.length > 0) throw new Error(`missing tools: ${missing.join(', ')}`);
  toolsCache = t;
  return t;
}

/** Runs a command synchronously with a timeout; throws with its stderr on failure. */
function run(cmd: string, args: string[], opts: { input?: string; timeoutMs?: number } = {}): string {
  try {
    return execFileSync(cmd, args, {
      input: opts.input ?? '',
      timeout: opts.timeoutMs ?? 10_000,
      killSignal: 'SIGKILL',
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string; status?: number | null };
    const detail = (err.stderr ?? '').trim() || (err.stdout ?? '').trim() || err.message;
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (status ${err.status ?? '?'}): ${detail}`);
  }
}

function runQuiet(cmd: string, args: string[], timeoutMs = 10_000): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: timeoutMs, killSignal: 'SIGKILL' });
  return r.status === 0;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepMs(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

function pidAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// status

const NS_PREFIX = 'sko-';
let statusCache: KernelStatus | undefined;

/** `sko-<pid>-<random>`: unique per process and call, and tells sweepStale whose it is. */
function uniquePrefix(): string {
  return `${NS_PREFIX}${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Whether the kernel oracle can run here: root, ip netns, iptables-restore, ip6tables-restore, iptables-save, nft, python3, and a scratch namespace can be created and removed. Cached. */
export function kernelStatus(): KernelStatus {
  if (statusCache) return statusCache;
  statusCache = computeStatus();
  return statusCache;
}

function computeStatus(): KernelStatus {
  if (process.platform !== 'linux') return { ok: false, reason: `not Linux (${process.platform})` };
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { ok: false, reason: 'not running as root' };
  let t: Tools;
  try {
    t = tools();
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const py = spawnSync(t.python, ['-c', 'import ctypes, socket; socket.AF_PACKET; ctypes.CDLL(None).setns'], {
    stdio: 'pipe',
    timeout: 10_000,
  });
  if (py.status !== 0) return { ok: false, reason: `${t.python} lacks AF_PACKET/setns: ${String(py.stderr ?? '').trim()}` };
  const ns = `${uniquePrefix()}-chk`;
  try {
    run(t.ip, ['netns', 'add', ns]);
  } catch (e) {
    return { ok: false, reason: `cannot create a network namespace: ${(e as Error).message}` };
  }
  try {
    run(t.ip, ['netns', 'exec', ns, t.nft, '-f', '-'], {
      input: 'table inet chk {\n  chain f { type filter hook forward priority 0; policy accept; counter comment "c"; }\n}\n',
    });
    run(t.ip, ['netns', 'exec', ns, t.nft, 'flush', 'ruleset']);
    const ipt = '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -m conntrack --ctstate NEW -j ACCEPT\nCOMMIT\n';
    run(t.ip, ['netns', 'exec', ns, t.iptablesRestore], { input: ipt });
    run(t.ip, ['netns', 'exec', ns, t.ip6tablesRestore], { input: ipt });
    run(t.ip, ['netns', 'exec', ns, t.iptablesSave, '-c', '-t', 'filter']);
  } catch (e) {
    return { ok: false, reason: `nf_tables/iptables unusable in a namespace: ${(e as Error).message}` };
  } finally {
    runQuiet(t.ip, ['netns', 'del', ns]);
  }
  if (listNamespaces(t).includes(ns)) return { ok: false, reason: `scratch namespace ${ns} could not be removed` };
  return { ok: true };
}

function listNamespaces(t: Tools): string[] {
  const out = run(t.ip, ['netns', 'list']);
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

/** Removes namespaces left by harness processes that no longer exist (e.g. killed with SIGKILL). */
function sweepStale(t: Tools): void {
  for (const name of listNamespaces(t)) {
    const m = /^sko-(\d+)-/.exec(name);
    if (m && !pidAlive(Number(m[1]))) runQuiet(t.ip, ['netns', 'del', name]);
  }
}

// ---------------------------------------------------------------------------------------------
// addresses

function v4Int(a: string): number {
  return a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

/** 16 bytes of an IPv6 address (the caller has checked net.isIPv6). */
function v6Bytes(a: string): number[] {
  let s = a;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    const v4 = v4Int(s.slice(lastColon + 1));
    tail = [(v4 >>> 24) & 255, (v4 >>> 16) & 255, (v4 >>> 8) & 255, v4 & 255];
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const groups = (x: string): number[] => (x === '' ? [] : x.split(':').map((g) => parseInt(g, 16)));
  const h = groups(head);
  const r = rest === undefined ? [] : groups(rest);
  const words = rest === undefined ? h : [...h, ...new Array<number>(8 - h.length - r.length).fill(0), ...r];
  const bytes = words.flatMap((w) => [(w >> 8) & 255, w & 255]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function v6String(b: number[]): string {
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push((((b[i] ?? 0) << 8) | (b[i + 1] ?? 0)).toString(16));
  // RFC 5952: compress the longest run (>= 2) of zero words
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return words.join(':');
  return `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
}

interface Block {
  host: 'a' | 'b';
  family: 4 | 6;
  prefix: string;
  len: number;
  routerAddr?: string;
}

const BLOCKS: Block[] = [
  { host: 'a', family: 4, prefix: '192.0.2.0', len: 24, routerAddr: '192.0.2.1' },
  { host: 'a', family: 4, prefix: '203.0.113.0', len: 24 },
  { host: 'a', family: 6, prefix: '2001:db8:a::', len: 64, routerAddr: '2001:db8:a::1' },
  { host: 'a', family: 6, prefix: '2001:db8:c::', len: 64 },
  { host: 'b', family: 4, prefix: '198.51.100.0', len: 24, routerAddr: '198.51.100.1' },
  { host: 'b', family: 6, prefix: '2001:db8:b::', len: 64, routerAddr: '2001:db8:b::1' },
];

interface Addr {
  family: 4 | 6;
  text: string; // canonical
  block: Block;
}

function parseHostAddress(address: string): Addr | undefined {
  if (net.isIPv4(address)) {
    const n = v4Int(address);
    const text = [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
    for (const b of BLOCKS) {
      if (b.family !== 4) continue;
      const mask = b.len === 0 ? 0 : (~0 << (32 - b.len)) >>> 0;
      if (((n & mask) >>> 0) === v4Int(b.prefix)) return { family: 4, text, block: b };
    }
    return undefined;
  }
  if (net.isIPv6(address)) {
    const bytes = v6Bytes(address);
    const text = v6String(bytes);
    for (const b of BLOCKS) {
      if (b.family !== 6) continue;
      const p = v6Bytes(b.prefix);
      if (bytes.slice(0, b.len / 8).every((x, i) => x === p[i])) return { family: 6, text, block: b };
    }
    return undefined;
  }
  return undefined;
}

function canonical(address: string): string | undefined {
  if (net.isIPv4(address)) return [24, 16, 8, 0].map((s) => (v4Int(address) >>> s) & 255).join('.');
  if (net.isIPv6(address)) return v6String(v6Bytes(address));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// iptables-save parsing and the decision walk

const TERMINAL_TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'QUEUE', 'NFQUEUE']);

interface IptRule {
  pkts: number;
  target?: string;
  goto: boolean;
  text: string;
}
interface IptChain {
  name: string;
  policy?: string; // built-in chains only
  policyPkts: number;
  rules: IptRule[];
}
type IptTable = Map<string, IptChain>;

function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i] ?? '')) i++;
    if (i >= s.length) break;
    let tok = '';
    while (i < s.length && !/\s/.test(s[i] ?? '')) {
      const c = s[i] ?? '';
      if (c === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length) i++;
          tok += s[i];
          i++;
        }
        i++;
      } else {
        tok += c;
        i++;
      }
    }
    out.push(tok);
  }
  return out;
}

/** Parses the filter table of `iptables-save -c -t filter`. */
export function parseIptablesSave(text: string): IptTable {
  const chains: IptTable = new Map();
  let inFilter = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      inFilter = line === '*filter';
      continue;
    }
    if (!inFilter) continue;
    if (line === 'COMMIT') {
      inFilter = false;
      continue;
    }
    let m = /^:(\S+)\s+(\S+)\s+\[(\d+):(\d+)\]/.exec(line);
    if (m) {
      const name = m[1] ?? '';
      chains.set(name, { name, policy: m[2] === '-' ? undefined : m[2], policyPkts: Number(m[3]), rules: [] });
      continue;
    }
    m = /^(?:\[(\d+):(\d+)\]\s+)?-A\s+(\S+)\s*(.*)$/.exec(line);
    if (m) {
      const chainName = m[3] ?? '';
      let chain = chains.get(chainName);
      if (!chain) {
        chain = { name: chainName, policyPkts: 0, rules: [] };
        chains.set(chainName, chain);
      }
      const toks = tokenize(m[4] ?? '');
      let target: string | undefined;
      let goto = false;
      for (let i = 0; i < toks.length - 1; i++) {
        const tk = toks[i];
        if (tk === '-j' || tk === '--jump' || tk === '-g' || tk === '--goto') {
          target = toks[i + 1];
          goto = tk === '-g' || tk === '--goto';
          break;
        }
      }
      chain.rules.push({ pkts: Number(m[1] ?? 0), target, goto, text: `-A ${chainName} ${m[4] ?? ''}`.trim() });
    }
  }
  return chains;
}

interface IptAnalysis {
  /** FORWARD exists for this family. */
  hasForward: boolean;
  decision?: Decision;
  /** The decision is backed by moved counters (a terminal rule, or a policy whose counter moved). */
  settled: boolean;
  /** The filter table lets the packet through. */
  accepts: boolean;
  trace: string[];
}

function sameShape(a: IptTable, b: IptTable): boolean {
  if (a.size !== b.size) return false;
  for (const [name, c] of a) {
    const d = b.get(name);
    if (!d || d.rules.length !== c.rules.length || d.policy !== c.policy) return false;
    for (let i = 0; i < c.rules.length; i++) if (c.rules[i]?.text !== d.rules[i]?.text) return false;
  }
  return true;
}

function analyzeIptables(before: IptTable, after: IptTable): IptAnalysis {
  const trace: string[] = [];
  const fwd = after.get('FORWARD');
  if (!fwd) return { hasForward: false, settled: true, accepts: true, trace };
  if (!sameShape(before, after)) throw new Error('the filter table changed between two counter reads');
  const remaining = new Map<string, number[]>();
  for (const [name, c] of after) {
    const b = before.get(name);
    remaining.set(
      name,
      c.rules.map((r, i) => r.pkts - (b?.rules[i]?.pkts ?? 0)),
    );
  }
  type Out = { kind: 'terminal'; chain: string; index: number; target: string } | { kind: 'return' };
  const walk = (chainName: string, depth: number): Out => {
    const chain = after.get(chainName);
    const rem = remaining.get(chainName);
    if (!chain || !rem || depth > 64) return { kind: 'return' };
    for (let i = 0; i < chain.rules.length; i++) {
      if ((rem[i] ?? 0) <= 0) continue;
      rem[i] = (rem[i] ?? 0) - 1;
      const rule = chain.rules[i] as IptRule;
      const t = rule.target;
      trace.push(`${chainName}#${i + 1} ${t ? `${rule.goto ? '-g' : '-j'} ${t}` : '(no target)'}`);
      if (!t) continue;
      if (TERMINAL_TARGETS.has(t)) return { kind: 'terminal', chain: chainName, index: i + 1, target: t };
      if (t === 'RETURN') return { kind: 'return' };
      const sub = after.get(t);
      if (sub && sub.policy === undefined) {
        const r = walk(t, depth + 1);
        if (r.kind === 'terminal') return r;
        if (rule.goto) return { kind: 'return' };
      }
      // any other target (LOG, MARK, ...) does not end the traversal
    }
    return { kind: 'return' };
  };
  const out = walk('FORWARD', 0);
  const policyMoved = fwd.policyPkts - (before.get('FORWARD')?.policyPkts ?? 0);
  let analysis: IptAnalysis;
  if (out.kind === 'terminal') {
    analysis = {
      hasForward: true,
      decision: { kind: 'rule', chain: out.chain, index: out.index, target: out.target },
      settled: true,
      accepts: out.target === 'ACCEPT',
      trace,
    };
    if (policyMoved > 0) trace.push(`inconsistent: FORWARD policy counter moved by ${policyMoved} as well`);
  } else {
    const policy = fwd.policy === 'DROP' ? 'DROP' : 'ACCEPT';
    if (policyMoved > 0) trace.push(`policy FORWARD ${fwd.policy ?? '?'}`);
    analysis = {
      hasForward: true,
      // nothing decided yet (or the packet never reached FORWARD): no decision
      decision: policyMoved > 0 ? { kind: 'policy', chain: 'FORWARD', policy } : undefined,
      settled: policyMoved > 0,
      accepts: policy === 'ACCEPT',
      trace,
    };
  }
  for (const [name, rem] of remaining) {
    rem.forEach((d, i) => {
      if (d > 0) trace.push(`also moved (off the forward path): ${name}#${i + 1} +${d}`);
    });
  }
  return analysis;
}

// ---------------------------------------------------------------------------------------------
// nft JSON parsing and the decision walk

const OBS_TABLE = 'sanso_oracle_obs';
const OBS_TEXT = `table inet ${OBS_TABLE} {
  chain first { type filter hook forward priority -2147483648; policy accept; counter comment "in"; }
  chain last { type filter hook forward priority 2147483647; policy accept; counter comment "out"; }
}
`;

type NftStep =
  | { kind: 'accept' | 'drop' | 'reject' | 'queue' | 'return' | 'continue' | 'vmap' | 'none' }
  | { kind: 'jump' | 'goto'; target: string };

interface NftRule {
  handle: number;
  comment?: string;
  pkts?: number; // undefined: the rule has no counter
  counterAfterMatches: boolean;
  step: NftStep;
}
interface NftChain {
  family: string;
  table: string;
  name: string;
  hook?: string;
  prio?: number;
  policy?: string;
  rules: NftRule[];
}
type NftRuleset = Map<string, NftChain>;

const chainKey = (family: string, table: string, name: string): string => `${family} ${table} ${name}`;

const NAMED_PRIO: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

function parseNftJson(text: string): NftRuleset {
  const doc = JSON.parse(text) as { nftables?: Record<string, Record<string, unknown>>[] };
  const chains: NftRuleset = new Map();
  for (const item of doc.nftables ?? []) {
    const c = item.chain;
    if (c) {
      const prio = c.prio;
      chains.set(chainKey(String(c.family), String(c.table), String(c.name)), {
        family: String(c.family),
        table: String(c.table),
        name: String(c.name),
        hook: typeof c.hook === 'string' ? c.hook : undefined,
        prio: typeof prio === 'number' ? prio : typeof prio === 'string' ? (NAMED_PRIO[prio] ?? Number(prio)) : undefined,
        policy: typeof c.policy === 'string' ? c.policy : c.hook ? 'accept' : undefined,
        rules: [],
      });
      continue;
    }
    const r = item.rule;
    if (!r) continue;
    const chain = chains.get(chainKey(String(r.family), String(r.table), String(r.chain)));
    if (!chain) continue;
    const exprs = (r.expr as Record<string, unknown>[] | undefined) ?? [];
    let pkts: number | undefined;
    let counterAt = -1;
    let lastMatch = -1;
    let step: NftStep = { kind: 'none' };
    exprs.forEach((e, i) => {
      if ('match' in e) lastMatch = i;
      if ('counter' in e && pkts === undefined) {
        const ctr = e.counter as { packets?: number } | null;
        if (ctr && typeof ctr.packets === 'number') {
          pkts = ctr.packets;
          counterAt = i;
        }
      }
      for (const k of ['accept', 'drop', 'reject', 'queue', 'return', 'continue', 'vmap'] as const) {
        if (k in e) step = { kind: k };
      }
      if ('jump' in e) step = { kind: 'jump', target: String((e.jump as { target: string }).target) };
      if ('goto' in e) step = { kind: 'goto', target: String((e.goto as { target: string }).target) };
    });
    chain.rules.push({
      handle: Number(r.handle),
      comment: typeof r.comment === 'string' ? r.comment : undefined,
      pkts,
      counterAfterMatches: counterAt > lastMatch,
      step,
    });
  }
  return chains;
}

function familyMatches(chainFamily: string, family: 4 | 6): boolean {
  return chainFamily === 'inet' || chainFamily === (family === 4 ? 'ip' : 'ip6');
}

function forwardBaseChains(rs: NftRuleset, family: 4 | 6): NftChain[] {
  return [...rs.values()]
    .filter((c) => c.hook === 'forward' && c.table !== OBS_TABLE && familyMatches(c.family, family))
    .sort((x, y) => (x.prio ?? 0) - (y.prio ?? 0));
}

/** Chains reachable from the forward base chains (both families), for the counter check. */
function forwardPath(rs: NftRuleset): NftChain[] {
  const seen = new Set<string>();
  const order: NftChain[] = [];
  const visit = (c: NftChain): void => {
    const k = chainKey(c.family, c.table, c.name);
    if (seen.has(k)) return;
    seen.add(k);
    order.push(c);
    for (const r of c.rules) {
      if (r.step.kind === 'jump' || r.step.kind === 'goto') {
        const t = rs.get(chainKey(c.family, c.table, r.step.target));
        if (t) visit(t);
      }
    }
  };
  for (const c of rs.values()) if (c.hook === 'forward' && c.table !== OBS_TABLE) visit(c);
  return order;
}

interface NftAnalysis {
  nftRule?: NftDecision;
  settled: boolean;
  accepts: boolean;
  trace: string[];
}

function obsDelta(before: NftRuleset, after: NftRuleset, name: 'first' | 'last'): number {
  const k = chainKey('inet', OBS_TABLE, name);
  return (after.get(k)?.rules[0]?.pkts ?? 0) - (before.get(k)?.rules[0]?.pkts ?? 0);
}

function analyzeNft(before: NftRuleset, after: NftRuleset, family: 4 | 6): NftAnalysis {
  const trace: string[] = [];
  const entered = obsDelta(before, after, 'first');
  const left = obsDelta(before, after, 'last');
  const remaining = new Map<string, number[]>();
  for (const [k, c] of after) {
    const b = before.get(k);
    const byHandle = new Map((b?.rules ?? []).map((r) => [r.handle, r.pkts ?? 0]));
    remaining.set(
      k,
      c.rules.map((r) => (r.pkts ?? 0) - (byHandle.get(r.handle) ?? 0)),
    );
  }
  type Out = { kind: 'terminal'; chain: NftChain; rule: NftRule; verdict: NftVerdict } | { kind: 'return' };
  const walk = (chain: NftChain, depth: number): Out => {
    const rem = remaining.get(chainKey(chain.family, chain.table, chain.name));
    if (!rem || depth > 64) return { kind: 'return' };
    for (let i = 0; i < chain.rules.length; i++) {
      if ((rem[i] ?? 0) <= 0) continue;
      rem[i] = (rem[i] ?? 0) - 1;
      const rule = chain.rules[i] as NftRule;
      const st = rule.step;
      trace.push(
        `${chain.family} ${chain.table} ${chain.name} handle ${rule.handle}${rule.comment !== undefined ? ` "${rule.comment}"` : ''}: ${st.kind}${'target' in st ? ` ${st.target}` : ''}`,
      );
      switch (st.kind) {
        case 'accept':
        case 'drop':
        case 'reject':
        case 'queue':
          return { kind: 'terminal', chain, rule, verdict: st.kind };
        case 'vmap':
          // a verdict map that missed lets the chain go on: then a later rule moved as well
          if (rem.slice(i + 1).some((d) => d > 0)) continue;
          return { kind: 'terminal', chain, rule, verdict: 'vmap' };
        case 'return':
          return { kind: 'return' };
        case 'jump':
        case 'goto': {
          const sub = after.get(chainKey(chain.family, chain.table, st.target));
          if (!sub) continue;
          const r = walk(sub, depth + 1);
          if (r.kind === 'terminal') return r;
          if (st.kind === 'goto') return { kind: 'return' };
          continue;
        }
        default:
          continue;
      }
    }
    return { kind: 'return' };
  };
  let last: NftDecision | undefined;
  let accepts = true;
  for (const bc of forwardBaseChains(after, family)) {
    const out = walk(bc, 0);
    if (out.kind === 'terminal') {
      last = {
        chain: out.chain.name,
        comment: out.rule.comment,
        handle: out.rule.handle,
        table: out.chain.table,
        family: out.chain.family,
        verdict: out.verdict,
      };
      if (out.verdict !== 'accept') {
        accepts = out.verdict === 'vmap' ? left > 0 : false;
        break;
      }
    } else {
      const verdict = bc.policy === 'drop' ? 'drop' : 'accept';
      trace.push(`policy ${bc.family} ${bc.table} ${bc.name} ${verdict}`);
      last = { policy: true, chain: bc.name, table: bc.table, family: bc.family, verdict };
      if (verdict === 'drop') {
        accepts = false;
        break;
      }
    }
  }
  for (const [k, rem] of remaining) {
    if (k.split(' ')[1] === OBS_TABLE) continue;
    const c = after.get(k);
    rem.forEach((d, i) => {
      if (d > 0) trace.push(`also moved (off the forward path): ${k} handle ${c?.rules[i]?.handle} +${d}`);
    });
  }
  const consistent = entered > 0 && accepts === left > 0;
  if (entered > 0 && !consistent) trace.push(`inconsistent: the walk says ${accepts ? 'accepted' : 'dropped'} but ${left} packet(s) left the forward hook`);
  // nothing entered the forward hook (yet): no decision
  return { nftRule: entered > 0 ? last : undefined, settled: consistent, accepts, trace };
}

// ---------------------------------------------------------------------------------------------
// host B's counters

const SINK_TABLE = 'sanso_oracle_sink';
const SRC4 = '{ 192.0.2.0/24, 203.0.113.0/24 }';
const SRC6 = '{ 2001:db8:a::/64, 2001:db8:c::/64 }';
const SINK_TEXT = `table inet ${SINK_TABLE} {
  chain pre {
    type filter hook prerouting priority -500; policy drop;
    ip saddr ${SRC4} meta l4proto tcp counter comment "4-tcp"
    ip saddr ${SRC4} meta l4proto udp counter comment "4-udp"
    ip saddr ${SRC4} meta l4proto icmp counter comment "4-icmp"
    ip6 saddr ${SRC6} meta l4proto tcp counter comment "6-tcp"
    ip6 saddr ${SRC6} meta l4proto udp counter comment "6-udp"
    ip6 saddr ${SRC6} meta l4proto ipv6-icmp counter comment "6-icmp"
    counter comment "all"
  }
  chain out { type filter hook output priority -500; policy drop; }
}
`;
const HOST_A_TEXT = `table inet sanso_oracle_host {
  chain in { type filter hook input priority -500; policy drop; }
  chain out { type filter hook output priority -500; policy drop; }
}
`;

function parseSink(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of text.matchAll(/counter packets (\d+) bytes \d+ comment "([^"]+)"/g)) m.set(x[2] ?? '', Number(x[1]));
  return m;
}

// ---------------------------------------------------------------------------------------------
// the long-lived helper (inject.py) over two FIFOs

interface ReadResult {
  rc: number;
  out: string;
  err: string;
}

const readChunk = Buffer.allocUnsafe(1 << 20);

class Helper {
  private reqFd = -1;
  private respFd = -1;
  private buf = '';
  private readonly decoder = new StringDecoder('utf8');
  readonly pid: number;

  constructor(
    private readonly dir: string,
    python: string,
    cfg: Record<string, unknown>,
  ) {
    const req = path.join(dir, 'req');
    const resp = path.join(dir, 'resp');
    run('mkfifo', ['-m', '600', req, resp]);
    this.respFd = fs.openSync(resp, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const logFd = fs.openSync(path.join(dir, 'inject.log'), 'w');
    let child;
    try {
      child = spawn(python, [path.join(__dirname, 'inject.py'), JSON.stringify({ ...cfg, req, resp })], {
        stdio: ['ignore', 'ignore', logFd],
      });
    } finally {
      fs.closeSync(logFd);
    }
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error(`cannot start ${python}`);
    this.pid = child.pid;
    const deadline = Date.now() + 10_000;
    // the request FIFO can be opened for writing once inject.py has opened it for reading
    while (this.reqFd < 0) {
      try {
        this.reqFd = fs.openSync(req, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENXIO') throw e;
        const early = this.tryLine();
        if (early !== undefined) throw new Error(`inject.py: ${early}`);
        if (!pidAlive(this.pid) || Date.now() > deadline) throw new Error(`inject.py did not start: ${this.log()}`);
        sleepMs(1);
      }
    }
    const ready = this.readLine(deadline, true) as { ok: boolean; error?: string };
    if (!ready.ok) throw new Error(`inject.py: ${ready.error}`);
  }

  log(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'inject.log'), 'utf8').slice(-2000).trim() || '(no output)';
    } catch {
      return '(no log)';
    }
  }

  private tryLine(): string | undefined {
    try {
      const n = fs.readSync(this.respFd, readChunk, 0, readChunk.length, null);
      if (n > 0) this.buf += this.decoder.write(readChunk.subarray(0, n));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
    const i = this.buf.indexOf('\n');
    if (i < 0) return undefined;
    const line = this.buf.slice(0, i);
    this.buf = this.buf.slice(i + 1);
    return line;
  }

  private readLine(deadline: number, starting = false): unknown {
    for (let spins = 0; ; spins++) {
      const i = this.buf.indexOf('\n');
      if (i >= 0) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        return JSON.parse(line);
      }
      let n = -1;
      try {
        n = fs.readSync(this.respFd, readChunk, 0, readChunk.length, null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
      if (n > 0) {
        this.buf += this.decoder.write(readChunk.subarray(0, n));
        continue;
      }
      if (n === 0 && !starting) throw new Error(`inject.py exited: ${this.log()}`);
      if ((n === 0 && !pidAlive(this.pid)) || Date.now() > deadline) {
        throw new Error(`inject.py did not answer in time: ${this.log()}`);
      }
      // answers usually take a few ms: poll finely first, then back off
      sleepMs(spins < 200 ? 0.1 : 1);
    }
  }

  request(req: Record<string, unknown>, timeoutMs = 15_000): { ok: boolean; error?: string; reads?: ReadResult[] } {
    if (this.reqFd < 0) throw new Error('inject.py is stopped');
    const deadline = Date.now() + timeoutMs;
    const data = Buffer.from(`${JSON.stringify(req)}\n`, 'utf8');
    let off = 0;
    while (off < data.length) {
      try {
        off += fs.writeSync(this.reqFd, data, off, data.length - off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw new Error(`inject.py is gone: ${this.log()}`);
        if (Date.now() > deadline) throw new Error('inject.py does not read its requests');
        sleepMs(1);
      }
    }
    const ans = this.readLine(deadline) as { ok: boolean; error?: string; reads?: ReadResult[] };
    if (!ans.ok) throw new Error(`inject.py: ${ans.error}`);
    return ans;
  }

  stop(): void {
    if (this.reqFd >= 0) {
      try {
        this.request({ op: 'quit' }, 3_000);
      } catch {
        // killed below
      }
    }
    for (const fd of [this.reqFd, this.respFd]) {
      if (fd >= 0) {
        try {
          fs.closeSync(fd);
        } catch {
          // already closed
        }
      }
    }
    this.reqFd = -1;
    this.respFd = -1;
    const deadline = Date.now() + 3_000;
    while (pidAlive(this.pid) && Date.now() < deadline) sleepMs(5);
    if (pidAlive(this.pid)) {
      try {
        process.kill(this.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// the router

const MAC = { a0: '02:5a:00:00:00:0a', lan0: '02:5a:00:00:00:01', wan0: '02:5a:00:00:00:02', b0: '02:5a:00:00:00:0b' };
const LAN_IF = 'lan0';
const WAN_IF = 'wan0';

const liveRouters = new Set<KernelRouter>();
let exitHookInstalled = false;

function hostSysctls(): string[] {
  return [
    'net.ipv6.conf.all.accept_dad=0',
    'net.ipv6.conf.default.accept_dad=0',
    'net.ipv6.conf.all.accept_ra=0',
    'net.ipv6.conf.default.accept_ra=0',
    'net.ipv6.conf.all.router_solicitations=0',
    'net.ipv6.conf.default.router_solicitations=0',
    'net.ipv4.conf.all.rp_filter=0',
    'net.ipv4.conf.default.rp_filter=0',
  ];
}

class KernelRouter implements Router {
  readonly lanIf = LAN_IF;
  readonly wanIf = WAN_IF;
  readonly namespaces: { readonly a: string; readonly r: string; readonly b: string };
  private readonly t: Tools;
  private readonly dir: string;
  private helper?: Helper;
  private destroyed = false;
  private readonly addrs = { a: new Set<string>(), b: new Set<string>() };
  private mode: 'iptables' | 'nft' = 'iptables';
  /** Families whose iptables load has a filter table (iptables-save prints a default table for the others). */
  private readonly iptFilter = new Set<4 | 6>();
  private baseIpt = new Map<4 | 6, IptTable>();
  private baseNft?: NftRuleset;
  private baseSink?: Map<string, number>;
  private readonly settleMs: number;

  constructor(opts: RouterOptions) {
    this.t = tools();
    this.settleMs = opts.settleTimeoutMs ?? 1000;
    const prefix = uniquePrefix();
    this.namespaces = { a: `${prefix}-a`, r: `${prefix}-r`, b: `${prefix}-b` };
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanso-oracle-'));
    liveRouters.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const r of [...liveRouters]) r.destroy();
      });
    }
    try {
      this.setup();
    } catch (e) {
      this.destroy();
      throw e;
    }
  }

  private ns(host: 'a' | 'b' | 'r', args: string[], input?: string): string {
    return run(this.t.ip, ['netns', 'exec', this.namespaces[host], ...args], { input });
  }

  private ipBatch(host: 'a' | 'b' | 'r', lines: string[]): void {
    run(this.t.ip, ['-n', this.namespaces[host], '-batch', '-'], { input: `${lines.join('\n')}\n` });
  }

  private setup(): void {
    const { a, r, b } = this.namespaces;
    const t = this.t;
    for (const n of [a, r, b]) run(t.ip, ['netns', 'add', n]);
    // sysctls first: interfaces created afterwards inherit the "default" values
    this.ns('a', ['sysctl', '-qw', ...hostSysctls()]);
    this.ns('b', ['sysctl', '-qw', ...hostSysctls()]);
    this.ns('r', [
      'sysctl',
      '-qw',
      ...hostSysctls(),
      'net.ipv4.ip_forward=1',
      'net.ipv6.conf.all.forwarding=1',
      'net.ipv6.conf.default.forwarding=1',
    ]);
    // the hosts' own tables before any link is up: A and B never emit a packet
    this.ns('a', [t.nft, '-f', '-'], HOST_A_TEXT);
    this.ns('b', [t.nft, '-f', '-'], SINK_TEXT);
    run(t.ip, ['-n', a, 'link', 'add', 'a0', 'address', MAC.a0, 'type', 'veth', 'peer', 'name', LAN_IF, 'address', MAC.lan0, 'netns', r]);
    run(t.ip, ['-n', b, 'link', 'add', 'b0', 'address', MAC.b0, 'type', 'veth', 'peer', 'name', WAN_IF, 'address', MAC.wan0, 'netns', r]);
    this.ipBatch('r', [
      'link set lo up',
      `addr add 192.0.2.1/24 dev ${LAN_IF}`,
      `addr add 2001:db8:a::1/64 dev ${LAN_IF} nodad`,
      `addr add 198.51.100.1/24 dev ${WAN_IF}`,
      `addr add 2001:db8:b::1/64 dev ${WAN_IF} nodad`,
      `link set ${LAN_IF} up`,
      `link set ${WAN_IF} up`,
      `route add 203.0.113.0/24 dev ${LAN_IF}`,
      `route add 2001:db8:c::/64 dev ${LAN_IF}`,
    ]);
    this.ipBatch('a', [
      'link set lo up',
      'link set a0 up',
      'route add default via 192.0.2.1 dev a0 onlink',
      'route add default via 2001:db8:a::1 dev a0 onlink',
    ]);
    this.ipBatch('b', [
      'link set lo up',
      'link set b0 up',
      'route add default via 198.51.100.1 dev b0 onlink',
      'route add default via 2001:db8:b::1 dev b0 onlink',
    ]);
    this.helper = new Helper(this.dir, t.python, {
      ip: t.ip,
      ns: { a, r, b },
      ifname: 'a0',
      srcMac: MAC.a0,
      dstMac: MAC.lan0,
    });
  }

  addAddress(host: 'a' | 'b', address: string): void {
    this.alive();
    const ad = parseHostAddress(address);
    if (!ad || ad.block.host !== host) {
      const ranges = BLOCKS.filter((bl) => bl.host === host)
        .map((bl) => `${bl.prefix}/${bl.len}`)
        .join(', ');
      throw new Error(`address ${address} is not in host ${host}'s documentation ranges (${ranges})`);
    }
    if (ad.text === ad.block.routerAddr) throw new Error(`address ${address} is the router's own address`);
    if (ad.family === 4 && (ad.text.endsWith('.0') || ad.text.endsWith('.255'))) {
      throw new Error(`address ${address} is the network or broadcast address of its /24`);
    }
    if (ad.family === 6 && v6Bytes(ad.text).slice(8).every((x) => x === 0)) {
      throw new Error(`address ${address} is the subnet-router anycast address of its /64`);
    }
    if (this.addrs[host].has(ad.text)) return;
    const dev = host === 'a' ? 'a0' : 'b0';
    const plen = ad.family === 4 ? 24 : 64;
    this.ipBatch(host, [`addr replace ${ad.text}/${plen} dev ${dev}${ad.family === 6 ? ' nodad' : ''}`]);
    this.ipBatch('r', [
      `neigh replace ${ad.text} lladdr ${host === 'a' ? MAC.a0 : MAC.b0} dev ${host === 'a' ? LAN_IF : WAN_IF} nud permanent`,
    ]);
    this.addrs[host].add(ad.text);
  }

  loadIptables(v4: string, v6?: string): void {
    this.alive();
    this.ns('r', [this.t.nft, 'flush', 'ruleset']);
    this.mode = 'iptables';
    this.baseIpt.clear();
    this.baseNft = undefined;
    this.iptFilter.clear();
    const hasFilter = (text: string): boolean => /^\s*\*filter\s*$/m.test(text);
    if (v4.trim() !== '') {
      this.ns('r', [this.t.iptablesRestore], v4.endsWith('\n') ? v4 : `${v4}\n`);
      if (hasFilter(v4)) this.iptFilter.add(4);
    }
    if (v6 !== undefined && v6.trim() !== '') {
      this.ns('r', [this.t.ip6tablesRestore], v6.endsWith('\n') ? v6 : `${v6}\n`);
      if (hasFilter(v6)) this.iptFilter.add(6);
    }
  }

  loadNft(text: string): void {
    this.alive();
    this.ns('r', [this.t.nft, 'flush', 'ruleset']);
    this.mode = 'nft';
    this.baseIpt.clear();
    this.baseNft = undefined;
    const file = path.join(this.dir, 'ruleset.nft');
    fs.writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
    this.ns('r', [this.t.nft, '-f', file]);
    // our observer: counts packets entering and leaving the forward hook (first and last priority)
    this.ns('r', [this.t.nft, '-f', '-'], OBS_TEXT);
    const rs = parseNftJson(this.ns('r', [this.t.nft, '-j', 'list', 'ruleset']));
    const bad: string[] = [];
    for (const c of forwardPath(rs)) {
      for (const r of c.rules) {
        if (r.pkts === undefined) bad.push(`${c.family} ${c.table} ${c.name} handle ${r.handle}: no counter`);
        else if (!r.counterAfterMatches) bad.push(`${c.family} ${c.table} ${c.name} handle ${r.handle}: counter before a match`);
      }
    }
    if (bad.length > 0) {
      this.ns('r', [this.t.nft, 'flush', 'ruleset']);
      throw new Error(`every rule on the forward path needs a counter after its matches:\n${bad.join('\n')}`);
    }
    this.baseNft = rs;
  }

  /** The commands that read host B's counters and (when there is something to read) the router's. */
  private readsFor(family: 4 | 6): [string, string[]][] {
    const reads: [string, string[]][] = [['b', [this.t.nft, 'list', 'table', 'inet', SINK_TABLE]]];
    if (this.mode === 'nft') reads.push(['r', [this.t.nft, '-j', 'list', 'ruleset']]);
    // iptables-save prints a default filter table where none is loaded: read only loaded ones
    else if (this.iptFilter.has(family)) reads.push(['r', [family === 4 ? this.t.iptablesSave : this.t.ip6tablesSave, '-c', '-t', 'filter']]);
    return reads;
  }

  /** [host B's counters, the router's counters ('' when not read)]. */
  private outputs(reads: ReadResult[] | undefined, n: number): [string, string] {
    if (!reads || reads.length !== n) throw new Error('inject.py gave no counter reads');
    for (const r of reads) if (r.rc !== 0) throw new Error(`counter read failed (${r.rc}): ${r.err.trim()}`);
    return [reads[0]?.out ?? '', reads[1]?.out ?? ''];
  }

  probe(p: Probe): Verdict {
    this.alive();
    const req = this.validate(p);
    try {
      return this.probeOnce(p, req);
    } catch (e) {
      // the counters may have moved: take fresh baselines next time
      this.baseIpt.clear();
      this.baseNft = undefined;
      this.baseSink = undefined;
      throw e;
    }
  }

  private probeOnce(p: Probe, req: Record<string, unknown>): Verdict {
    const helper = this.helper as Helper;
    const family = p.family;
    const reads = this.readsFor(family);
    // baselines (once after a load, then the previous probe's reads)
    if (this.baseSink === undefined || (this.mode === 'iptables' ? !this.baseIpt.has(family) : !this.baseNft)) {
      const [sinkOut, routerOut] = this.outputs(helper.request({ op: 'read', reads }).reads, reads.length);
      if (this.mode === 'iptables') this.baseIpt.set(family, parseIptablesSave(routerOut));
      else this.baseNft = parseNftJson(routerOut);
      this.baseSink = parseSink(sinkOut);
    }
    const sinkKey = `${family}-${p.proto}`;
    const deadline = Date.now() + this.settleMs;
    let ans = helper.request({ op: 'probe', probe: req, reads });
    for (;;) {
      const [sinkOut, routerOut] = this.outputs(ans.reads, reads.length);
      const sink = parseSink(sinkOut);
      const delivered = (sink.get(sinkKey) ?? 0) - (this.baseSink.get(sinkKey) ?? 0) > 0;
      let verdict: Verdict;
      let settled: boolean;
      let accepts: boolean;
      let routerNow: IptTable | NftRuleset;
      if (this.mode === 'iptables') {
        const now = parseIptablesSave(routerOut);
        const a = analyzeIptables(this.baseIpt.get(family) as IptTable, now);
        verdict = { delivered, decision: a.decision, trace: a.trace };
        settled = a.settled;
        accepts = a.accepts;
        routerNow = now;
      } else {
        const now = parseNftJson(routerOut);
        const a = analyzeNft(this.baseNft as NftRuleset, now, family);
        verdict = { delivered, nftRule: a.nftRule, trace: a.trace };
        settled = a.settled;
        accepts = a.accepts;
        routerNow = now;
      }
      const done = (settled && (!accepts || delivered)) || Date.now() > deadline;
      if (done) {
        if (!settled) verdict.trace.push(`not settled after ${this.settleMs} ms: the packet did not reach (or leave) the forward hook as the counters say`);
        if (settled && accepts && !delivered) verdict.trace.push('accepted by the router but not counted at host B');
        const extra = [...sink.entries()].filter(([k, v]) => k !== sinkKey && k !== 'all' && v - (this.baseSink?.get(k) ?? 0) > 0);
        for (const [k, v] of extra) verdict.trace.push(`host B also counted ${k} +${v - (this.baseSink?.get(k) ?? 0)}`);
        if (this.mode === 'iptables') this.baseIpt.set(family, routerNow as IptTable);
        else this.baseNft = routerNow as NftRuleset;
        this.baseSink = sink;
        return verdict;
      }
      sleepMs(2);
      ans = helper.request({ op: 'read', reads });
    }
  }

  private validate(p: Probe): Record<string, unknown> {
    if (p.family !== 4 && p.family !== 6) throw new Error(`bad family ${String(p.family)}`);
    const src = canonical(p.src);
    const dst = canonical(p.dst);
    const fam = (x: string): number => (net.isIPv4(x) ? 4 : net.isIPv6(x) ? 6 : 0);
    if (!src || fam(p.src) !== p.family) throw new Error(`src ${p.src} is not an IPv${p.family} address`);
    if (!dst || fam(p.dst) !== p.family) throw new Error(`dst ${p.dst} is not an IPv${p.family} address`);
    if (!this.addrs.a.has(src)) throw new Error(`src ${p.src} is not an address of host A (addAddress('a', ...) first)`);
    if (!this.addrs.b.has(dst)) throw new Error(`dst ${p.dst} is not an address of host B (addAddress('b', ...) first)`);
    const port = (v: number | undefined, what: string): number | undefined => {
      if (v === undefined) return undefined;
      if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`bad ${what} ${v}`);
      return v;
    };
    const req: Record<string, unknown> = { family: p.family, src, dst, proto: p.proto };
    if (p.proto === 'tcp' || p.proto === 'udp') {
      req.sport = port(p.sport, 'sport') ?? 40000;
      const dport = port(p.dport, 'dport');
      if (dport === undefined) throw new Error(`a ${p.proto} probe needs a dport`);
      req.dport = dport;
    } else if (p.proto === 'icmp') {
      const byte = (v: number | undefined, d: number, what: string): number => {
        const x = v ?? d;
        if (!Number.isInteger(x) || x < 0 || x > 255) throw new Error(`bad ${what} ${x}`);
        return x;
      };
      req.icmpType = byte(p.icmpType, p.family === 4 ? 8 : 128, 'icmpType');
      req.icmpCode = byte(p.icmpCode, 0, 'icmpCode');
      req.sport = port(p.sport, 'sport') ?? 40000;
      req.dport = port(p.dport, 'dport') ?? 0;
    } else {
      throw new Error(`bad proto ${String(p.proto)}`);
    }
    return req;
  }

  private alive(): void {
    if (this.destroyed) throw new Error('router destroyed');
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    liveRouters.delete(this);
    try {
      this.helper?.stop();
    } catch {
      // best effort; the namespaces go below
    }
    for (const n of [this.namespaces.a, this.namespaces.r, this.namespaces.b]) {
      const pids = spawnSync(this.t.ip, ['netns', 'pids', n], { encoding: 'utf8', timeout: 5_000 });
      for (const pid of String(pids.stdout ?? '').split(/\s+/).filter((x) => /^\d+$/.test(x))) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone
        }
      }
      runQuiet(this.t.ip, ['netns', 'del', n]);
    }
    try {
      fs.rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
}

/**
 * Creates the three namespaces (unique names: `sko-<pid>-<random>-{a,r,b}`), forwarding on for
 * IPv4 and IPv6, host B counting then dropping everything, and starts the probe sender.
 */
export function createRouter(opts: RouterOptions = {}): Router {
  const st = kernelStatus();
  if (!st.ok) throw new Error(`kernel oracle unavailable: ${st.reason}`);
  sweepStale(tools());
  return new KernelRouter(opts);
}
