// Versions of a model kept in git: tells a path from a revision, and reads a revision's model files and the
// vendor files they import straight from the repository (`git ls-tree`, `git cat-file`), never from the
// working tree. File names are repository-relative paths.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { extname, posix, resolve } from 'node:path';
import type { ParseProblem } from './document';
import { CONFIG_FILE_NAMES, MAX_FILE_BYTES, MODEL_EXTENSIONS, type ImportedFileReader } from './read';

/** A commit of the repository the working directory lies in. */
export interface Revision {
  /** As the user wrote it (`main`, `HEAD~1`, a hash). */
  readonly name: string;
  readonly commit: string;
  /** The repository's top directory, and the working directory relative to it ('' or `dir/`). */
  readonly top: string;
  readonly prefix: string;
}

/** Why a name is not a readable revision. */
export type RevisionProblem =
  | { readonly problem: 'no-git' }
  | { readonly problem: 'not-a-repository' }
  | { readonly problem: 'unknown-revision' }
  | { readonly problem: 'git-failed'; readonly detail: string };

/** Whether a path (relative to `cwd`) names an existing file or directory. */
export function isExistingPath(cwd: string, path: string): boolean {
  return existsSync(resolve(cwd, path));
}

type GitResult = { readonly ok: true; readonly stdout: Buffer } | { readonly ok: false; readonly missing: boolean; readonly detail: string };

function git(cwd: string, args: readonly string[], input?: string): GitResult {
  const result = spawnSync('git', args, { cwd, input, maxBuffer: 4 * MAX_FILE_BYTES, windowsHide: true });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, missing, detail: result.error.message };
  }
  if (result.status !== 0) {
    const detail = result.stderr.toString('utf8').trim().split('\n')[0] ?? '';
    return { ok: false, missing: false, detail: detail || `git ${args[0]} exited with ${result.status}` };
  }
  return { ok: true, stdout: result.stdout };
}

/** The commit a name resolves to in the repository around `cwd`, or why it does not resolve. */
export function resolveRevision(cwd: string, name: string): Revision | RevisionProblem {
  // A name starting with '-' would be read by git as an option.
  if (name === '' || name.startsWith('-')) return { problem: 'unknown-revision' };
  const where = git(cwd, ['rev-parse', '--show-toplevel', '--show-prefix']);
  if (!where.ok) return where.missing ? { problem: 'no-git' } : /not a git repository/i.test(where.detail) ? { problem: 'not-a-repository' } : { problem: 'git-failed', detail: where.detail };
  const [top = '', prefix = ''] = where.stdout.toString('utf8').split('\n');
  const commit = git(cwd, ['rev-parse', '--verify', '--quiet', `${name}^{commit}`]);
  if (!commit.ok) return { problem: 'unknown-revision' };
  return { name, commit: commit.stdout.toString('utf8').trim(), top, prefix };
}

/** Model files read from a revision, as in-memory sources named by their repository-relative paths. */
export interface RevisionFiles {
  readonly sources: readonly { readonly file: string; readonly text: string }[];
  readonly problems: readonly ParseProblem[];
  /** Pathspecs that name nothing in the revision. */
  readonly missing: readonly string[];
  /** Set when git itself failed. */
  readonly failure?: string;
}

/**
 * The model files under the pathspecs (relative to the working directory, like git's) in a revision, chosen
 * the way a directory is read on disk: every .yaml, .yml and .json, except hidden entries, node_modules and
 * sanso.config.*; a file named exactly is read whatever its extension.
 */
export function readRevisionFiles(revision: Revision, cwd: string, pathspecs: readonly string[]): RevisionFiles {
  const listed = git(cwd, ['ls-tree', '-r', '-z', '--full-name', revision.commit, '--', ...pathspecs]);
  if (!listed.ok) return { sources: [], problems: [], missing: [], failure: listed.detail };
  const entries = listed.stdout
    .toString('utf8')
    .split('\0')
    .filter((line) => line !== '')
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode = '', type = '', object = ''] = line.slice(0, tab).split(' ');
      return { mode, type, object, path: line.slice(tab + 1) };
    })
    // Blobs only: not submodules (commits), not symbolic links (their blob is the link's target).
    .filter((e) => e.type === 'blob' && e.mode !== '120000');
  const bases = pathspecs.map((spec) => ({ spec, base: specBase(revision.prefix, spec) }));
  const chosen = entries.filter((e) => {
    const base = bases.find((b) => b.base !== undefined && (b.base === '' || e.path === b.base || e.path.startsWith(`${b.base}/`)))?.base;
    if (base !== undefined && e.path === base) return true;
    const below = base === undefined ? e.path : base === '' ? e.path : e.path.slice(base.length + 1);
    const segments = below.split('/');
    if (segments.some((s) => s.startsWith('.') || s === 'node_modules')) return false;
    if (CONFIG_FILE_NAMES.includes(segments[segments.length - 1]!.toLowerCase())) return false;
    return MODEL_EXTENSIONS.includes(extname(e.path).toLowerCase());
  });
  const missing = bases
    .filter((b) => b.base !== undefined && !entries.some((e) => b.base === '' || e.path === b.base || e.path.startsWith(`${b.base}/`)))
    .map((b) => b.spec);
  chosen.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const read = catFiles(cwd, chosen.map((e) => e.object));
  if ('failure' in read) return { sources: [], problems: [], missing, failure: read.failure };
  const sources: { file: string; text: string }[] = [];
  const problems: ParseProblem[] = [];
  chosen.forEach((e, i) => {
    const bytes = read.blobs[i];
    if (bytes === undefined) problems.push({ messageId: 'not-readable', origin: { file: e.path, pointer: '' }, data: { detail: `not in ${revision.name}` } });
    else if (bytes.length > MAX_FILE_BYTES) problems.push({ messageId: 'too-large', origin: { file: e.path, pointer: '' }, data: { limit: MAX_FILE_BYTES / 1024 / 1024 } });
    else sources.push({ file: e.path, text: bytes.toString('utf8') });
  });
  return { sources, problems, missing };
}

/** The repository-relative directory or file a plain pathspec names; undefined for a glob or magic pathspec. */
function specBase(prefix: string, spec: string): string | undefined {
  if (/[*?[\]]/.test(spec) || spec.startsWith(':')) return undefined;
  const joined = posix.normalize(posix.join(prefix, spec.split('\\').join('/')));
  const trimmed = joined.replace(/\/+$/, '');
  return trimmed === '.' ? '' : trimmed;
}

/** The contents of objects (`<oid>` or `<commit>:<path>`) from one `git cat-file --batch`; undefined for a missing one. */
function catFiles(cwd: string, objects: readonly string[]): { blobs: (Buffer | undefined)[] } | { failure: string } {
  if (objects.length === 0) return { blobs: [] };
  if (objects.some((o) => o.includes('\n'))) return { failure: 'a path holds a line break' };
  const result = git(cwd, ['cat-file', '--batch'], objects.join('\n') + '\n');
  if (!result.ok) return { failure: result.detail };
  const out = result.stdout;
  const blobs: (Buffer | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < objects.length; i++) {
    const end = out.indexOf(0x0a, at);
    if (end < 0) return { failure: 'git cat-file stopped early' };
    const header = out.subarray(at, end).toString('utf8');
    at = end + 1;
    const match = /^\S+ (\S+) (\d+)$/.exec(header);
    if (!match) {
      blobs.push(undefined); // "<object> missing" (or ambiguous)
      continue;
    }
    const size = Number(match[2]);
    blobs.push(match[1] === 'blob' ? out.subarray(at, at + size) : undefined);
    at += size + 1;
  }
  return { blobs };
}

/** The vendor files a revision's model imports, read from that revision (repository-relative paths). */
export function revisionFileReader(revision: Revision, cwd: string): ImportedFileReader {
  return (file) => {
    const problem = (detail: string) => ({ problem: { messageId: 'not-readable' as const, data: { detail } } });
    if (file.startsWith('../') || file === '..' || posix.isAbsolute(file)) return problem(`outside the repository, so not in ${revision.name}`);
    const read = catFiles(cwd, [`${revision.commit}:${file}`]);
    if ('failure' in read) return problem(read.failure);
    const bytes = read.blobs[0];
    if (bytes === undefined) return problem(`not in ${revision.name}`);
    if (bytes.length > MAX_FILE_BYTES) return { problem: { messageId: 'too-large' as const, data: { limit: MAX_FILE_BYTES / 1024 / 1024 } } };
    return { text: bytes.toString('utf8'), digest: createHash('sha256').update(bytes).digest('hex') };
  };
}
