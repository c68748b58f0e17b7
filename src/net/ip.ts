/**
 * IPv4/IPv6 addresses as bigints: strict parsing of addresses, CIDR blocks and ranges with precise
 * English error messages, RFC 5952 formatting, and minimal CIDR covers of address ranges.
 */

export type Family = 4 | 6;

export const ADDRESS_BITS: Readonly<Record<Family, number>> = Object.freeze({ 4: 32, 6: 128 });

export const ADDRESS_MAX: Readonly<Record<Family, bigint>> = Object.freeze({
  4: (1n << 32n) - 1n,
  6: (1n << 128n) - 1n,
});

export type ParseError = { error: string };

export type ParsedAddress = { family: Family; value: bigint };

/** An address term: a block or range `[lo, hi]`; `hostBitsSet` is true for a CIDR written with host bits (10.0.0.1/24). */
export type AddressTerm = { family: Family; lo: bigint; hi: bigint; hostBitsSet?: boolean };

const DECIMAL = /^[0-9]+$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Four decimal octets of 0-255 without leading zeros, read in one pass; undefined for anything else. */
function plainIPv4(text: string): bigint | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && octet === 0) return undefined; // a leading zero
      octet = octet * 10 + (c - 0x30);
      if (++digits > 3 || octet > 255) return undefined;
    } else if (c === 0x2e && digits > 0 && dots < 3) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return undefined;
  }
  return dots === 3 && digits > 0 ? BigInt(value * 256 + octet) : undefined;
}

function parseIPv4(text: string, whole: string): bigint | ParseError {
  // The common case in one pass; anything else is read part by part, for an exact message.
  const plain = plainIPv4(text);
  if (plain !== undefined) return plain;
  const parts = text.split('.');
  if (parts.length !== 4) {
    return { error: `invalid IPv4 address "${whole}": expected 4 dot-separated octets, found ${parts.length}` };
  }
  let value = 0n;
  for (const part of parts) {
    if (part === '') return { error: `invalid IPv4 address "${whole}": empty octet` };
    if (!DECIMAL.test(part)) return { error: `invalid IPv4 address "${whole}": octet "${part}" is not a decimal number` };
    if (part.length > 1 && part[0] === '0') {
      return { error: `invalid IPv4 address "${whole}": octet "${part}" has a leading zero (ambiguous, possibly octal)` };
    }
    const n = part.length > 3 ? 256 : Number(part);
    if (n > 255) return { error: `invalid IPv4 address "${whole}": octet ${part} out of range (0-255)` };
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | ParseError {
  const bad = (why: string): ParseError => ({ error: `invalid IPv6 address "${text}": ${why}` });
  if (text.includes('%')) return bad('zone indices ("%...") are not supported');
  const first = text.indexOf('::');
  if (first >= 0 && text.indexOf('::', first + 1) >= 0) return bad('"::" may appear only once');
  const head = first >= 0 ? text.slice(0, first) : text;
  const tail = first >= 0 ? text.slice(first + 2) : '';
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === '' ? [] : tail.split(':');

  // An embedded dotted IPv4 address may only form the last 32 bits.
  const groups: number[][] = [[], []];
  const lists = [headParts, tailParts];
  for (let side = 0; side < 2; side++) {
    const list = lists[side]!;
    for (let k = 0; k < list.length; k++) {
      const part = list[k]!;
      const isLast = first >= 0 ? side === 1 && k === list.length - 1 : k === list.length - 1;
      if (part.includes('.')) {
        if (!isLast) return bad(`embedded IPv4 address "${part}" must come last`);
        const v4 = parseIPv4(part, part);
        if (typeof v4 !== 'bigint') return bad(v4.error);
        groups[side]!.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (part === '') return bad('empty group (stray ":")');
      if (!HEX_GROUP.test(part)) return bad(`group "${part}" is not 1-4 hexadecimal digits`);
      groups[side]!.push(parseInt(part, 16));
    }
  }
  const h = groups[0]!;
  const t = groups[1]!;
  const count = h.length + t.length;
  if (first >= 0) {
    if (count > 7) return bad(`too many groups (${count}) for "::" to stand for at least one zero group`);
  } else if (count !== 8) {
    return bad(count < 8 ? `too few groups (${count} of 8)` : `too many groups (${count} of 8)`);
  }
  let value = 0n;
  for (const g of h) value = (value << 16n) | BigInt(g);
  for (let k = count; k < 8; k++) value <<= 16n;
  for (const g of t) value = (value << 16n) | BigInt(g);
  return value;
}

/** Parses one address, reporting why it is invalid. IPv4-mapped IPv6 (::ffff:1.2.3.4) stays IPv6. */
export function parseAddressOrError(text: string): ParsedAddress | ParseError {
  if (text === '') return { error: 'empty address' };
  if (text.includes(':')) {
    const v = parseIPv6(text);
    return typeof v === 'bigint' ? { family: 6, value: v } : v;
  }
  if (text.includes('.') && /^[0-9]/.test(text)) {
    const v = parseIPv4(text, text);
    return typeof v === 'bigint' ? { family: 4, value: v } : v;
  }
  return { error: `"${text}" is not an IP address` };
}

/** Strict address parser: no leading-zero octets, no out-of-range octets, no zone indices, no surrounding space. */
export function parseAddress(text: string): ParsedAddress | undefined {
  const r = parseAddressOrError(text);
  return 'error' in r ? undefined : r;
}

function formatIPv4(value: bigint): string {
  const n = Number(value);
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function formatIPv6(value: bigint): string {
  // IPv4-mapped addresses use the mixed notation recommended by RFC 5952 section 5.
  if (value >> 32n === 0xffffn) return `::ffff:${formatIPv4(value & 0xffffffffn)}`;
  const groups: number[] = new Array<number>(8);
  for (let k = 7; k >= 0; k--) {
    groups[k] = Number(value & 0xffffn);
    value >>= 16n;
  }
  // Longest run of two or more zero groups (first one on ties) becomes "::".
  let bestStart = -1;
  let bestLen = 1;
  for (let k = 0; k < 8; ) {
    if (groups[k] !== 0) {
      k++;
      continue;
    }
    let e = k;
    while (e < 8 && groups[e] === 0) e++;
    if (e - k > bestLen) {
      bestStart = k;
      bestLen = e - k;
    }
    k = e;
  }
  const hex = (g: number[]): string => g.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** Dotted quad for IPv4; RFC 5952 canonical text (lowercase, compressed, mixed notation for IPv4-mapped) for IPv6. */
export function formatAddress(family: Family, value: bigint): string {
  if (value < 0n || value > ADDRESS_MAX[family]) throw new RangeError(`IPv${family} address value ${value} out of range`);
  return family === 4 ? formatIPv4(value) : formatIPv6(value);
}

function familyName(f: Family): string {
  return f === 4 ? 'IPv4' : 'IPv6';
}

/** Host mask of a prefix: the low `bits - len` bits set. */
function hostMask(family: Family, len: number): bigint {
  return (1n << BigInt(ADDRESS_BITS[family] - len)) - 1n;
}

/**
 * Parses "10.0.0.0/8", "2001:db8::/32", "10.1.2.3", "10.9.0.1-10.9.0.99", "::/0".
 * Surrounding whitespace is ignored, as is whitespace around the "-" of a range.
 */
export function parseAddressTerm(input: string): AddressTerm | ParseError {
  const text = input.trim();
  if (text === '') return { error: 'empty address' };
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const addrText = text.slice(0, slash);
    const lenText = text.slice(slash + 1);
    if (addrText.includes('-')) return { error: `"${text}" mixes a range and a prefix length` };
    const addr = parseAddressOrError(addrText);
    if ('error' in addr) return addr;
    if (lenText === '') return { error: `missing prefix length after "/" in "${text}"` };
    if (!DECIMAL.test(lenText)) return { error: `prefix length "${lenText}" is not a decimal number` };
    if (lenText.length > 1 && lenText[0] === '0') return { error: `prefix length "${lenText}" has a leading zero` };
    const max = ADDRESS_BITS[addr.family];
    const len = lenText.length > 3 ? Infinity : Number(lenText);
    if (len > max) return { error: `prefix length ${lenText} exceeds ${max}, the maximum for ${familyName(addr.family)}` };
    const mask = hostMask(addr.family, len);
    const lo = addr.value & ~mask;
    const term: AddressTerm = { family: addr.family, lo, hi: lo | mask };
    if (lo !== addr.value) term.hostBitsSet = true;
    return term;
  }
  const dash = text.indexOf('-');
  if (dash >= 0) {
    if (text.indexOf('-', dash + 1) >= 0) return { error: `"${text}" has more than one "-"` };
    const loText = text.slice(0, dash).trim();
    const hiText = text.slice(dash + 1).trim();
    if (loText === '') return { error: `range "${text}" has no start address` };
    if (hiText === '') return { error: `range "${text}" has no end address` };
    const lo = parseAddressOrError(loText);
    if ('error' in lo) return { error: `range start: ${lo.error}` };
    const hi = parseAddressOrError(hiText);
    if ('error' in hi) return { error: `range end: ${hi.error}` };
    if (lo.family !== hi.family) {
      return { error: `range "${text}" mixes ${familyName(lo.family)} and ${familyName(hi.family)}` };
    }
    if (lo.value > hi.value) return { error: `range start is after its end: ${loText} > ${hiText}` };
    return { family: lo.family, lo: lo.value, hi: hi.value };
  }
  const addr = parseAddressOrError(text);
  if ('error' in addr) return addr;
  return { family: addr.family, lo: addr.value, hi: addr.value };
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Prefix length of `[lo, hi]` if it is exactly one aligned CIDR block, else undefined. */
export function cidrPrefix(family: Family, lo: bigint, hi: bigint): number | undefined {
  if (lo > hi) return undefined;
  const size = hi - lo + 1n;
  if ((size & (size - 1n)) !== 0n || (lo & (size - 1n)) !== 0n) return undefined;
  return ADDRESS_BITS[family] - (bitLength(size) - 1);
}

function checkRange(family: Family, lo: bigint, hi: bigint): void {
  if (lo < 0n || hi > ADDRESS_MAX[family]) throw new RangeError(`IPv${family} range ${lo}-${hi} out of range`);
}

/**
 * Minimal exact CIDR cover of `[lo, hi]` (empty when `lo > hi`), in address order.
 * Single addresses are printed without a prefix length ("10.0.0.2", "2001:db8::1").
 */
export function rangeToCidrs(family: Family, lo: bigint, hi: bigint): string[] {
  const out: string[] = [];
  if (lo > hi) return out;
  checkRange(family, lo, hi);
  const bits = ADDRESS_BITS[family];
  let cur = lo;
  while (cur <= hi) {
    // Largest block aligned at `cur` that does not run past `hi`.
    const align = cur === 0n ? bits : bitLength(cur & -cur) - 1;
    const fit = bitLength(hi - cur + 1n) - 1;
    const k = Math.min(align, fit);
    out.push(k === 0 ? formatAddress(family, cur) : `${formatAddress(family, cur)}/${bits - k}`);
    cur += 1n << BigInt(k);
  }
  return out;
}

/** A single address, a CIDR block if `[lo, hi]` is exactly one, otherwise "a-b". */
export function formatRange(family: Family, lo: bigint, hi: bigint): string {
  if (lo > hi) throw new RangeError(`empty range ${lo}-${hi}`);
  checkRange(family, lo, hi);
  if (lo === hi) return formatAddress(family, lo);
  const len = cidrPrefix(family, lo, hi);
  if (len !== undefined) return `${formatAddress(family, lo)}/${len}`;
  return `${formatAddress(family, lo)}-${formatAddress(family, hi)}`;
}
