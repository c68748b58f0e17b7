// The only module that reads files: expands the paths the user gave into model files and parses them,
// and finds and reads the configuration file (sanso.config.yaml).

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { parseText, type ParseProblem, type SourceDocument } from './document';
import { importedFilePath, importsOf } from './imports';
import { lineDocument } from './line-document';

export const MODEL_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** Names of the configuration file, in order of preference when a directory holds more than one. */
export const CONFIG_FILE_NAMES: readonly string[] = ['sanso.config.yaml', 'sanso.config.yml', 'sanso.config.json'];
/** Larger files are refused: a model of a prefecture is a few tens of megabytes. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface ReadResult {
  readonly documents: readonly SourceDocument[];
  readonly problems: readonly ParseProblem[];
  /** Paths given that do not exist. */
  readonly missing: readonly string[];
}

/** Every model file under the given paths, sorted, as paths relative to `cwd` (with forward slashes). */
export function expandPaths(paths: readonly string[], cwd: string): { files: string[]; missing: string[] } {
  const found = new Set<string>();
  const missing: string[] = [];
  const walk = (absolute: string, explicit: boolean): void => {
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      if (explicit) missing.push(relativePath(cwd, absolute));
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(absolute).sort()) {
        if (entry.startsWith('.') || entry === 'node_modules') continue;
        // A configuration file beside the model is not part of the model (it is still read if named explicitly).
        if (CONFIG_FILE_NAMES.includes(entry.toLowerCase())) continue;
        walk(join(absolute, entry), false);
      }
    } else if (explicit || MODEL_EXTENSIONS.includes(extname(absolute).toLowerCase())) {
      found.add(absolute);
    }
  };
  for (const path of paths) walk(resolve(cwd, path), true);
  return { files: [...found].sort(), missing };
}

export function relativePath(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}

export function readModelFiles(paths: readonly string[], cwd: string): ReadResult {
  const { files, missing } = expandPaths(paths, cwd);
  const documents: SourceDocument[] = [];
  const problems: ParseProblem[] = [];
  for (const absolute of files) {
    const file = relativePath(cwd, absolute);
    const read = readBytes(absolute, file, problems);
    if (read === undefined) continue;
    const result = parseText(file, read.text);
    if (result.document) documents.push(withDigest(result.document, read.digest));
    problems.push(...result.problems);
  }
  return { documents, problems, missing };
}

/** SHA-256 of each file read, by the text read from it: what an audit report lists so a run can be repeated. */
const digests = new WeakMap<object, string>();

/** The SHA-256 (hex) of the bytes a document was read from, when it was read from a file. */
export function documentDigest(document: SourceDocument): string | undefined {
  return digests.get(document);
}

function withDigest<T extends SourceDocument | undefined>(document: T, digest: string): T {
  if (document) digests.set(document, digest);
  return document;
}

function readText(absolute: string, file: string, problems: ParseProblem[]): string | undefined {
  return readBytes(absolute, file, problems)?.text;
}

/** A file's text and the SHA-256 of its bytes; undefined (with the problem) when it cannot be read. */
function readBytes(absolute: string, file: string, problems: ParseProblem[]): { text: string; digest: string } | undefined {
  const origin = { file, pointer: '' };
  try {
    if (statSync(absolute).size > MAX_FILE_BYTES) {
      problems.push({ messageId: 'too-large', origin, data: { limit: MAX_FILE_BYTES / 1024 / 1024 } });
      return undefined;
    }
    const bytes = readFileSync(absolute);
    return { text: bytes.toString('utf8'), digest: createHash('sha256').update(bytes).digest('hex') };
  } catch (error) {
    problems.push({ messageId: 'not-readable', origin, data: { detail: (error as Error).message } });
    return undefined;
  }
}

/**
 * The configuration file that applies in `cwd`: the first directory from `cwd` up to the filesystem root
 * that holds one (sanso.config.yaml before .yml before .json there), as an absolute path.
 */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface ConfigReadResult {
  /** The file as shown to the user: relative to `cwd`. */
  readonly file: string;
  /** Absent when the file is missing or cannot be parsed. */
  readonly document?: SourceDocument;
  readonly problems: readonly ParseProblem[];
  /** Whether the file does not exist. */
  readonly missing: boolean;
}

/** Reads and parses a configuration file; an empty file (or one of comments only) is an empty configuration. */
export function readConfigFile(path: string, cwd: string): ConfigReadResult {
  const absolute = resolve(cwd, path);
  const file = relativePath(cwd, absolute);
  if (!existsSync(absolute)) return { file, problems: [], missing: true };
  const problems: ParseProblem[] = [];
  const text = readText(absolute, file, problems);
  if (text === undefined) return { file, problems, missing: false };
  return { file, ...parseConfigText(file, text), missing: false };
}

/** Parses the text of a configuration file (see readConfigFile). */
export function parseConfigText(file: string, text: string): { document?: SourceDocument; problems: readonly ParseProblem[] } {
  const result = parseText(file, text);
  if (result.problems.length === 1 && result.problems[0]!.messageId === 'empty') return parseText(file, '{}');
  if (result.document && (result.document.data === null || result.document.data === undefined)) {
    return { document: { ...result.document, data: {} }, problems: [] };
  }
  return result;
}

/** Reads a data file shipped with the package (the tier policy), parsed like a model file. */
export function readPackageData(absolute: string, displayName: string): SourceDocument {
  const result = parseText(displayName, readFileSync(absolute, 'utf8'));
  if (!result.document) throw new Error(`internal: cannot parse packaged ${displayName}`);
  return result.document;
}

/** Absolute path of a file shipped with the package (found from this module upward to package.json). */
export function packageFile(relativeToRoot: string): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return join(dir, relativeToRoot);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`internal: package root not found from ${__dirname}`);
    dir = parent;
  }
}

/** The version in the package's own package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
}

/** Reads every vendor file the model documents import, once each, as line documents. */
/**
 * Reads a vendor file a model imports, named as `importedFilePath` gives it: its text and SHA-256, or why it
 * cannot be read (a parse problem's message id and data). The disk by default; `sanso diff` reads from git.
 */
export type ImportedFileReader = (file: string) => { readonly text: string; readonly digest: string } | { readonly problem: Pick<ParseProblem, 'messageId' | 'data'> };

/** Imported files read from the disk, relative to `cwd`. */
export function diskFileReader(cwd: string): ImportedFileReader {
  return (file) => {
    const own: ParseProblem[] = [];
    const bytes = readBytes(resolve(cwd, file), file, own);
    return bytes ?? { problem: own[0]! };
  };
}

/**
 * Every vendor file the model documents import, once each: as line documents, or nftables JSON as JSON.
 * A file that cannot be read is reported at every place that names it.
 */
export function readImportedFiles(documents: readonly SourceDocument[], read: ImportedFileReader): { documents: SourceDocument[]; problems: ParseProblem[] } {
  const found = new Map<string, SourceDocument>();
  const results = new Map<string, ReturnType<ImportedFileReader>>();
  const problems: ParseProblem[] = [];
  for (const document of documents) {
    for (const { spec, pointer } of importsOf(document)) {
      const file = importedFilePath(document.file, String(spec.file));
      if (found.has(file)) continue;
      let result = results.get(file);
      if (!result) results.set(file, (result = read(file)));
      if ('problem' in result) {
        problems.push({ messageId: result.problem.messageId, origin: { file: document.file, pointer: `${pointer}/file` }, data: { ...result.problem.data, file } });
        continue;
      }
      // nftables JSON is read as JSON (its rules are located by pointer); the other formats line by line.
      if (spec.format === 'nftables-json') {
        const parsed = parseText(file, result.text);
        problems.push(...parsed.problems);
        if (parsed.document) found.set(file, withDigest(parsed.document, result.digest));
      } else found.set(file, withDigest(lineDocument(file, result.text), result.digest));
    }
  }
  return { documents: [...found.values()], problems };
}

/** Reads one vendor file given on the command line: as a line document, or as JSON (positions by pointer). */
export function readVendorFile(path: string, cwd: string, as: 'lines' | 'json'): { document?: SourceDocument; problems: ParseProblem[] } {
  const file = relativePath(cwd, resolve(cwd, path));
  const problems: ParseProblem[] = [];
  const text = readText(resolve(cwd, path), file, problems);
  if (text === undefined) return { problems };
  if (as === 'lines') return { document: lineDocument(file, text), problems };
  const parsed = parseText(file, text);
  return { ...(parsed.document ? { document: parsed.document } : {}), problems: [...problems, ...parsed.problems] };
}

/** The text of a baseline file, or why it cannot be read (absent: the file does not exist). */
export function readBaselineText(path: string, cwd: string): { file: string; text?: string; problem?: 'missing' | string } {
  const file = relativePath(cwd, resolve(cwd, path));
  if (!existsSync(resolve(cwd, path))) return { file, problem: 'missing' };
  try {
    return { file, text: readFileSync(resolve(cwd, path), 'utf8') };
  } catch (error) {
    return { file, problem: (error as Error).message };
  }
}
