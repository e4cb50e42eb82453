/**
 * Git plumbing for the local Git host service (git-host/server.ts): every write goes through
 * git's own object store (`hash-object`, `mktree` via a scratch index, `commit-tree`) and the
 * branch moves only with a compare-and-swap `update-ref`, the guarantee GitHub's
 * "update a reference without force" gives.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs git in `gitDir` and returns its standard output (stdin optional). */
export function git(
  gitDir: string,
  args: string[],
  opts: { input?: string | Buffer; env?: Record<string, string> } = {},
) {
  return new Promise<Buffer>((ok, fail) => {
    const child = execFile(
      'git',
      ['--git-dir', gitDir, ...args],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...opts.env } },
      (err, stdout, stderr) => {
        if (err) fail(Object.assign(err, { stderr: stderr.toString() }));
        else ok(stdout);
      },
    );
    if (opts.input !== undefined) child.stdin!.end(opts.input);
  });
}

const text = async (p: Promise<Buffer>) => (await p).toString('utf8').trim();

/** The commit a branch points at, or undefined if there is no such branch. */
export async function branchHead(gitDir: string, branch: string): Promise<string | undefined> {
  return text(git(gitDir, ['rev-parse', '--verify', '-q', `refs/heads/${branch}^{commit}`])).catch(() => undefined);
}

export interface CommitInfo {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
}

function person(line: string) {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: '', email: '', date: '' };
  return { name: m[1]!, email: m[2]!, date: new Date(Number(m[3]) * 1000).toISOString().replace('.000', '') };
}

/** A commit object, parsed; undefined when `sha` is not a commit. */
export async function readCommit(gitDir: string, sha: string): Promise<CommitInfo | undefined> {
  if (!/^[0-9a-f]{40}$/.test(sha)) return undefined;
  const raw = await text(git(gitDir, ['cat-file', 'commit', sha])).catch(() => undefined);
  if (raw === undefined) return undefined;
  const [head, ...body] = raw.split('\n\n');
  const info: CommitInfo = {
    sha,
    tree: '',
    parents: [],
    message: body.join('\n\n'),
    author: person(''),
    committer: person(''),
  };
  for (const line of head!.split('\n')) {
    const [key, ...rest] = line.split(' ');
    const value = rest.join(' ');
    if (key === 'tree') info.tree = value;
    else if (key === 'parent') info.parents.push(value);
    else if (key === 'author') info.author = person(value);
    else if (key === 'committer') info.committer = person(value);
  }
  return info;
}

/** The blob at `path` in `rev` (a commit or branch), or undefined when there is none. */
export async function readFileAt(gitDir: string, rev: string, path: string) {
  const spec = `${rev}:${path}`;
  const sha = await text(git(gitDir, ['rev-parse', '--verify', '-q', spec])).catch(() => undefined);
  if (!sha) return undefined;
  const type = await text(git(gitDir, ['cat-file', '-t', sha]));
  if (type !== 'blob') return undefined;
  return { sha, bytes: await git(gitDir, ['cat-file', 'blob', sha]) };
}

/** Stores `bytes` as a blob; returns its SHA. */
export async function writeBlob(gitDir: string, bytes: Buffer): Promise<string> {
  return text(git(gitDir, ['hash-object', '-w', '--stdin'], { input: bytes }));
}

export interface TreeEntry {
  path: string;
  mode: string;
  /** null deletes the path. */
  sha: string | null;
}

/** A tree from `baseTree` (optional) with `entries` written over it; returns its SHA. */
export async function writeTree(gitDir: string, baseTree: string | undefined, entries: TreeEntry[]): Promise<string> {
  // A scratch index, so the repository's own index (if any) is never touched.
  const dir = await mkdtemp(join(tmpdir(), 'envgrid-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  try {
    if (baseTree) await git(gitDir, ['read-tree', baseTree], { env });
    else await git(gitDir, ['read-tree', '--empty'], { env });
    for (const e of entries) {
      if (e.sha === null) await git(gitDir, ['update-index', '--force-remove', '--', e.path], { env });
      else await git(gitDir, ['update-index', '--add', '--cacheinfo', `${e.mode},${e.sha},${e.path}`], { env });
    }
    return await text(git(gitDir, ['write-tree'], { env }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface NewCommit {
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date?: string };
  committer?: { name: string; email: string; date?: string };
}

/** Writes a commit object (no branch moves); returns its SHA. */
export async function writeCommit(gitDir: string, c: NewCommit): Promise<string> {
  const committer = c.committer ?? c.author;
  const env: Record<string, string> = {
    GIT_AUTHOR_NAME: c.author.name,
    GIT_AUTHOR_EMAIL: c.author.email,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
  };
  if (c.author.date) env.GIT_AUTHOR_DATE = c.author.date;
  if (committer.date) env.GIT_COMMITTER_DATE = committer.date;
  const args = ['commit-tree', c.tree, ...c.parents.flatMap((p) => ['-p', p]), '-F', '-'];
  return text(git(gitDir, args, { input: c.message, env }));
}

/** True when `ancestor` is `sha` or one of its ancestors. */
export async function isAncestor(gitDir: string, ancestor: string, sha: string): Promise<boolean> {
  return git(gitDir, ['merge-base', '--is-ancestor', ancestor, sha]).then(
    () => true,
    () => false,
  );
}

/** Moves the branch from `expected` to `sha` atomically; false if it was no longer at `expected`. */
export async function moveBranch(gitDir: string, branch: string, sha: string, expected: string): Promise<boolean> {
  return git(gitDir, ['update-ref', `refs/heads/${branch}`, sha, expected]).then(
    () => true,
    () => false,
  );
}

/** The newest `count` commits reachable from `rev`, newest first. */
export async function logShas(gitDir: string, rev: string, count: number): Promise<string[]> {
  const out = await text(git(gitDir, ['rev-list', `--max-count=${count}`, rev]));
  return out ? out.split('\n') : [];
}
