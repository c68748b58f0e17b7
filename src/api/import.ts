// `sanso import`: a vendor file's rules written as sanso's own rules.

import type { Origin } from '../core/finding';
import type { LintReport } from '../core/report';
import { parseIptablesSave } from '../import/iptables-save';
import { flattenChain, type InterfaceAddresses } from '../import/netfilter';
import { flattenForward, nftPointer, parseNftablesJson } from '../import/nftables-json';
import { toNativeRules } from '../import/native-rules';
import { addressesBehind, IMPORT_FORMATS, type ImportFormat } from '../model/imported-rules';
import type { SourceDocument } from '../source/document';
import { linePointer } from '../source/line-document';
import { readVendorFile } from '../source/read';
import { assembleReport, loadModel, parseProblemCollector, startRun, type ConfigOptions } from './run-context';

export interface ImportOptions extends ConfigOptions {
  readonly format: ImportFormat;
  readonly file: string;
  /** iptables formats: the table and built-in chain to read (default filter, FORWARD). */
  readonly table?: string;
  readonly chain?: string;
  /** A firewall of the model in `paths` whose interfaces give the zones behind `-i`/`-o` (iifname/oifname). */
  readonly firewall?: string;
  readonly paths?: readonly string[];
}

export interface ImportResult {
  /** The native rules (YAML), when the file could be read and understood. */
  readonly yaml?: string;
  /** Problems in the file, as findings with their places. */
  readonly report: LintReport;
}

/** `sanso import`: a vendor file's rules written as sanso's own rules. */
export function importRules(options: ImportOptions): ImportResult {
  const { cwd, collected, config, lang } = startRun(options);
  const problem = (messageId: string, data: Record<string, string>, origin?: Origin): void => {
    collected.raw.push({ ruleId: 'import-error', severity: 'error', messageId, data, ...(origin ? { origin } : {}) });
  };
  const nft = options.format === 'nftables-json';
  const read = readVendorFile(options.file, cwd, nft ? 'json' : 'lines');
  read.problems.forEach(parseProblemCollector(collected));
  const documents: SourceDocument[] = read.document ? [read.document] : [];
  const { document } = read;
  if (!document) return { report: assembleReport({ collected, documents, config, usage: [], lang }) };
  const at = (line: number): Origin => ({ file: document.file, pointer: nft ? nftPointer(line) : linePointer(line) });
  const table = options.table ?? 'filter';
  const chain = options.chain ?? 'FORWARD';

  // The rules of each family, read; their problems reported.
  const rulesets = IMPORT_FORMATS[options.format].map((family) => {
    if (nft) {
      const ruleset = parseNftablesJson(document.data, family);
      ruleset.problems.forEach((p) => problem(p.messageId, p.data, { file: document.file, pointer: p.pointer }));
      return { family, chains: ruleset.baseChains.flatMap((b) => [...b.ruleset.tables.values()].flatMap((t) => [...t.chains.values()])), flatten: (behind?: InterfaceAddresses) => flattenForward(ruleset, behind) };
    }
    const ruleset = parseIptablesSave(String(document.data), family);
    ruleset.problems.forEach((p) => problem(p.messageId, p.data, at(p.line)));
    const chains = [...(ruleset.tables.get(table)?.chains.values() ?? [])];
    return { family, chains, flatten: (behind?: InterfaceAddresses) => flattenChain(ruleset, behind, table, chain) ?? problem('no-chain', { file: document.file, table, chain }, at(1)) };
  });

  // The zones behind the interfaces come from the model's firewall; without one, rules that name
  // interfaces cannot be written out.
  let behind: InterfaceAddresses | undefined;
  if (options.firewall !== undefined) {
    const loaded = loadModel({ ...options, paths: options.paths ?? ['.'] }, cwd, collected, () => {});
    documents.push(...loaded.documents);
    const firewall = loaded.model?.firewalls.get(options.firewall);
    if (loaded.model && !firewall) problem('no-firewall', { firewall: options.firewall });
    if (loaded.model && firewall) behind = addressesBehind(firewall.interfaces, loaded.model.zones);
  } else {
    const reported = new Set<number>();
    for (const rule of rulesets.flatMap((r) => r.chains).flatMap((c) => c.rules)) {
      const name = rule.match.inInterface?.value ?? rule.match.outInterface?.value;
      if (name === undefined || reported.has(rule.line)) continue;
      reported.add(rule.line);
      problem('interface-without-model', { name }, at(rule.line));
    }
  }
  let yaml: string | undefined;
  if (collected.raw.length === 0) {
    const parts = rulesets.map((r) => {
      const flat = r.flatten(behind);
      flat?.loops.forEach((l) => problem('loop', { chain: l.chain }, at(l.line)));
      return { family: r.family, ...(flat ? { flat } : {}) };
    });
    if (collected.raw.length === 0) {
      const where = (line: number): string => {
        const position = document.locate(nft ? nftPointer(line) : linePointer(line));
        return `${document.file}:${position.line}`;
      };
      yaml = toNativeRules(parts, { file: document.file, format: options.format, what: nft ? 'the forward hook' : `table ${table}, chain ${chain}`, where });
    }
  }
  const report = assembleReport({ collected, documents, config, usage: [], lang });
  return { ...(yaml !== undefined ? { yaml } : {}), report };
}
