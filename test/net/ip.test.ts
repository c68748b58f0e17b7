/** Address parsing, formatting and CIDR covers: concrete cases plus round-trip and minimality properties. */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import {
  ADDRESS_MAX,
  AddressTerm,
  cidrPrefix,
  Family,
  formatAddress,
  formatRange,
  parseAddress,
  parseAddressTerm,
  rangeToCidrs,
} from '../../src/net/ip';

const RUNS = { numRuns: 300 };

function term(text: string): AddressTerm {
  const r = parseAddressTerm(text);
  if ('error' in r) throw new Error(`unexpected error for ${text}: ${r.error}`);
  return r;
}

function errorOf(text: string): string {
  const r = parseAddressTerm(text);
  if (!('error' in r)) throw new Error(`expected an error for ${text}`);
  return r.error;
}

describe('parseAddress', () => {
  it('reads IPv4 exactly as four strict decimal octets (against a reference, on near-miss texts too)', () => {
    const reference = (text: string): bigint | undefined => {
      if (!/^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/.test(text)) return undefined;
      const octets = text.split('.').map(Number);
      return octets.every((o) => o <= 255) ? octets.reduce((v, o) => v * 256n + BigInt(o), 0n) : undefined;
    };
    const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.string({ unit: fc.constantFrom('0', '1', '9', '.'), maxLength: 4 }));
    const text = fc.oneof(fc.array(octet, { minLength: 1, maxLength: 6 }).map((o) => o.join('.')), fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '.', 'x'), maxLength: 16 }));
    fc.assert(
      fc.property(text, (t) => {
        const expected = reference(t);
        const got = parseAddress(t);
        if (expected === undefined) expect(got === undefined || got.family === 6).toBe(true);
        else expect(got).toEqual({ family: 4, value: expected });
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts canonical IPv4', () => {
    expect(parseAddress('10.0.0.1')).toEqual({ family: 4, value: 0x0a000001n });
    expect(parseAddress('0.0.0.0')).toEqual({ family: 4, value: 0n });
    expect(parseAddress('255.255.255.255')).toEqual({ family: 4, value: ADDRESS_MAX[4] });
  });

  it.each([
    '010.0.0.1',
    '10.0.0.01',
    '10.0.0.300',
    '10.0.0.256',
    '1.2.3',
    '1.2.3.4.5',
    '1..3.4',
    '1.2.3.4.',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '0x1.2.3.4',
    '1.2.3.-4',
    '+1.2.3.4',
    '10',
    '',
    'foo',
    '1.2.3.1000000000000000000000',
  ])('rejects IPv4 %p', (text) => {
    expect(parseAddress(text)).toBeUndefined();
  });

  it('accepts IPv6 forms', () => {
    expect(parseAddress('::')).toEqual({ family: 6, value: 0n });
    expect(parseAddress('::1')).toEqual({ family: 6, value: 1n });
    expect(parseAddress('1::')).toEqual({ family: 6, value: 1n << 112n });
    expect(parseAddress('2001:db8::1')).toEqual({ family: 6, value: (0x20010db8n << 96n) | 1n });
    expect(parseAddress('2001:DB8:0000:0000:0000:0000:0000:0001')).toEqual(parseAddress('2001:db8::1'));
    expect(parseAddress('1:2:3:4:5:6:7::')).toEqual(parseAddress('1:2:3:4:5:6:7:0'));
    expect(parseAddress('::2:3:4:5:6:7:8')).toEqual(parseAddress('0:2:3:4:5:6:7:8'));
    expect(parseAddress('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual({ family: 6, value: ADDRESS_MAX[6] });
  });

  it('keeps IPv4-mapped and embedded-IPv4 IPv6 addresses as IPv6', () => {
    expect(parseAddress('::ffff:1.2.3.4')).toEqual({ family: 6, value: 0xffff01020304n });
    expect(parseAddress('::ffff:0102:0304')).toEqual({ family: 6, value: 0xffff01020304n });
    expect(parseAddress('64:ff9b::192.0.2.33')).toEqual({ family: 6, value: (0x64ff9bn << 96n) | 0xc0000221n });
  });

  it.each([
    '1::2::3',
    ':::',
    '12345::',
    'g::',
    'fe80::1%eth0',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7::8',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:',
    '1::2:',
    '1.2.3.4::',
    '::1.2.3.4:5',
    '::ffff:1.2.3.300',
    '::ffff:01.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4',
  ])('rejects IPv6 %p', (text) => {
    expect(parseAddress(text)).toBeUndefined();
  });
});

describe('parseAddressTerm', () => {
  it('parses CIDR blocks, single addresses and ranges', () => {
    expect(term('10.0.0.0/8')).toEqual({ family: 4, lo: 0x0a000000n, hi: 0x0affffffn });
    expect(term('10.1.2.3')).toEqual({ family: 4, lo: 0x0a010203n, hi: 0x0a010203n });
    expect(term('10.9.0.1-10.9.0.99')).toEqual({ family: 4, lo: 0x0a090001n, hi: 0x0a090063n });
    expect(term(' 10.9.0.1 - 10.9.0.99 ')).toEqual(term('10.9.0.1-10.9.0.99'));
    expect(term('::/0')).toEqual({ family: 6, lo: 0n, hi: ADDRESS_MAX[6] });
    expect(term('0.0.0.0/0')).toEqual({ family: 4, lo: 0n, hi: ADDRESS_MAX[4] });
    expect(term('10.0.0.5/32')).toEqual({ family: 4, lo: 0x0a000005n, hi: 0x0a000005n });
    expect(term('2001:db8::/32')).toEqual({
      family: 6,
      lo: 0x20010db8n << 96n,
      hi: (0x20010db8n << 96n) | ((1n << 96n) - 1n),
    });
    expect(term('2001:db8::1-2001:db8::1')).toEqual({ family: 6, lo: (0x20010db8n << 96n) | 1n, hi: (0x20010db8n << 96n) | 1n });
  });

  it('normalises a CIDR with host bits set and flags it', () => {
    expect(term('10.0.0.1/24')).toEqual({ family: 4, lo: 0x0a000000n, hi: 0x0a0000ffn, hostBitsSet: true });
    expect(term('10.0.0.0/24').hostBitsSet).toBeUndefined();
    expect(term('2001:db8::1/64')).toEqual({
      family: 6,
      lo: 0x20010db8n << 96n,
      hi: (0x20010db8n << 96n) | ((1n << 64n) - 1n),
      hostBitsSet: true,
    });
  });

  it('reports precise errors', () => {
    expect(errorOf('10.0.0.0/33')).toMatch(/^prefix length 33 exceeds 32\b/);
    expect(errorOf('::/129')).toMatch(/^prefix length 129 exceeds 128\b/);
    expect(errorOf('10.0.0.300')).toContain('octet 300 out of range');
    expect(errorOf('010.0.0.1')).toContain('octet "010" has a leading zero');
    expect(errorOf('10.0.0')).toContain('expected 4 dot-separated octets, found 3');
    expect(errorOf('10.0.0.9-10.0.0.1')).toMatch(/^range start is after its end/);
    expect(errorOf('10.0.0.1-::1')).toBe('range "10.0.0.1-::1" mixes IPv4 and IPv6');
    expect(errorOf('10.0.0.0/')).toContain('missing prefix length');
    expect(errorOf('10.0.0.0/8/8')).toContain('prefix length "8/8" is not a decimal number');
    expect(errorOf('10.0.0.0/08')).toContain('leading zero');
    expect(errorOf('10.0.0.1-10.0.0.2-10.0.0.3')).toContain('more than one "-"');
    expect(errorOf('10.0.0.1-')).toContain('has no end address');
    expect(errorOf('10.0.0.1-10.0.0.x')).toMatch(/^range end: .*octet "x" is not a decimal number/);
    expect(errorOf('10.0.0.0-10.0.0.9/24')).toContain('mixes a range and a prefix length');
    expect(errorOf('1::2::3')).toContain('"::" may appear only once');
    expect(errorOf('fe80::1%eth0')).toContain('zone indices');
    expect(errorOf('12345::')).toContain('group "12345" is not 1-4 hexadecimal digits');
    expect(errorOf('1:2:3:4:5:6:7')).toContain('too few groups (7 of 8)');
    expect(errorOf('host.example')).toBe('"host.example" is not an IP address');
    expect(errorOf('web')).toBe('"web" is not an IP address');
    expect(errorOf('')).toBe('empty address');
  });
});

describe('formatAddress', () => {
  it.each([
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:0db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:db8:0:0:1:1:1:1', '2001:db8::1:1:1:1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['2001:DB8::A', '2001:db8::a'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::fffe:102:304', '::fffe:102:304'],
  ])('formats %s as %s (RFC 5952)', (input, expected) => {
    const a = parseAddress(input)!;
    expect(formatAddress(a.family, a.value)).toBe(expected);
  });

  it('formats IPv4 as a dotted quad', () => {
    expect(formatAddress(4, 0x0a000001n)).toBe('10.0.0.1');
    expect(formatAddress(4, ADDRESS_MAX[4])).toBe('255.255.255.255');
    expect(() => formatAddress(4, ADDRESS_MAX[4] + 1n)).toThrow(RangeError);
  });
});

describe('rangeToCidrs / formatRange', () => {
  it('gives minimal exact covers', () => {
    const v4 = (s: string): bigint => parseAddress(s)!.value;
    expect(rangeToCidrs(4, v4('10.0.0.0'), v4('10.0.0.2'))).toEqual(['10.0.0.0/31', '10.0.0.2']);
    expect(rangeToCidrs(4, v4('10.0.0.1'), v4('10.0.0.254'))).toEqual([
      '10.0.0.1',
      '10.0.0.2/31',
      '10.0.0.4/30',
      '10.0.0.8/29',
      '10.0.0.16/28',
      '10.0.0.32/27',
      '10.0.0.64/26',
      '10.0.0.128/26',
      '10.0.0.192/27',
      '10.0.0.224/28',
      '10.0.0.240/29',
      '10.0.0.248/30',
      '10.0.0.252/31',
      '10.0.0.254',
    ]);
    expect(rangeToCidrs(4, 0n, ADDRESS_MAX[4])).toEqual(['0.0.0.0/0']);
    expect(rangeToCidrs(6, 0n, ADDRESS_MAX[6])).toEqual(['::/0']);
    expect(rangeToCidrs(6, 1n, 1n)).toEqual(['::1']);
    expect(rangeToCidrs(6, 0n, 2n)).toEqual(['::/127', '::2']);
    expect(rangeToCidrs(4, 5n, 4n)).toEqual([]);
    expect(rangeToCidrs(4, 1n, ADDRESS_MAX[4])).toHaveLength(32);
  });

  it('formats single addresses, blocks and ranges', () => {
    const v4 = (s: string): bigint => parseAddress(s)!.value;
    expect(formatRange(4, v4('10.0.0.2'), v4('10.0.0.2'))).toBe('10.0.0.2');
    expect(formatRange(4, v4('10.0.0.0'), v4('10.255.255.255'))).toBe('10.0.0.0/8');
    expect(formatRange(4, v4('10.0.0.1'), v4('10.0.0.2'))).toBe('10.0.0.1-10.0.0.2');
    expect(formatRange(4, 0n, ADDRESS_MAX[4])).toBe('0.0.0.0/0');
    expect(formatRange(6, 0n, ADDRESS_MAX[6])).toBe('::/0');
    expect(formatRange(6, 0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n))).toBe('2001:db8::/32');
    expect(formatRange(6, 1n, 3n)).toBe('::1-::3');
    expect(cidrPrefix(4, 4n, 7n)).toBe(30);
    expect(cidrPrefix(4, 2n, 5n)).toBeUndefined();
  });
});

const arbFamilyValue: fc.Arbitrary<{ family: Family; value: bigint }> = fc.oneof(
  fc.bigInt({ min: 0n, max: ADDRESS_MAX[4] }).map((value) => ({ family: 4 as const, value })),
  fc.bigInt({ min: 0n, max: ADDRESS_MAX[6] }).map((value) => ({ family: 6 as const, value })),
  // IPv6 values with long zero runs, where compression choices matter.
  fc
    .array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 })
    .map((gs) => ({ family: 6 as const, value: gs.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n) })),
);

/** Minimum number of aligned blocks covering exactly [lo, hi] (dynamic programming, small ranges only). */
function minimalCoverSize(lo: bigint, hi: bigint): number {
  const best = new Map<bigint, number>();
  const go = (x: bigint): number => {
    if (x > hi) return 0;
    const memo = best.get(x);
    if (memo !== undefined) return memo;
    let m = Infinity;
    for (let size = 1n; x + size - 1n <= hi && x % size === 0n; size *= 2n) m = Math.min(m, 1 + go(x + size));
    best.set(x, m);
    return m;
  };
  return go(lo);
}

describe('address properties', () => {
  it('parse(format(v)) round-trips and format is RFC 5952 (checked against ipaddr.js)', () => {
    fc.assert(
      fc.property(arbFamilyValue, ({ family, value }) => {
        const text = formatAddress(family, value);
        expect(parseAddress(text)).toEqual({ family, value });
        if (family === 6 && value >> 32n !== 0xffffn) {
          const bytes: number[] = [];
          for (let k = 15; k >= 0; k--) bytes.push(Number((value >> BigInt(8 * k)) & 0xffn));
          expect(text).toBe(ipaddr.fromByteArray(bytes).toString());
        }
        if (family === 4) expect(text).toBe(ipaddr.fromByteArray(text.split('.').map(Number)).toString());
      }),
      RUNS,
    );
  });

  it('parses padded, upper-case and differently compressed IPv6 spellings to the same value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }),
        fc.boolean(),
        fc.boolean(),
        fc.nat(7),
        fc.nat(8),
        (groups, pad, upper, start, len) => {
          const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
          let parts = groups.map((g) => (pad ? g.toString(16).padStart(4, '0') : g.toString(16)));
          if (upper) parts = parts.map((p) => p.toUpperCase());
          // Compress any zero run [start, start+len) of at least one group.
          const end = Math.min(8, start + Math.max(1, len));
          const zeroRun = groups.slice(start, end).every((g) => g === 0);
          const text = zeroRun ? `${parts.slice(0, start).join(':')}::${parts.slice(end).join(':')}` : parts.join(':');
          expect(parseAddress(text)).toEqual({ family: 6, value });
        },
      ),
      RUNS,
    );
  });

  it('rangeToCidrs is an exact, ordered, minimal cover', () => {
    const arbRange = fc.oneof(
      fc
        .tuple(fc.bigInt({ min: 0n, max: ADDRESS_MAX[4] - 600n }), fc.nat(600), fc.nat(600))
        .map(([base, a, b]) => ({
          family: 4 as Family,
          lo: base + BigInt(Math.min(a, b)),
          hi: base + BigInt(Math.max(a, b)),
          small: true,
        })),
      fc
        .tuple(fc.bigInt({ min: 0n, max: ADDRESS_MAX[6] }), fc.bigInt({ min: 0n, max: ADDRESS_MAX[6] }))
        .map(([a, b]) => ({ family: 6 as Family, lo: a < b ? a : b, hi: a < b ? b : a, small: false })),
    );
    fc.assert(
      fc.property(arbRange, ({ family, lo, hi, small }) => {
        const cidrs = rangeToCidrs(family, lo, hi);
        let next = lo;
        const problems: string[] = [];
        for (const c of cidrs) {
          const t = term(c);
          if (t.family !== family || t.hostBitsSet !== undefined || t.lo !== next || c.includes('/') !== (t.lo !== t.hi)) {
            problems.push(c);
          }
          next = t.hi + 1n;
        }
        expect(problems).toEqual([]);
        expect(next).toBe(hi + 1n);
        expect(cidrs.length).toBeLessThanOrEqual(2 * (family === 4 ? 32 : 128));
        if (small) expect(cidrs.length).toBe(minimalCoverSize(lo, hi));
      }),
      RUNS,
    );
  });

  it('formatRange text parses back to the same range', () => {
    fc.assert(
      fc.property(arbFamilyValue, fc.nat(70), fc.boolean(), ({ family, value }, bits, block) => {
        const size = 1n << BigInt(Math.min(bits, family === 4 ? 32 : 128));
        const lo = block ? value - (value % size) : value;
        const hi0 = block ? lo + size - 1n : value + BigInt(bits);
        const hi = hi0 > ADDRESS_MAX[family] ? ADDRESS_MAX[family] : hi0;
        const text = formatRange(family, lo, hi);
        const t = term(text);
        expect([t.family, t.lo, t.hi]).toEqual([family, lo, hi]);
        expect(text.includes('/')).toBe(lo !== hi && cidrPrefix(family, lo, hi) !== undefined);
      }),
      RUNS,
    );
  });
});
