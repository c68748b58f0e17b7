// The two versions `sanso diff` compares: which of OLD and NEW are paths and which git revisions, and each
// version read, validated and built into a model — from the disk, from memory, or from a revision of the
// repository (its model files and the vendor files they import both from that revision).

import type { RawFinding } from '../core/finding';
import type { SourceDocument } from '../source/document';
import { isExistingPath, readRevisionFiles, revisionFileReader, resolveRevision, type Revision } from '../source/git';
import type { NetworkModel } from '../model/types';
import { loadModel, parseProblemCollector, todayUtc, type Collected } from './run-context';

/** One version to compare, said explicitly (the library); the CLI's words are resolved into these. */
export type DiffInput =
  /** Files and directories on disk, read like `sanso lint PATH...`. */
  | { readonly paths: readonly string[] }
  /** A git revision of the repository around the working directory, read at these pathspecs (default `.`). */
  | { readonly revision: string; readonly paths?: readonly string[] }
  /** In-memory documents. */
  | { readonly sources: readonly { readonly file: string; readonly text: string }[] };

/** How a version was read, for the report. */
export interface DiffVersion {
  /** `paths`: files on disk given as OLD or NEW; `worktree`: the working tree against a revision; `revision`; `sources`: in memory. */
  readonly kind: 'paths' | 'worktree' | 'revision' | 'sources';
  /** The revision as given, or the paths. */
  readonly name: string;
  /** The commit a revision resolved to. */
  readonly commit?: string;
  /** The paths (pathspecs for a revision) read. */
  readonly paths: readonly string[];
}

/** A version ready to read: a revision already resolved. */
export type ResolvedInput =
  | { readonly kind: 'paths' | 'worktree'; readonly paths: readonly string[] }
  | { readonly kind: 'revision'; readonly revision: Revision; readonly paths: readonly string[] }
  | { readonly kind: 'sources'; readonly sources: readonly { readonly file: string; readonly text: string }[] };

export function describeInput(input: ResolvedInput): DiffVersion {
  switch (input.kind) {
    case 'revision':
      return { kind: 'revision', name: input.revision.name, commit: input.revision.commit, paths: input.paths };
    case 'sources':
      return { kind: 'sources', name: input.sources.map((s) => s.file).join(', '), paths: [] };
    default:
      return { kind: input.kind, name: input.paths.join(' '), paths: input.paths };
  }
}

type Side = ResolvedInput | { readonly problem: RawFinding };

const problem = (messageId: string, data: Record<string, string>): { problem: RawFinding } => ({ problem: { ruleId: 'diff', severity: 'error', messageId, data } });

/** A revision named explicitly (after `--`, or in a DiffInput). */
function revisionSide(cwd: string, name: string, paths: readonly string[]): Side {
  const resolved = resolveRevision(cwd, name);
  if ('commit' in resolved) return { kind: 'revision', revision: resolved, paths };
  if (resolved.problem === 'git-failed') return problem('git-failed', { name, detail: resolved.detail });
  return problem(resolved.problem === 'not-a-repository' ? 'no-repository' : resolved.problem, { name });
}

/** A word that is a path if one exists by that name, else a git revision (read at `.`). */
function guessSide(cwd: string, name: string): Side {
  if (isExistingPath(cwd, name)) return { kind: 'paths', paths: [name] };
  const resolved = resolveRevision(cwd, name);
  if ('commit' in resolved) return { kind: 'revision', revision: resolved, paths: ['.'] };
  if (resolved.problem === 'git-failed') return problem('git-failed', { name, detail: resolved.detail });
  return problem(resolved.problem === 'no-git' ? 'neither-no-git' : resolved.problem === 'not-a-repository' ? 'neither-no-repository' : 'neither', { name });
}

function explicitSide(cwd: string, input: DiffInput): Side {
  if ('sources' in input) return { kind: 'sources', sources: input.sources };
  if ('revision' in input) return revisionSide(cwd, input.revision, input.paths?.length ? input.paths : ['.']);
  return { kind: 'paths', paths: input.paths };
}

/**
 * OLD and NEW as the user gave them. With pathspecs (`sanso diff REV1 [REV2] -- PATH...`) both are
 * revisions read at those paths, NEW absent meaning the working tree. Without, each word is a path when one
 * exists by that name and a revision otherwise; a revision then a path (`sanso diff main network/`) reads
 * the revision at that path against the working tree's files there.
 */
export function resolveInputs(
  cwd: string,
  old: string | DiffInput,
  now: string | DiffInput | undefined,
  pathspecs: readonly string[] | undefined,
): { old: Side; new: Side } {
  if (pathspecs !== undefined) {
    const paths = pathspecs.length > 0 ? pathspecs : ['.'];
    const side = (word: string | DiffInput): Side => (typeof word === 'string' ? revisionSide(cwd, word, paths) : explicitSide(cwd, word));
    return { old: side(old), new: now === undefined ? { kind: 'worktree', paths } : side(now) };
  }
  const oldSide = typeof old === 'string' ? guessSide(cwd, old) : explicitSide(cwd, old);
  if (now === undefined) {
    // One word: a revision against the working tree.
    return { old: oldSide, new: { kind: 'worktree', paths: ['.'] } };
  }
  const newSide = typeof now === 'string' ? guessSide(cwd, now) : explicitSide(cwd, now);
  if (typeof old === 'string' && typeof now === 'string' && 'kind' in oldSide && 'kind' in newSide) {
    if (oldSide.kind === 'revision' && newSide.kind === 'paths') {
      return { old: { ...oldSide, paths: newSide.paths }, new: { kind: 'worktree', paths: newSide.paths } };
    }
    if (oldSide.kind === 'paths' && newSide.kind === 'revision') return { old: oldSide, new: problem('mixed', { path: old, revision: now }) };
  }
  return { old: oldSide, new: newSide };
}

/** Reads, validates and builds one version; its problems go to `collected`, and the model only when there are none. */
export function loadVersion(input: ResolvedInput, cwd: string, today: string | undefined, collected: Collected): { model?: NetworkModel; documents: SourceDocument[] } {
  const options = today !== undefined ? { today } : {};
  if (input.kind === 'sources') return loadModel({ ...options, sources: input.sources }, cwd, collected, () => {});
  if (input.kind !== 'revision') return loadModel({ ...options, paths: input.paths }, cwd, collected, () => {});
  return loadRevision(input.revision, input.paths, cwd, today ?? todayUtc(), collected);
}

/** `loadModel` for a revision: the model files and the vendor files they import come from the revision. */
function loadRevision(revision: Revision, pathspecs: readonly string[], cwd: string, today: string, collected: Collected): { model?: NetworkModel; documents: SourceDocument[] } {
  const { raw } = collected;
  const read = readRevisionFiles(revision, cwd, pathspecs);
  if (read.failure !== undefined) {
    raw.push({ ruleId: 'diff', severity: 'error', messageId: 'git-failed', data: { name: revision.name, detail: read.failure } });
    return { documents: [] };
  }
  read.problems.forEach(parseProblemCollector(collected));
  for (const spec of read.missing) raw.push({ ruleId: 'no-input', severity: 'error', messageId: 'missing', data: { path: `${revision.name}:${spec}` } });
  if (read.sources.length === 0 && read.problems.length === 0 && read.missing.length === 0) {
    raw.push({ ruleId: 'no-input', severity: 'error', messageId: 'no-files', data: { paths: pathspecs.map((p) => `${revision.name}:${p}`).join(', ') } });
    return { documents: [] };
  }
  return loadModel({ today, sources: read.sources, readImported: revisionFileReader(revision, cwd) }, cwd, collected, () => {});
}
