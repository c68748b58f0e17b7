// nftables JSON as `nft -j list ruleset` prints it (fixtures/import/zones.nft.json: a zone-style inet table
// with a verdict map, a named set, and a second base chain in another table): what the forward hook decides
// for chosen packets, family by family, and where each decision is written.

import { readFileSync } from 'node:fs';
import { flattenForward, parseNftablesJson } from '../../src/import/nftables-json';
import type { Family } from '../../src/net/ip';
import { parseAddressTerm } from '../../src/net/ip';
import { IpSet } from '../../src/net/ip-set';
import type { Packet } from '../../src/net/packet-space';

const data = JSON.parse(readFileSync('fixtures/import/zones.nft.json', 'utf8')) as { nftables: Record<string, { comment?: string }>[] };
const lan = IpSet.fromTerms(['192.0.2.0/24', '2001:db8:a::/64'].map((t) => parseAddressTerm(t) as never));
const wan = IpSet.fromTerms(['198.51.100.0/24', '2001:db8:b::/64'].map((t) => parseAddressTerm(t) as never));
const behind = (name: string): IpSet => (name === 'lan0' ? lan : name === 'wan0' ? wan : IpSet.EMPTY);

function decide(family: Family, src: string, dst: string, proto: number, port: number): string {
  const nft = parseNftablesJson(data, family);
  expect(nft.problems).toEqual([]);
  const flat = flattenForward(nft, behind)!;
  const value = (a: string): bigint => (parseAddressTerm(a) as { lo: bigint }).lo;
  const packet: Packet = { family, src: value(src), dst: value(dst), proto, port };
  const entry = flat.entries.find((e) => e.space.contains(packet));
  if (!entry) return `policy ${flat.policy}`;
  const object = Object.values(data.nftables[entry.rule.line]!)[0]!;
  return `${entry.action} ${object.comment ?? entry.rule.chain}${entry.approximate.length ? ' (approximate)' : ''}`;
}

it('follows the verdict map into the zone chains, and the named set', () => {
  expect(decide(4, '192.0.2.5', '198.51.100.7', 6, 22)).toBe('allow admins ssh');
  expect(decide(4, '192.0.2.50', '198.51.100.7', 6, 22)).toBe('deny forward_filter');
  expect(decide(4, '192.0.2.50', '198.51.100.7', 6, 443)).toBe('allow web');
  expect(decide(4, '198.51.100.7', '192.0.2.50', 6, 443)).toBe('deny nothing in from the Internet side');
});

it('lets a later base chain drop what the first one accepted', () => {
  expect(decide(4, '192.0.2.50', '198.51.100.66', 6, 443)).toBe('deny quarantined host');
  // The second chain is in an ip table: IPv6 is decided by the inet chain alone.
  expect(decide(6, '2001:db8:a::5', '2001:db8:b::66', 6, 443)).toBe('allow web');
});

it('reads a match it does not model as approximate, on the safe side', () => {
  expect(decide(4, '192.0.2.50', '198.51.100.7', 17, 1234)).toBe('allow dns replies (not modelled) (approximate)');
});

it('the second verdict map decides by port, and ICMP replies are INVALID', () => {
  // From an address behind no interface of the map: the first map matches nothing, the second decides.
  expect(decide(4, '203.0.113.5', '198.51.100.7', 6, 25)).toBe('deny forward_filter');
  expect(decide(4, '203.0.113.5', '198.51.100.7', 6, 8080)).toBe('allow forward_filter');
  expect(decide(4, '203.0.113.5', '198.51.100.7', 1, 0)).toBe('deny forward_filter');
});

it('counts a rule that logs itself (log … drop) as logged, and a log statement alone as a LOG rule', () => {
  const rules = [
    { rule: { family: 'inet', table: 't', chain: 'f', handle: 2, expr: [{ log: { prefix: 'x ' } }, { match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 22 } }, { accept: null }] } },
    { rule: { family: 'inet', table: 't', chain: 'f', handle: 3, expr: [{ match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 80 } }, { log: null }] } },
    { rule: { family: 'inet', table: 't', chain: 'f', handle: 4, expr: [{ match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 80 } }, { accept: null }] } },
    { rule: { family: 'inet', table: 't', chain: 'f', handle: 5, expr: [{ accept: null }] } },
  ];
  const json = { nftables: [{ chain: { family: 'inet', table: 't', name: 'f', handle: 1, type: 'filter', hook: 'forward', prio: 0, policy: 'drop' } }, ...rules] };
  const flat = flattenForward(parseNftablesJson(json, 4))!;
  expect(flat.entries.map((e) => [e.rule.line, e.logged])).toEqual([[1, true], [3, true], [4, false]]);
});

it('reads protocol and type names that every JavaScript object has as unknown names', () => {
  const match = (protocol: string, field: string, right: unknown) => ({ match: { op: '==', left: { payload: { protocol, field } }, right } });
  const rules = [
    { rule: { family: 'inet', table: 't', chain: 'f', handle: 2, expr: [match('constructor', 'dport', 22), { accept: null }] } },
    { rule: { family: 'inet', table: 't', chain: 'f', handle: 3, expr: [match('toString', 'saddr', '192.0.2.1'), { accept: null }] } },
    { rule: { family: 'inet', table: 't', chain: 'f', handle: 4, expr: [match('icmp', 'type', 'constructor'), { accept: null }] } },
  ];
  const json = { nftables: [{ chain: { family: 'inet', table: 't', name: 'f', handle: 1, type: 'filter', hook: 'forward', prio: 0, policy: 'drop' } }, ...rules] };
  const flat = flattenForward(parseNftablesJson(json, 4))!;
  // None of the three is understood: each is read as an approximation on the safe side, none as a protocol.
  expect(flat.entries.map((e) => [e.rule.line, e.action, e.approximate.length > 0])).toEqual([
    [1, 'allow', true],
    [2, 'allow', true],
    [3, 'allow', true],
  ]);
});
