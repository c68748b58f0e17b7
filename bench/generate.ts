// A deterministic generator of realistic sanso networks for the benchmark: one prefecture whose
// municipalities each run the three-tier separation (三層の対策) with three firewalls, sharing the outside
// networks (the Internet, the security cloud, the LGWAN backbone, 住基ネット, the Government Cloud).
// Everything comes from a seeded PRNG (mulberry32), so the same { rules, seed } gives the same document.

import { stringify } from 'yaml';

/** Bump when the output for a given { rules, seed } changes: cached files of another version are regenerated. */
export const GENERATOR_VERSION = 6;
export const DEFAULT_SEED = 20261128;

export interface GenerateOptions {
  /** Number of firewall rules in the whole model (exact). */
  readonly rules: number;
  readonly seed?: number;
}

type Tier = 'mynumber' | 'lgwan' | 'internet';
type ZoneKind = 'client' | 'server' | 'dmz' | 'mgmt' | 'renkei' | 'vdi' | 'public' | 'print';
type Role = 'mail-sanitizer' | 'file-sanitizer' | 'screen-transfer' | 'proxy' | 'public-server';

export interface RuleDoc {
  name: string;
  from: string[];
  to: string[];
  services: string[];
  action: 'allow' | 'deny';
  log?: boolean;
  comment?: string;
}

interface ZoneDoc {
  tier?: Tier;
  external?: string;
  networks: string[];
  description?: string;
}
interface HostDoc {
  zone: string;
  addresses: string[];
  role?: Role;
  services?: string[];
  description?: string;
}
interface FirewallDoc {
  description: string;
  interfaces: Record<string, string[]>;
  default: 'deny';
  rules: RuleDoc[];
}
interface ExceptionDoc {
  id: string;
  rule: string;
  from: string[];
  to: string[];
  services: string[];
  reason: string;
  'approved-by': string;
  expires: string;
}

/** One sanso model document (format version 1). */
export interface SansoDocument {
  sanso: 1;
  organization: string;
  model: 'alpha';
  edition: 'R7.3';
  zones: Record<string, ZoneDoc>;
  hosts: Record<string, HostDoc>;
  addresses: Record<string, string[]>;
  services: Record<string, string[]>;
  firewalls: Record<string, FirewallDoc>;
  links: string[][];
  exceptions: ExceptionDoc[];
}

/** What the generator put in, for the benchmark's report. */
export interface NetworkStats {
  rules: number;
  municipalities: number;
  zones: number;
  tierZones: number;
  outsideZones: number;
  ipv6Zones: number;
  firewalls: number;
  hosts: number;
  addressObjects: number;
  serviceObjects: number;
  exceptions: number;
  denyRules: number;
  ipv6Rules: number;
  portRangeRules: number;
  crossTierRules: number;
  /** Rules planted to be covered or shadowed by earlier rules (more arise by chance). */
  plantedShadowed: number;
  /** Planted violations of the tier policy, by kind. */
  plantedViolations: Record<string, number>;
  /** Cross-tier allow rules planted without `log: true` or without a comment. */
  plantedHygiene: number;
  rulesPerFirewall: { min: number; median: number; max: number };
}

// ─── PRNG ────────────────────────────────────────────────────────────────────────────────────────

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('internal: pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Picks by weight: [[item, weight], …]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [item, w] of choices) {
      x -= w;
      if (x < 0) return item;
    }
    return choices[choices.length - 1]![0];
  }
  /** `count` distinct items (fewer when the list is shorter), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  /** A standard normal variate (Box–Muller). */
  gauss(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

// ─── Addresses ─────────────────────────────────────────────────────────────────────────────────

function ip4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
function ip4n(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}
function cidr4(base: number, prefix: number): string {
  return `${ip4(base)}/${prefix}`;
}

// ─── Model of the generator ──────────────────────────────────────────────────────────────────────

interface GZone {
  readonly id: string;
  /** Short name inside the municipality (interface name). */
  readonly short: string;
  readonly tier: Tier;
  readonly kind: ZoneKind;
  readonly base: number;
  readonly prefix: number;
  /** The IPv6 /64 as "2001:db8:m:z::" when the zone is dual-stack. */
  readonly v6?: string;
  readonly hosts: GHost[];
}

interface GHost {
  readonly id: string;
  readonly zone: GZone;
  readonly v4: number;
  readonly v6?: string;
  readonly role?: Role;
}

interface Muni {
  readonly index: number;
  readonly p: string;
  readonly name: string;
  readonly zones: GZone[];
  readonly hosts: Map<string, GHost>;
  /** Named hosts the skeleton rules need. */
  readonly key: Record<string, GHost>;
  readonly tierZones: Record<Tier, GZone[]>;
  readonly fw: Record<Tier, string>;
}

const TIER_SHORT: Record<Tier, string> = { mynumber: 'mn', lgwan: 'lg', internet: 'inet' };

/** Zone templates: [short name, kind, prefix length, description]. The required ones come first. */
type ZoneTemplate = readonly [string, ZoneKind, number, string];
const ZONES_REQUIRED: Record<Tier, readonly ZoneTemplate[]> = {
  mynumber: [
    ['mn-office', 'client', 23, '住民情報系端末（窓口・税務・福祉）'],
    ['mn-server', 'server', 24, '住民情報システム サーバ群・マイナンバー系 AD'],
    ['mn-atena', 'server', 24, '団体内統合宛名システム'],
    ['mn-juki-cs', 'server', 24, '住基ネット CS セグメント'],
  ],
  lgwan: [
    ['lg-office', 'client', 23, '職員端末（本庁舎）'],
    ['lg-server', 'server', 24, 'グループウェア・メール・ファイルサーバ・AD'],
    ['lg-renkei', 'renkei', 24, '連携サーバセグメント'],
    ['lg-mgmt', 'mgmt', 24, '運用管理セグメント'],
  ],
  internet: [
    ['inet-dmz', 'dmz', 24, '無害化・画面転送・プロキシを置く DMZ'],
    ['inet-office', 'client', 24, 'インターネット接続系端末'],
  ],
};
const ZONES_OPTIONAL: Record<Tier, readonly ZoneTemplate[]> = {
  mynumber: [
    ['mn-office-shisho1', 'client', 24, '住民情報系端末（第一支所）'],
    ['mn-office-shisho2', 'client', 24, '住民情報系端末（第二支所）'],
    ['mn-mgmt', 'mgmt', 24, 'マイナンバー系 運用管理'],
    ['mn-backup', 'server', 24, 'マイナンバー系 バックアップ'],
    ['mn-print', 'print', 24, '帳票プリンタ'],
    ['mn-gcloud-gw', 'server', 24, 'ガバメントクラウド接続サーバ'],
  ],
  lgwan: [
    ['lg-office-somu', 'client', 24, '職員端末（総務部）'],
    ['lg-office-zeimu', 'client', 24, '職員端末（税務課）'],
    ['lg-office-fukushi', 'client', 23, '職員端末（福祉部）'],
    ['lg-office-kyoiku', 'client', 24, '職員端末（教育委員会）'],
    ['lg-office-kensetsu', 'client', 24, '職員端末（建設部）'],
    ['lg-office-suido', 'client', 24, '職員端末（上下水道局）'],
    ['lg-office-gikai', 'client', 24, '職員端末（議会事務局）'],
    ['lg-office-shisho1', 'client', 24, '職員端末（第一支所）'],
    ['lg-office-shisho2', 'client', 24, '職員端末（第二支所）'],
    ['lg-office-hoken', 'client', 24, '職員端末（保健センター）'],
    ['lg-server-2', 'server', 24, '業務サーバ群（財務・人事・文書管理）'],
    ['lg-server-3', 'server', 24, '業務サーバ群（GIS・施設予約）'],
    ['lg-print', 'print', 24, '複合機・プリンタ'],
    ['lg-voip', 'client', 24, 'IP 電話'],
  ],
  internet: [
    ['inet-vdi', 'vdi', 24, '仮想ブラウザ基盤'],
    ['inet-public', 'public', 24, '公開 Web サーバ'],
    ['inet-mgmt', 'mgmt', 24, 'インターネット接続系 運用管理'],
    ['inet-office-2', 'client', 24, 'インターネット接続系端末（支所）'],
    ['inet-sns', 'client', 24, '広報・SNS 発信端末'],
    ['inet-library', 'client', 24, '図書館利用者端末'],
    ['inet-wifi', 'client', 23, '職員用無線 LAN（インターネット接続系）'],
    ['inet-cms', 'server', 24, 'CMS・メールマガジン配信'],
  ],
};
const TIER_OCTETS: Record<Tier, readonly [number, number]> = { mynumber: [0, 63], lgwan: [64, 159], internet: [160, 223] };

const SERVER_NAMES: Record<Tier, readonly string[]> = {
  mynumber: ['jumin', 'zeimu', 'fukushi', 'kokuho', 'kaigo', 'nenkin', 'jidou', 'shotoku', 'koseki', 'inkan', 'db', 'ap', 'batch', 'chohyo', 'backup', 'log', 'av', 'wsus'],
  lgwan: ['groupware', 'bunsho', 'zaimu', 'jinji', 'kyuyo', 'gis', 'yoyaku', 'web', 'db', 'ap', 'file', 'print', 'av', 'wsus', 'log', 'asset', 'dns', 'ntp', 'portal', 'kintai'],
  internet: ['cms', 'mailmag', 'web', 'dns', 'ntp', 'log', 'av', 'ap', 'db', 'sns'],
};

const APP_PORTS = [8000, 8008, 8080, 8081, 8088, 8443, 8888, 9000, 9080, 9090, 9443, 10443, 1521, 1433, 5432, 3306, 5000, 5001, 7001, 7002, 50000, 50001];
const UDP_PORTS = [514, 1812, 4500, 5060, 10161, 161, 162, 123, 500, 1514, 2055, 6343];
const PORT_RANGES: readonly (readonly [number, number])[] = [
  [8000, 8100], [8080, 8090], [9000, 9099], [20000, 20100], [49152, 49200], [5000, 5010], [6000, 6063], [10000, 10100], [30000, 30255], [3300, 3399],
];
const SERVICES_BY_KIND: Record<'server' | 'client' | 'mgmt' | 'print' | 'any', readonly string[]> = {
  server: ['https', 'http', 'ldap', 'ldaps', 'kerberos', 'dns', 'ntp', 'smb', 'mssql', 'oracle', 'postgresql', 'mysql', 'syslog', 'http-alt', 'winrm'],
  client: ['https', 'rdp', 'vnc', 'ping', 'smb'],
  mgmt: ['ssh', 'rdp', 'snmp', 'https', 'winrm', 'syslog', 'ping'],
  print: ['tcp/9100', 'tcp/515', 'ipp', 'https', 'snmp'],
  any: ['https', 'http', 'ssh', 'ping', 'dns', 'ntp'],
};
const COMMENTS: Record<string, readonly string[]> = {
  web: ['業務システムの画面', '庁内ポータル', 'Web アプリケーション', '管理画面'],
  db: ['AP サーバから DB への接続', 'データベース接続', '帳票システムの DB 参照'],
  mgmt: ['保守端末からの運用管理', 'リモート保守（保守事業者）', '監視サーバからの死活監視', 'サーバ管理'],
  file: ['ファイル共有', '共有フォルダ', 'スキャンデータの保存'],
  infra: ['名前解決', '時刻同期', '認証（AD）', 'ログ転送'],
  app: ['業務アプリケーション（独自ポート）', 'パッケージシステムの通信', 'バッチ連携', 'API 連携'],
  print: ['印刷', '複合機への印刷・スキャン'],
  deny: ['不要な通信の遮断', '特定端末からの接続を拒否', '旧システム宛ての通信を遮断', '保守用通信の遮断'],
};
// Service objects are named for what they are; the ids must not be built-in service names.
const SERVICE_OBJECT_NAMES = ['app', 'pkg', 'batch', 'api', 'monitor', 'backup', 'report', 'sync', 'license', 'av-mgmt', 'asset', 'print'];

/** Shared services (prefecture-wide service objects). */
const SHARED_SERVICES: Record<string, string[]> = {
  web: ['http', 'https'],
  'proxy-web': ['tcp/8080'],
  'ad-services': ['dns', 'ntp', 'kerberos', 'ldap', 'smb'],
  'mail-client': ['submission', 'imaps'],
  wsus: ['tcp/8530', 'tcp/8531'],
  'cs-renkei': ['tcp/50001'],
  jukinet: ['tcp/50100'],
  'gcloud-app': ['https', 'tcp/8443'],
  ipp: ['tcp/631'],
};

// ─── The generator ────────────────────────────────────────────────────────────────────────────

export function generateNetwork(options: GenerateOptions): SansoDocument {
  return generateNetworkWithStats(options).document;
}

export function generateNetworkWithStats(options: GenerateOptions): { document: SansoDocument; stats: NetworkStats } {
  const totalRules = Math.max(0, Math.floor(options.rules));
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const M = Math.min(33, Math.max(1, Math.round(totalRules / 3000)));

  const doc: SansoDocument = {
    sanso: 1,
    organization: `架空県 自治体情報セキュリティクラウド参加団体（${M} 市町村・ベンチマーク用の生成データ）`,
    model: 'alpha',
    edition: 'R7.3',
    zones: {},
    hosts: {},
    addresses: {},
    services: { ...SHARED_SERVICES },
    firewalls: {},
    links: [],
    exceptions: [],
  };
  const stats: NetworkStats = {
    rules: 0, municipalities: M, zones: 0, tierZones: 0, outsideZones: 0, ipv6Zones: 0, firewalls: 0, hosts: 0,
    addressObjects: 0, serviceObjects: Object.keys(SHARED_SERVICES).length, exceptions: 0, denyRules: 0, ipv6Rules: 0,
    portRangeRules: 0, crossTierRules: 0, plantedShadowed: 0, plantedViolations: {}, plantedHygiene: 0,
    rulesPerFirewall: { min: 0, median: 0, max: 0 },
  };

  // ── Shared outside networks ──
  const outside = (id: string, external: string, networks: string[], description: string): void => {
    doc.zones[id] = { external, networks, description };
  };
  outside('the-internet', 'internet', ['0.0.0.0/0', '::/0'], 'インターネット（セキュリティクラウド経由でのみ到達）');
  outside('sec-cloud', 'security-cloud', ['203.0.113.0/24'], '自治体情報セキュリティクラウド（県）');
  outside('lgwan-backbone', 'lgwan', ['172.16.0.0/14'], 'LGWAN 網・LGWAN-ASP・自治体中間サーバー');
  outside('juki-net', 'juki', ['172.30.0.0/16'], '住基ネット（都道府県サーバ等）');
  outside('gov-cloud', 'gov-cloud', ['192.0.2.0/24'], 'ガバメントクラウド（標準準拠システム）');
  doc.links.push(['sec-cloud', 'the-internet']);
  const sharedHost = (id: string, zone: string, address: string, description: string): void => {
    doc.hosts[id] = { zone, addresses: [address], description };
  };
  sharedHost('chukan-01', 'lgwan-backbone', '172.16.50.10', '自治体中間サーバー');
  sharedHost('lgwan-mail', 'lgwan-backbone', '172.16.10.25', 'LGWAN メール中継');
  sharedHost('lgwan-dns', 'lgwan-backbone', '172.16.10.53', 'LGWAN DNS・NTP');
  for (let i = 1; i <= 5; i++) sharedHost(`lgwan-asp-0${i}`, 'lgwan-backbone', `172.17.${i}.10`, `LGWAN-ASP サービス ${i}`);
  sharedHost('juki-pref', 'juki-net', '172.30.1.10', '住基ネット 都道府県サーバ');
  sharedHost('seccloud-mail', 'sec-cloud', '203.0.113.25', 'セキュリティクラウド メール中継');
  sharedHost('seccloud-dns', 'sec-cloud', '203.0.113.53', 'セキュリティクラウド DNS');
  sharedHost('seccloud-ntp', 'sec-cloud', '203.0.113.123', 'セキュリティクラウド NTP');
  sharedHost('seccloud-siem', 'sec-cloud', '203.0.113.114', 'セキュリティクラウド SOC ログ収集');
  sharedHost('seccloud-cms', 'sec-cloud', '203.0.113.80', '共同利用 CMS');
  sharedHost('gcloud-kikan-01', 'gov-cloud', '192.0.2.10', '標準準拠システム（基幹業務）AP');
  sharedHost('gcloud-kikan-02', 'gov-cloud', '192.0.2.11', '標準準拠システム（基幹業務）連携');

  // ── Municipalities: zones and hosts ──
  const munis: Muni[] = [];
  for (let m = 1; m <= M; m++) munis.push(buildMunicipality(m, rng, doc, stats));

  // ── Rule budget per municipality (skewed) and per firewall ──
  const muniWeights = munis.map(() => Math.exp(0.45 * rng.gauss()));
  const muniBudgets = apportion(totalRules, muniWeights);

  // Violations: each kind in one municipality, a few more kinds repeated in larger prefectures.
  const VIOLATION_KINDS = ['mn-to-lgwan-no-exception', 'mn-to-internet-tier', 'lgwan-to-internet', 'internet-to-lgwan', 'unsanitized-mail', 'egress-bypass'] as const;
  const violations = new Map<number, string[]>();
  const extra = Math.floor(M / 11);
  const violationList: string[] = [...VIOLATION_KINDS, ...VIOLATION_KINDS.slice(0, extra * 2)];
  violationList.forEach((kind, i) => {
    const m = M === 1 ? 1 : 1 + ((i * 7 + 3) % M);
    violations.set(m, [...(violations.get(m) ?? []), kind]);
  });
  const hygieneMunis = new Set([1, M === 1 ? 1 : 1 + (5 % M)]);
  const expiredMuni = M >= 3 ? M : 0;

  const perFirewall: number[] = [];
  munis.forEach((muni, i) => {
    const budget = muniBudgets[i]!;
    const split = apportion(budget, [0.25 + 0.05 * rng.gauss(), 0.45 + 0.05 * rng.gauss(), 0.3 + 0.05 * rng.gauss()].map((w) => Math.max(0.1, w)));
    const kinds = violations.get(muni.index) ?? [];
    const ctx = new RuleContext(rng, muni, doc, stats, kinds, hygieneMunis.has(muni.index));
    (['mynumber', 'lgwan', 'internet'] as const).forEach((tier, t) => {
      const rules = ctx.firewallRules(tier, split[t]!);
      doc.firewalls[muni.fw[tier]]!.rules = rules;
      perFirewall.push(rules.length);
    });
    // The approved exception for the pinned flow to the 連携サーバ (as in examples/futaba-alpha).
    doc.exceptions.push({
      id: `EX-${muni.p}-2025-01`,
      rule: 'mynumber-isolation',
      from: [muni.key.jumin!.id],
      to: [muni.key.renkei!.id],
      services: ['tcp/8443'],
      reason: '住民情報システムの帳票・統計データを LGWAN 接続系の連携サーバへ出力する',
      'approved-by': `${muni.name} 最高情報セキュリティ責任者（CISO）`,
      expires: muni.index === expiredMuni ? '2026-03-31' : '2027-03-31',
    });
    stats.exceptions++;
    if (muni.index === expiredMuni) stats.plantedViolations['expired-exception'] = (stats.plantedViolations['expired-exception'] ?? 0) + 1;
  });

  stats.zones = Object.keys(doc.zones).length;
  stats.outsideZones = Object.values(doc.zones).filter((z) => z.external !== undefined).length;
  stats.tierZones = stats.zones - stats.outsideZones;
  stats.hosts = Object.keys(doc.hosts).length;
  stats.firewalls = Object.keys(doc.firewalls).length;
  stats.addressObjects = Object.keys(doc.addresses).length;
  stats.serviceObjects = Object.keys(doc.services).length;
  stats.rules = perFirewall.reduce((s, n) => s + n, 0);
  const sorted = [...perFirewall].sort((a, b) => a - b);
  stats.rulesPerFirewall = { min: sorted[0] ?? 0, median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
  return { document: doc, stats };
}

/** Splits `total` into integers proportional to `weights` (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let rest = total - out.reduce((s, n) => s + n, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest-- <= 0) break;
    out[i]!++;
  }
  return out;
}

function buildMunicipality(m: number, rng: Rng, doc: SansoDocument, stats: NetworkStats): Muni {
  const p = `m${String(m).padStart(2, '0')}`;
  const name = `第${m}市町村`;
  const zones: GZone[] = [];
  const hosts = new Map<string, GHost>();
  const tierZones: Record<Tier, GZone[]> = { mynumber: [], lgwan: [], internet: [] };
  const counts: Record<Tier, number> = { mynumber: rng.int(6, 8), lgwan: rng.int(12, 16), internet: rng.int(8, 10) };
  let zoneIndex = 0;
  for (const tier of ['mynumber', 'lgwan', 'internet'] as const) {
    const templates = [...ZONES_REQUIRED[tier], ...rng.sample(ZONES_OPTIONAL[tier], counts[tier] - ZONES_REQUIRED[tier].length)];
    // Dual-stack: about 10 % of the zones, at least one per tier (so every firewall sees IPv6).
    const v6count = Math.max(1, Math.round(templates.length * 0.1));
    const v6picks = new Set(rng.sample(templates.map((_, i) => i).filter((i) => templates[i]![1] !== 'dmz'), v6count));
    let octet = TIER_OCTETS[tier][0];
    templates.forEach(([short, kind, prefix, description], i) => {
      const size = prefix === 23 ? 2 : 1;
      if (octet % size !== 0) octet++;
      const base = ip4n(10, m, octet, 0);
      octet += size + (rng.chance(0.3) ? size : 0); // leave some gaps, as real address plans do
      if (octet > TIER_OCTETS[tier][1] + 1) throw new Error('internal: address plan overflow');
      zoneIndex++;
      const v6 = v6picks.has(i) ? `2001:db8:${m.toString(16)}:${zoneIndex.toString(16)}::` : undefined;
      const zone: GZone = { id: `${p}-${short}`, short, tier, kind, base, prefix, ...(v6 ? { v6 } : {}), hosts: [] };
      zones.push(zone);
      tierZones[tier].push(zone);
      doc.zones[zone.id] = {
        tier,
        networks: [cidr4(base, prefix), ...(v6 ? [`${v6}/64`] : [])],
        description: `${name} ${description}`,
      };
      if (v6) stats.ipv6Zones++;
    });
  }

  // Hosts: 3–20 per zone; gateways in the DMZ; named servers the skeleton rules use.
  const key: Record<string, GHost> = {};
  const addHost = (zone: GZone, local: string, description: string, role?: Role, services?: string[]): GHost => {
    const id = `${p}-${local}`;
    if (hosts.has(id)) throw new Error(`internal: duplicate host ${id}`);
    const capacity = (zone.prefix === 23 ? 512 : 256) - 12;
    let offset: number;
    do offset = 10 + rng.int(0, capacity - 1);
    while (zone.hosts.some((h) => h.v4 === zone.base + offset));
    const v4 = zone.base + offset;
    const v6 = zone.v6 ? `${zone.v6}${offset.toString(16)}` : undefined;
    const host: GHost = { id, zone, v4, ...(v6 ? { v6 } : {}), ...(role ? { role } : {}) };
    zone.hosts.push(host);
    hosts.set(id, host);
    doc.hosts[id] = {
      zone: zone.id,
      addresses: [ip4(v4), ...(v6 ? [v6] : [])],
      ...(role ? { role } : {}),
      ...(services ? { services } : {}),
      description: `${name} ${description}`,
    };
    return host;
  };
  const zoneOf = (short: string): GZone => zones.find((z) => z.short === short)!;
  const dmz = zoneOf('inet-dmz');
  key.mailSanitizer = addHost(dmz, 'mail-sanitizer', 'メール無害化', 'mail-sanitizer', ['smtp']);
  key.fileSanitizer = addHost(dmz, 'file-sanitizer', 'ファイル無害化（CDR）', 'file-sanitizer', ['https', 'smb']);
  key.vb = addHost(dmz, 'vb-01', '仮想ブラウザ（画面転送）', 'screen-transfer', ['https']);
  key.proxy = addHost(dmz, 'web-proxy', 'Web プロキシ', 'proxy', ['proxy-web']);
  const vdi = zones.find((z) => z.short === 'inet-vdi');
  if (vdi) for (let i = 2; i <= 4; i++) key[`vb${i}`] = addHost(vdi, `vb-0${i}`, '仮想ブラウザ（画面転送）', 'screen-transfer', ['https']);
  const mnServer = zoneOf('mn-server');
  key.mnAd = addHost(mnServer, 'mn-ad', 'マイナンバー系 AD・DNS・NTP');
  key.jumin = addHost(mnServer, 'jumin-ap', '住民情報システム AP');
  key.juminDb = addHost(mnServer, 'jumin-db', '住民情報システム DB');
  key.atena = addHost(zoneOf('mn-atena'), 'atena-01', '団体内統合宛名');
  key.cs = addHost(zoneOf('mn-juki-cs'), 'juki-cs-01', '住基ネット CS');
  key.chukanTerminal = addHost(zoneOf('mn-office'), 'chukan-terminal', '中間サーバー接続端末');
  const lgServer = zoneOf('lg-server');
  key.lgAd = addHost(lgServer, 'lg-ad', 'LGWAN 系 AD・DNS・NTP');
  key.groupware = addHost(lgServer, 'groupware', 'グループウェア');
  key.lgMail = addHost(lgServer, 'lg-mail', 'LGWAN メールサーバ');
  key.fileserver = addHost(lgServer, 'fileserver', 'ファイルサーバ');
  key.zaimu = addHost(lgServer, 'zaimu-ap', '財務会計システム');
  key.lgUpdate = addHost(lgServer, 'lg-update', 'WSUS・ウイルス対策管理');
  key.renkei = addHost(zoneOf('lg-renkei'), 'renkei-01', '連携サーバ');
  for (const zone of zones.filter((z) => z.kind === 'public')) addHost(zone, `${zone.short}-www`, '公開 Web サーバ', 'public-server', ['http', 'https']);

  const used = new Map<string, number>();
  for (const zone of zones) {
    const want = rng.int(3, 20);
    while (zone.hosts.length < want) {
      let local: string;
      if (zone.kind === 'server' || zone.kind === 'renkei' || zone.kind === 'dmz' || zone.kind === 'public') {
        const fn = rng.pick(SERVER_NAMES[zone.tier]);
        const n = (used.get(`${zone.short}/${fn}`) ?? 0) + 1;
        used.set(`${zone.short}/${fn}`, n);
        local = `${zone.short}-${fn}-${String(n).padStart(2, '0')}`;
      } else {
        const prefix = zone.kind === 'print' ? 'prn' : zone.kind === 'mgmt' ? 'ops' : 'pc';
        const n = (used.get(`${zone.short}/${prefix}`) ?? 0) + 1;
        used.set(`${zone.short}/${prefix}`, n);
        local = `${zone.short}-${prefix}${String(n).padStart(3, '0')}`;
      }
      addHost(zone, local, zone.kind === 'client' ? '端末' : zone.kind === 'print' ? 'プリンタ' : zone.kind === 'mgmt' ? '運用管理端末' : 'サーバ');
    }
  }

  // Firewalls and their interfaces.
  const fw: Record<Tier, string> = { mynumber: `${p}-fw-mynumber`, lgwan: `${p}-fw-lgwan`, internet: `${p}-fw-internet` };
  const interfaces = (list: GZone[]): Record<string, string[]> => Object.fromEntries(list.map((z) => [z.short, [z.id]]));
  doc.firewalls[fw.mynumber] = {
    description: `${name} マイナンバー利用事務系 FW`,
    interfaces: { ...interfaces(tierZones.mynumber), renkei: [zoneOf('lg-renkei').id], 'lgwan-wan': ['lgwan-backbone'], juki: ['juki-net'], gcloud: ['gov-cloud'] },
    default: 'deny',
    rules: [],
  };
  doc.firewalls[fw.lgwan] = {
    description: `${name} LGWAN接続系 FW`,
    interfaces: { ...interfaces(tierZones.lgwan), 'lgwan-wan': ['lgwan-backbone'], 'inet-dmz': [dmz.id] },
    default: 'deny',
    rules: [],
  };
  doc.firewalls[fw.internet] = {
    description: `${name} インターネット接続系 FW`,
    interfaces: { ...interfaces(tierZones.internet), seccloud: ['sec-cloud'] },
    default: 'deny',
    rules: [],
  };
  return { index: m, p, name, zones, hosts, key, tierZones, fw };
}

// ─── Rules ────────────────────────────────────────────────────────────────────────────────────

interface Endpoint {
  terms: string[];
}

class RuleContext {
  constructor(
    private readonly rng: Rng,
    private readonly muni: Muni,
    private readonly doc: SansoDocument,
    private readonly stats: NetworkStats,
    private readonly violations: readonly string[],
    private readonly hygiene: boolean,
  ) {}

  private rule(from: string[], to: string[], services: string[], action: 'allow' | 'deny', extra: { log?: boolean; comment?: string } = {}): RuleDoc {
    return {
      name: '', // numbered once the firewall's rules are in order (renumber)
      from: [...from],
      to: [...to],
      services: [...services],
      action,
      ...(extra.log !== undefined ? { log: extra.log } : {}),
      ...(extra.comment !== undefined ? { comment: extra.comment } : {}),
    };
  }

  /** The rules of one firewall: exactly `budget` of them (when the budget exceeds the fixed part). */
  firewallRules(tier: Tier, budget: number): RuleDoc[] {
    const { rng, muni } = this;
    const k = muni.key;
    const ids = (hosts: (GHost | undefined)[]): string[] => hosts.filter((h): h is GHost => !!h).map((h) => h.id);
    const zonesOf = (kinds: ZoneKind[]): string[] => muni.tierZones[tier].filter((z) => kinds.includes(z.kind)).map((z) => z.id);
    const cross = (from: string[], to: string[], services: string[], comment: string): RuleDoc => {
      this.stats.crossTierRules++;
      return this.rule(from, to, services, 'allow', { log: true, comment });
    };
    const within = (from: string[], to: string[], services: string[], comment: string): RuleDoc => this.rule(from, to, services, 'allow', { comment });

    // 1. Broad denies at the top.
    const top: RuleDoc[] = [this.rule(['any'], ['any'], ['telnet', 'r-commands', 'tftp'], 'deny', { log: true, comment: '平文の旧式プロトコルは全面禁止' })];
    if (rng.chance(0.6)) top.push(this.rule(['any'], ['any'], ['netbios'], 'deny', { log: true, comment: 'NetBIOS の遮断' }));

    // 2. The skeleton: what the tier needs, and the sanctioned crossings.
    const skeleton: RuleDoc[] = [];
    const clients = zonesOf(['client']);
    if (tier === 'mynumber') {
      const servers = this.addressObject(`${muni.p}-mn-jumin-servers`, ids([k.jumin, k.juminDb]));
      skeleton.push(
        within(clients, ids([k.mnAd]), ['ad-services'], '端末のログオン・名前解決・時刻同期'),
        within(clients, ids([k.jumin]), ['https'], '住民情報システムの業務画面'),
        within(clients, ids([k.atena]), ['https'], '統合宛名システムの業務画面'),
        within([servers], ids([k.atena]), ['https'], '住民情報システムから統合宛名への宛名連携'),
        within(ids([k.jumin]), ids([k.cs]), ['cs-renkei'], '既存住基と CS の連携'),
        cross(ids([k.cs]), ['juki-pref'], ['jukinet'], 'CS から住基ネット 都道府県サーバへ'),
        cross(['juki-pref'], ids([k.cs]), ['jukinet'], '都道府県サーバから CS への照会・通知'),
        cross(ids([k.atena]), ['chukan-01'], ['https'], '統合宛名から中間サーバーへ（情報連携）'),
        cross(ids([k.chukanTerminal]), ['chukan-01'], ['https'], '中間サーバー接続端末から中間サーバーへ'),
        cross(ids([k.jumin]), ['gcloud-kikan-01'], ['gcloud-app'], 'ガバメントクラウド上の標準準拠システムとの連携'),
        cross(ids([k.jumin]), ids([k.renkei]), ['tcp/8443'], `帳票を LGWAN 系の連携サーバへ出力（例外措置 EX-${muni.p}-2025-01）`),
      );
    } else if (tier === 'lgwan') {
      const lgClients = this.addressObject(`${muni.p}-lg-clients`, clients);
      const vbs = this.addressObject(`${muni.p}-virtual-browsers`, ids([k.vb, k.vb2, k.vb3, k.vb4]));
      skeleton.push(
        within([lgClients], ids([k.lgAd]), ['ad-services'], '端末のログオン・名前解決・時刻同期'),
        within([lgClients], ids([k.groupware]), ['web'], 'グループウェア'),
        within([lgClients], ids([k.lgMail]), ['mail-client'], 'LGWAN メールの送受信'),
        within([lgClients], ids([k.fileserver]), ['smb'], 'ファイルサーバ'),
        within([lgClients], ids([k.zaimu]), ['https'], '財務会計システム'),
        within([lgClients], ids([k.lgUpdate]), ['wsus'], 'Windows 更新・パターン配信'),
        within([lgClients], ids([k.renkei]), ['https'], '連携サーバから帳票を受け取る'),
        within([`${muni.p}-lg-renkei`], ids([k.lgAd]), ['dns', 'ntp'], '連携サーバの名前解決と時刻同期'),
        cross([lgClients], ['lgwan-backbone'], ['web'], 'LGWAN-ASP の利用'),
        cross(ids([k.lgMail]), ['lgwan-mail'], ['smtp'], 'LGWAN メールの送信'),
        cross(['lgwan-mail'], ids([k.lgMail]), ['smtp'], 'LGWAN メールの受信'),
        cross(ids([k.lgAd]), ['lgwan-dns'], ['dns', 'ntp'], 'LGWAN DNS への転送と時刻同期'),
        cross(ids([k.lgUpdate]), ['lgwan-backbone'], ['https'], 'LGWAN-ASP から更新を取得'),
        cross([lgClients], [vbs], ['https'], '仮想ブラウザでのインターネット閲覧（画面転送）'),
        cross([lgClients], ids([k.fileSanitizer]), ['https'], '無害化済みファイルの受け取り'),
        cross(ids([k.mailSanitizer]), ids([k.lgMail]), ['smtp'], '無害化したインターネットメールの配送'),
        cross(ids([k.lgMail]), ids([k.mailSanitizer]), ['smtp'], 'インターネット宛てメールの送信（無害化サーバ経由）'),
      );
    } else {
      const inetClients = zonesOf(['client']);
      const proxyClients = this.addressObject(`${muni.p}-proxy-clients`, [...inetClients, `${muni.p}-virtual-browsers`]);
      const dmzServers = this.addressObject(`${muni.p}-dmz-servers`, ids([k.mailSanitizer, k.fileSanitizer, k.vb, k.proxy]));
      skeleton.push(
        within([proxyClients], ids([k.proxy]), ['proxy-web'], 'Web プロキシ経由の閲覧'),
        within(inetClients, ids([k.fileSanitizer]), ['https'], '取得したファイルを無害化にかける'),
        within(ids([k.vb]), ids([k.fileSanitizer]), ['smb'], '仮想ブラウザからダウンロードしたファイルを無害化へ'),
        cross(ids([k.proxy]), ['the-internet'], ['web'], 'Web 閲覧（セキュリティクラウド経由）'),
        cross(ids([k.proxy]), ['seccloud-dns'], ['dns'], 'プロキシの名前解決'),
        cross(['seccloud-mail'], ids([k.mailSanitizer]), ['smtp'], 'インターネットメールの受信'),
        cross(ids([k.mailSanitizer]), ['seccloud-mail'], ['smtp'], 'インターネットメールの送信'),
        cross([dmzServers], ['seccloud-ntp'], ['ntp'], '時刻同期'),
        cross([dmzServers], ['seccloud-siem'], ['syslog'], 'SOC へのログ転送'),
        cross(inetClients.slice(0, 1), ['seccloud-cms'], ['https'], 'ホームページの更新（共同利用 CMS）'),
      );
      const publicHosts = muni.tierZones.internet.filter((z) => z.kind === 'public').flatMap((z) => z.hosts.filter((h) => h.role === 'public-server'));
      if (publicHosts.length > 0) skeleton.push(cross(['the-internet'], ids(publicHosts), ['web'], '公開 Web サーバ'));
    }
    // A few cross-tier allows without log or comment (hygiene findings).
    if (this.hygiene) {
      const crossing = skeleton.filter((r) => r.log);
      const a = crossing[crossing.length - 1];
      const b = crossing[crossing.length - 2];
      if (a) {
        delete a.log;
        this.stats.plantedHygiene++;
      }
      if (b && tier !== 'mynumber') {
        delete b.comment;
        this.stats.plantedHygiene++;
      }
    }

    // 3. Violations planted in this firewall.
    const planted = this.violationRules(tier);

    // 4. The bulk: intra-tier rules, with deny carve-outs and planted shadowing, up to the budget.
    const cleanup = this.rule(['any'], ['any'], ['any'], 'deny', { log: true, comment: '明示的な全拒否（ログ取得）' });
    const fixed = top.length + skeleton.length + planted.length + 1;
    const bulk = this.bulkRules(tier, Math.max(0, budget - fixed));
    for (const r of planted) bulk.splice(rng.int(Math.floor(bulk.length / 2), bulk.length), 0, r);
    const rules = [...top, ...skeleton, ...bulk, cleanup].slice(0, Math.max(budget, 0));
    if (rules.length > 0 && budget > 0 && rules[rules.length - 1] !== cleanup) rules[rules.length - 1] = cleanup;
    // Number the rules in order, as rule bases are usually listed.
    this.renumber(tier, rules);
    for (const r of rules) {
      if (r.action === 'deny') this.stats.denyRules++;
      if ([...r.from, ...r.to].some((t) => t.includes(':') && !/^[a-z]/i.test(t))) this.stats.ipv6Rules++;
      if (r.services.some((s) => /^(tcp|udp)\/\d+-\d+$/.test(s))) this.stats.portRangeRules++;
    }
    return rules;
  }

  private renumber(tier: Tier, rules: RuleDoc[]): void {
    rules.forEach((r, i) => (r.name = `${this.muni.p}-${TIER_SHORT[tier]}-${String((i + 1) * 10).padStart(5, '0')}`));
  }

  private addressObject(id: string, members: string[]): string {
    if (!this.doc.addresses[id]) this.doc.addresses[id] = members;
    return id;
  }

  private violationRules(tier: Tier): RuleDoc[] {
    const { muni, rng, doc } = this;
    const k = muni.key;
    const out: RuleDoc[] = [];
    const note = (kind: string): void => void (this.stats.plantedViolations[kind] = (this.stats.plantedViolations[kind] ?? 0) + 1);
    const add = (kind: string, r: RuleDoc): void => {
      out.push(r);
      this.stats.crossTierRules++;
      note(kind);
    };
    for (const kind of this.violations) {
      if (tier === 'mynumber' && kind === 'mn-to-lgwan-no-exception') {
        add(kind, this.rule([`${muni.p}-mn-office`], [`${muni.p}-lg-renkei`], ['https'], 'allow', { log: true, comment: '帳票の一括転送（例外措置は申請中）' }));
      } else if (tier === 'mynumber' && kind === 'mn-to-internet-tier') {
        // A leg of the My Number firewall in the Internet-tier DMZ, "for OS updates".
        doc.firewalls[muni.fw.mynumber]!.interfaces['inet-dmz'] = [`${muni.p}-inet-dmz`];
        add(kind, this.rule([`${muni.p}-mn-server`], [k.proxy!.id], ['proxy-web'], 'allow', { log: true, comment: 'OS 更新の取得（暫定）' }));
      } else if (kind === 'lgwan-to-internet' && (tier === 'lgwan' || tier === 'internet')) {
        const pc = rng.pick(muni.tierZones.lgwan.filter((z) => z.kind === 'client').flatMap((z) => z.hosts));
        const pcId = this.vendorPc ?? (this.vendorPc = pc.id);
        add(kind, this.rule([pcId], ['the-internet'], ['https'], 'allow', { log: true, comment: '保守事業者のクラウドサービス利用（直接接続）' }));
      } else if (tier === 'lgwan' && kind === 'internet-to-lgwan') {
        add(kind, this.rule([`${muni.p}-inet-dmz`], [k.fileserver!.id], ['smb'], 'allow', { log: true, comment: 'DMZ からファイルサーバへの直接保存' }));
      } else if (tier === 'lgwan' && kind === 'unsanitized-mail') {
        // A DMZ server (not a gateway) sending its alerts straight to the LGWAN mail server.
        const dmzServer = muni.tierZones.internet.find((z) => z.kind === 'dmz')!.hosts.find((h) => !h.role) ?? k.proxy!;
        add(kind, this.rule([dmzServer.id], [k.lgMail!.id], ['smtp'], 'allow', { log: true, comment: '監視通知メール' }));
      } else if (tier === 'internet' && kind === 'egress-bypass') {
        doc.firewalls[muni.fw.internet]!.interfaces['direct-line'] = ['the-internet'];
        const office = muni.tierZones.internet.find((z) => z.short === 'inet-office')!;
        add(kind, this.rule([office.id], ['the-internet'], ['web'], 'allow', { log: true, comment: '回線障害時の直接接続（バックアップ回線）' }));
      }
    }
    return out;
  }
  private vendorPc: string | undefined;
  private v6HostMap: Map<string, GHost> | undefined;
  /** Hosts by their IPv6 address. */
  private v6Hosts(): Map<string, GHost> {
    return (this.v6HostMap ??= new Map([...this.muni.hosts.values()].filter((h) => h.v6).map((h) => [h.v6!, h])));
  }

  /** Address objects and service objects of this firewall, created on first use of the tier. */
  private objects = new Map<Tier, { addresses: string[]; services: string[] }>();

  private objectsOf(tier: Tier, bulk: number): { addresses: string[]; services: string[] } {
    let o = this.objects.get(tier);
    if (o) return o;
    const { rng, muni, doc } = this;
    const zones = muni.tierZones[tier];
    const hostsOf = (z: GZone): GHost[] => z.hosts;
    const addresses: string[] = [];
    const nAddr = Math.max(4, Math.round(bulk / 20));
    for (let i = 1; i <= nAddr; i++) {
      const kind = rng.weighted([['hosts', 6], ['nets', 2], ['zones', 0.6], ['range', 1], ['nested', i > 3 ? 2 : 0]] as const);
      const id = `${muni.p}-${TIER_SHORT[tier]}-${kind === 'nested' ? 'grp' : kind}-${String(i).padStart(3, '0')}`;
      let members: string[];
      if (kind === 'hosts') {
        const zone = rng.pick(zones.filter((z) => z.hosts.length >= 2));
        members = rng.sample(hostsOf(zone), rng.int(2, Math.min(6, zone.hosts.length))).map((h) => h.id);
      } else if (kind === 'nets') {
        members = Array.from({ length: rng.int(1, 3) }, () => this.subnet(rng.pick(zones), rng.int(25, 28)));
        members = [...new Set(members)];
      } else if (kind === 'zones') {
        members = rng.sample(zones, rng.int(2, 3)).map((z) => z.id);
      } else if (kind === 'range') {
        members = [this.range(rng.pick(zones))];
      } else {
        members = [...rng.sample(addresses, rng.int(1, 2)), rng.pick(rng.pick(zones.filter((z) => z.hosts.length > 0)).hosts).id];
      }
      doc.addresses[id] = members;
      addresses.push(id);
    }
    const services: string[] = [];
    const nSvc = Math.max(3, Math.round(bulk / 40));
    for (let i = 1; i <= nSvc; i++) {
      const id = `${muni.p}-${TIER_SHORT[tier]}-svc-${rng.pick(SERVICE_OBJECT_NAMES)}-${String(i).padStart(3, '0')}`;
      const terms = new Set<string>();
      const n = rng.int(1, 3);
      while (terms.size < n) {
        terms.add(
          rng.weighted([
            [`tcp/${rng.chance(0.5) ? rng.pick(APP_PORTS) : rng.int(1025, 65000)}`, 4],
            [`udp/${rng.pick(UDP_PORTS)}`, 1],
            [this.portRange(), 2],
            [rng.pick(SERVICES_BY_KIND.server), 2],
            [services.length > 0 ? rng.pick(services) : 'https', services.length > 2 ? 1 : 0],
          ]),
        );
      }
      doc.services[id] = [...terms];
      services.push(id);
    }
    o = { addresses, services };
    this.objects.set(tier, o);
    return o;
  }

  private portRange(): string {
    const [lo, hi] = this.rng.pick(PORT_RANGES);
    return `tcp/${lo}-${hi}`;
  }

  private subnet(zone: GZone, prefix: number): string {
    const span = zone.prefix === 23 ? 512 : 256;
    const size = 2 ** (32 - prefix);
    const count = span / size;
    return cidr4(zone.base + size * this.rng.int(0, count - 1), prefix);
  }

  private range(zone: GZone): string {
    const span = zone.prefix === 23 ? 512 : 256;
    const lo = this.rng.int(10, span - 60);
    return `${ip4(zone.base + lo)}-${ip4(zone.base + lo + this.rng.int(5, 50))}`;
  }

  private source(tier: Tier, objects: { addresses: string[] }): Endpoint {
    const { rng, muni } = this;
    const zones = muni.tierZones[tier];
    const kind = rng.weighted([['host', 40], ['zone', 5], ['object', 22], ['subnet', 20], ['range', 5], ['hosts', 8]] as const);
    switch (kind) {
      case 'host':
        return { terms: [this.anyHost(zones).id] };
      case 'zone':
        return { terms: [rng.pick(zones).id] };
      case 'object':
        return { terms: [rng.pick(objects.addresses)] };
      case 'subnet':
        return { terms: [this.subnet(rng.pick(zones), rng.int(25, 28))] };
      case 'range':
        return { terms: [this.range(rng.pick(zones))] };
      case 'hosts':
        return { terms: [...new Set(Array.from({ length: rng.int(2, 3) }, () => this.anyHost(zones).id))] };
    }
  }

  private destination(tier: Tier, objects: { addresses: string[] }): Endpoint {
    const { rng, muni } = this;
    const zones = muni.tierZones[tier];
    const servers = zones.filter((z) => z.kind !== 'client' && z.hosts.length > 0);
    const kind = rng.weighted([['server', 52], ['host', 8], ['object', 18], ['zone', 3], ['ip', 11], ['hosts', 8]] as const);
    switch (kind) {
      case 'server':
        return { terms: [rng.pick(rng.pick(servers).hosts).id] };
      case 'host':
        return { terms: [this.anyHost(zones).id] };
      case 'object':
        return { terms: [rng.pick(objects.addresses)] };
      case 'zone':
        return { terms: [rng.pick(zones).id] };
      case 'ip':
        return { terms: [ip4(rng.pick(rng.pick(servers).hosts).v4)] };
      case 'hosts':
        return { terms: [...new Set(Array.from({ length: rng.int(2, 3) }, () => rng.pick(rng.pick(servers).hosts).id))] };
    }
  }

  private anyHost(zones: readonly GZone[]): GHost {
    return this.rng.pick(this.rng.pick(zones.filter((z) => z.hosts.length > 0)).hosts);
  }

  /** An IPv6 rule's ends: mostly single addresses and small blocks, sometimes a whole /64 or a dual-stack host's name. */
  private v6Ends(tier: Tier): { from: string[]; to: string[] } {
    const { rng, muni } = this;
    const v6zones = muni.tierZones[tier].filter((z) => z.v6);
    const zone = (): GZone => rng.pick(v6zones);
    const host = (): GHost => rng.pick(zone().hosts);
    const from = rng.weighted([
      [() => host().v6!, 55],
      [() => `${zone().v6!}${rng.pick(['', '100'])}/120`, 12],
      [() => host().id, 28],
      [() => `${zone().v6!}/64`, 5],
    ] as const)();
    const to = rng.weighted([
      [() => host().v6!, 60],
      [() => host().id, 40],
    ] as const)();
    return { from: [from], to: [to] };
  }

  private services(objects: { services: string[] }, destinationKind: ZoneKind | undefined): string[] {
    const { rng } = this;
    const pool =
      destinationKind === 'mgmt' ? SERVICES_BY_KIND.mgmt : destinationKind === 'print' ? SERVICES_BY_KIND.print : destinationKind === 'client' ? SERVICES_BY_KIND.client : SERVICES_BY_KIND.server;
    const kind = rng.weighted([['builtin', 38], ['port', 18], ['udp', 4], ['range', 10], ['object', 22], ['list', 8]] as const);
    switch (kind) {
      case 'builtin':
        return [rng.pick(pool)];
      case 'port':
        // Well-known application ports, or the odd port a package vendor chose.
        return [`tcp/${rng.chance(0.5) ? rng.pick(APP_PORTS) : rng.int(1025, 65000)}`];
      case 'udp':
        return [`udp/${rng.pick(UDP_PORTS)}`];
      case 'range':
        return [this.portRange()];
      case 'object':
        return [rng.pick(objects.services)];
      case 'list':
        return [...new Set(rng.sample(pool, rng.int(2, 3)))];
    }
  }

  private commentFor(services: readonly string[]): string {
    const s = services.join(' ');
    const group = /ssh|rdp|snmp|winrm|vnc|ping/.test(s)
      ? 'mgmt'
      : /sql|oracle|1521|1433|5432|3306/.test(s)
        ? 'db'
        : /smb/.test(s)
          ? 'file'
          : /dns|ntp|ldap|kerberos|syslog|ad-/.test(s)
            ? 'infra'
            : /9100|515|ipp/.test(s)
              ? 'print'
              : /https?\b|web/.test(s)
                ? 'web'
                : 'app';
    return this.rng.pick(COMMENTS[group]!);
  }

  private zoneKindOf(term: string): ZoneKind | undefined {
    const host = this.muni.hosts.get(term) ?? this.v6Hosts().get(term);
    if (host) return host.zone.kind;
    return this.muni.zones.find((z) => z.id === term)?.kind;
  }

  /** `count` intra-tier rules: allows, deny carve-outs before broader allows, IPv6 rules, and planted overlaps. */
  private bulkRules(tier: Tier, count: number): RuleDoc[] {
    const { rng } = this;
    const objects = this.objectsOf(tier, count);
    const out: RuleDoc[] = [];
    const allows: RuleDoc[] = [];
    const shadowTarget = Math.max(1, Math.round(count * 0.008));
    const denyTarget = Math.round(count * (0.05 + 0.03 * rng.float()));
    let denies = 0;
    let shadows = 0;
    // Use every object at least once: the first rules walk through them.
    const pendingAddresses = [...objects.addresses];
    const pendingServices = [...objects.services];

    const allow = (): RuleDoc => {
      if (rng.chance(0.13)) {
        const { from, to } = this.v6Ends(tier);
        const services = this.services(objects, this.zoneKindOf(to[0]!));
        return this.rule(from, to, services, 'allow', { comment: `IPv6: ${this.commentFor(services)}` });
      }
      const from = pendingAddresses.length > 0 && rng.chance(0.5) ? { terms: [pendingAddresses.pop()!] } : this.source(tier, objects);
      const to = pendingAddresses.length > 0 && rng.chance(0.5) ? { terms: [pendingAddresses.pop()!] } : this.destination(tier, objects);
      const services = pendingServices.length > 0 ? [pendingServices.pop()!] : this.services(objects, this.zoneKindOf(to.terms[0]!));
      const r = this.rule(from.terms, to.terms, services, 'allow', rng.chance(0.9) ? { comment: this.commentFor(services) } : {});
      if (rng.chance(0.15)) r.log = true;
      return r;
    };

    while (out.length < count) {
      const left = count - out.length;
      const wantDeny = denies < denyTarget && rng.chance((denyTarget - denies) / Math.max(1, left)) && left >= 2;
      const wantShadow = shadows < shadowTarget && allows.length > 5 && rng.chance((shadowTarget - shadows) / Math.max(1, left));
      if (wantDeny) {
        // A deny carve-out: a narrower deny right before a broader allow with the same destination.
        const zone = rng.pick(this.muni.tierZones[tier].filter((z) => z.hosts.length > 0));
        let wide: string;
        let narrow: string;
        if (rng.chance(0.5)) {
          wide = zone.id;
          narrow = rng.chance(0.6) ? rng.pick(zone.hosts).id : this.subnet(zone, rng.int(28, 30));
        } else {
          // A subnet of the zone, and a host or a smaller block inside it.
          const half = zone.prefix === 23 ? 24 : 25;
          const size = 2 ** (32 - half);
          const base = zone.base + size * rng.int(0, (zone.prefix === 23 ? 512 : 256) / size - 1);
          wide = cidr4(base, half);
          const inside = zone.hosts.filter((h) => h.v4 >= base && h.v4 < base + size);
          const small = rng.int(28, 30);
          narrow = inside.length > 0 && rng.chance(0.6) ? ip4(rng.pick(inside).v4) : cidr4(base + 2 ** (32 - small) * rng.int(0, size / 2 ** (32 - small) - 1), small);
        }
        const to = this.destination(tier, objects);
        const services = this.services(objects, this.zoneKindOf(to.terms[0]!));
        out.push(this.rule([narrow], to.terms, services, 'deny', { log: rng.chance(0.7), comment: rng.pick(COMMENTS.deny!) }));
        const broad = this.rule([wide], to.terms, services, 'allow', { comment: this.commentFor(services) });
        out.push(broad);
        allows.push(broad);
        denies++;
        continue;
      }
      if (wantShadow) {
        const kind = rng.weighted([['covered', 3], ['shadowed', 2], ['covered-by-two', left >= 3 ? 2 : 0]] as const);
        shadows++;
        this.stats.plantedShadowed++;
        if (kind === 'covered') {
          // The same traffic again, a while later: covered by the earlier allow.
          const earlier = rng.pick(allows);
          out.push(this.rule([...earlier.from], [...earlier.to], [rng.pick(earlier.services)], 'allow', { comment: `${earlier.comment ?? '追加申請'}（再申請）` }));
        } else if (kind === 'shadowed') {
          // A legacy protocol allowed after the broad deny at the top: never reached.
          const servers = this.muni.tierZones[tier].filter((z) => z.kind !== 'client' && z.hosts.length > 0);
          const host = rng.pick(rng.pick(servers).hosts);
          out.push(this.rule([this.anyHost(this.muni.tierZones[tier]).id], [host.id], [rng.pick(['telnet', 'tftp'])], 'allow', { comment: '旧システムの保守（telnet/tftp）' }));
        } else {
          // Two halves first, the whole later: covered by the two together.
          const zone = rng.pick(this.muni.tierZones[tier].filter((z) => z.prefix === 24 && !z.v6));
          const to = this.destination(tier, objects);
          const services = [rng.pick(SERVICES_BY_KIND.server)];
          const half = (i: number): string => cidr4(zone.base + i * 128, 25);
          out.push(this.rule([half(0)], to.terms, services, 'allow', { comment: this.commentFor(services) }));
          out.push(this.rule([half(1)], to.terms, services, 'allow', { comment: this.commentFor(services) }));
          out.push(this.rule([zone.id], to.terms, services, 'allow', { comment: `${this.commentFor(services)}（セグメント単位に統合）` }));
        }
        continue;
      }
      const r = allow();
      out.push(r);
      allows.push(r);
    }
    return out.slice(0, count);
  }
}

// ─── Output ───────────────────────────────────────────────────────────────────────────────────

/**
 * YAML as a person would keep it: block style for the structure, one flow map per zone, host, object and
 * rule (as in examples/futaba-alpha). Each entry is written by the yaml package on its own, so a 100k-rule
 * model never needs one syntax tree for the whole file.
 */
export function toYaml(document: SansoDocument, header: string): string {
  const options = { lineWidth: 0, flowCollectionPadding: true, aliasDuplicateObjects: false } as const;
  const flow = (value: unknown): string => stringify(value, { ...options, collectionStyle: 'flow' }).trimEnd();
  const key = (k: string): string => stringify(k, options).trimEnd();
  const out: string[] = header.split('\n').map((line) => `#${line}`);
  out.push('');
  const section = (name: string, entries: Record<string, unknown>): void => {
    out.push(`${name}:`);
    for (const [k, v] of Object.entries(entries)) out.push(`  ${key(k)}: ${flow(v)}`);
  };
  for (const [k, v] of Object.entries(document)) {
    if (k === 'zones' || k === 'hosts' || k === 'addresses' || k === 'services') section(k, v as Record<string, unknown>);
    else if (k === 'firewalls') {
      out.push('firewalls:');
      for (const [id, fw] of Object.entries(document.firewalls)) {
        out.push(`  ${key(id)}:`);
        out.push(`    description: ${flow(fw.description)}`);
        out.push('    interfaces:');
        for (const [name, zones] of Object.entries(fw.interfaces)) out.push(`      ${key(name)}: ${flow(zones)}`);
        out.push(`    default: ${fw.default}`);
        out.push('    rules:');
        for (const rule of fw.rules) out.push(`      - ${flow(rule)}`);
      }
    } else if (k === 'links') {
      out.push('links:');
      for (const link of document.links) out.push(`  - ${flow(link)}`);
    } else if (k === 'exceptions') {
      out.push('exceptions:');
      for (const exception of document.exceptions) {
        const lines = Object.entries(exception).map(([field, value]) => `${key(field)}: ${flow(value)}`);
        out.push(`  - ${lines[0]!}`, ...lines.slice(1).map((line) => `    ${line}`));
      }
    } else out.push(`${key(k)}: ${flow(v)}`);
  }
  return out.join('\n') + '\n';
}

/** JSON as written by generators and converters: two-space indentation. */
export function toJson(document: SansoDocument): string {
  return JSON.stringify(document, null, 2) + '\n';
}

/** "1k" → 1000, "2.5k" → 2500, "1m" → 1000000, "300" → 300. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`bad size "${text}" (use e.g. 1k, 10k, 100k or a number)`);
  const factor = m[2]!.toLowerCase() === 'k' ? 1000 : m[2]!.toLowerCase() === 'm' ? 1_000_000 : 1;
  return Math.round(Number(m[1]) * factor);
}
