/**
 * A local Git host: the subset of GitHub's REST API the roster publisher uses
 * (functions/roster/publish/git-host.ts), served from real git repositories on this machine.
 * `npm start` runs it against the roster repository it sets up under .wrangler/, and the
 * publisher's tests run it against temporary repositories — the same requests and answer
 * shapes as api.github.com, so the Worker's code path is the production one.
 *
 * Routes (all under /repos/{owner}/{repo}):
 *   GET   /git/ref/heads/{branch}      GET /git/commits/{sha}      GET /contents/{path}?ref=
 *   POST  /git/blobs   POST /git/trees   POST /git/commits        GET /commits?sha=&per_page=
 *   PATCH /git/refs/heads/{branch}     (no force: 422 "Update is not a fast forward")
 *   GET   /commits/{sha}/check-runs   GET /commits/{sha}/status   (the local build's outcome, `checks`)
 * Every request needs `Authorization: Bearer <token>`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import {
  branchHead,
  isAncestor,
  logShas,
  moveBranch,
  readCommit,
  readFileAt,
  writeBlob,
  writeCommit,
  writeTree,
  type CommitInfo,
} from './git.ts';

export interface GitHostOptions {
  /** `owner/name` → the repository's git directory. */
  repos: (fullName: string) => string | undefined;
  /** The bearer token every request must carry. */
  token: string;
  /** Called after a branch moved (npm start rebuilds the site then). */
  onBranchMoved?: (fullName: string, branch: string, sha: string) => void;
  /** The local pipeline's check on a commit (npm start's rebuild), reported as one check run. */
  checks?: (fullName: string, sha: string) => LocalCheck | undefined;
}

/** One build's outcome, as the local pipeline reports it; `conclusion` null while it runs. */
export interface LocalCheck {
  name: string;
  conclusion: 'success' | 'failure' | null;
  title: string;
  summary: string;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const SHA = /^[0-9a-f]{40}$/;
const MAX_BODY = 16 * 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new HttpError(413, 'Payload too large');
    chunks.push(c);
  }
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* answered below */
  }
  throw new HttpError(400, 'Problems parsing JSON');
}

function commitJson(base: string, c: CommitInfo) {
  return {
    sha: c.sha,
    url: `${base}/git/commits/${c.sha}`,
    tree: { sha: c.tree, url: `${base}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({ sha: p, url: `${base}/git/commits/${p}` })),
    message: c.message,
    author: c.author,
    committer: c.committer,
  };
}

function person(v: unknown): { name: string; email: string; date?: string } | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const p = v as Record<string, unknown>;
  if (typeof p.name !== 'string' || typeof p.email !== 'string' || !p.name || !p.email) return undefined;
  return { name: p.name, email: p.email, ...(typeof p.date === 'string' ? { date: p.date } : {}) };
}

function safePath(p: unknown): string {
  if (typeof p !== 'string' || !p || p.startsWith('/') || p.split('/').some((s) => s === '' || s === '.' || s === '..'))
    throw new HttpError(422, `Invalid tree path: ${String(p)}`);
  return p;
}

/** One API request against one repository. */
async function route(o: GitHostOptions, req: IncomingMessage, url: URL, origin: string) {
  const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(url.pathname);
  if (!m) throw new HttpError(404, 'Not Found');
  const fullName = `${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`;
  const gitDir = o.repos(fullName);
  if (!gitDir) throw new HttpError(404, 'Not Found');
  const rest = m[3]!;
  const base = `${origin}/repos/${fullName}`;
  const method = req.method ?? 'GET';
  let r: RegExpExecArray | null;

  if (method === 'GET' && (r = /^\/git\/ref\/heads\/(.+)$/.exec(rest))) {
    const branch = decodeURIComponent(r[1]!);
    const sha = await branchHead(gitDir, branch);
    if (!sha) throw new HttpError(404, 'Not Found');
    return {
      status: 200,
      body: { ref: `refs/heads/${branch}`, object: { type: 'commit', sha, url: `${base}/git/commits/${sha}` } },
    };
  }
  if (method === 'GET' && (r = /^\/git\/commits\/([0-9a-f]{40})$/.exec(rest))) {
    const c = await readCommit(gitDir, r[1]!);
    if (!c) throw new HttpError(404, 'Not Found');
    return { status: 200, body: commitJson(base, c) };
  }
  if (method === 'GET' && (r = /^\/contents\/(.+)$/.exec(rest))) {
    const path = decodeURIComponent(r[1]!);
    const ref = url.searchParams.get('ref') ?? 'HEAD';
    const f = await readFileAt(gitDir, ref, path);
    if (!f) throw new HttpError(404, 'Not Found');
    // GitHub wraps the base64 every 60 characters.
    const content = (f.bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n';
    const name = path.split('/').at(-1)!;
    return {
      status: 200,
      body: {
        type: 'file',
        encoding: 'base64',
        size: f.bytes.length,
        name,
        path,
        content,
        sha: f.sha,
        url: `${base}/contents/${path}`,
      },
    };
  }
  if (method === 'GET' && rest === '/commits') {
    const rev = url.searchParams.get('sha') ?? 'HEAD';
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const shas = await logShas(gitDir, rev, perPage).catch(() => {
      throw new HttpError(404, 'Not Found');
    });
    const list = [];
    for (const sha of shas) {
      const c = (await readCommit(gitDir, sha))!;
      const { sha: _s, ...commit } = commitJson(base, c);
      list.push({ sha, url: `${base}/commits/${sha}`, commit, parents: commit.parents });
    }
    return { status: 200, body: list };
  }
  if (method === 'GET' && (r = /^\/commits\/([0-9a-f]{40})\/(check-runs|status)$/.exec(rest))) {
    const sha = r[1]!;
    if (!(await readCommit(gitDir, sha))) throw new HttpError(422, `No commit found for SHA: ${sha}`);
    const c = o.checks?.(fullName, sha);
    if (r[2] === 'status') {
      // The local pipeline reports through check runs only, as Workers Builds does.
      return { status: 200, body: { state: 'pending', sha, total_count: 0, statuses: [] } };
    }
    const runs = c
      ? [
          {
            id: 1,
            head_sha: sha,
            name: c.name,
            status: c.conclusion ? 'completed' : 'in_progress',
            conclusion: c.conclusion,
            html_url: null,
            details_url: null,
            output: { title: c.title, summary: c.summary },
          },
        ]
      : [];
    return { status: 200, body: { total_count: runs.length, check_runs: runs } };
  }
  if (method === 'POST' && rest === '/git/blobs') {
    const b = await readJson(req);
    if (typeof b.content !== 'string') throw new HttpError(422, 'Invalid request: content is required');
    const encoding = b.encoding ?? 'utf-8';
    if (encoding !== 'utf-8' && encoding !== 'base64') throw new HttpError(422, 'Invalid encoding');
    const sha = await writeBlob(gitDir, Buffer.from(b.content, encoding === 'base64' ? 'base64' : 'utf8'));
    return { status: 201, body: { sha, url: `${base}/git/blobs/${sha}` } };
  }
  if (method === 'POST' && rest === '/git/trees') {
    const b = await readJson(req);
    if (!Array.isArray(b.tree)) throw new HttpError(422, 'Invalid request: tree is required');
    const baseTree = b.base_tree;
    if (baseTree !== undefined && (typeof baseTree !== 'string' || !SHA.test(baseTree)))
      throw new HttpError(422, 'Invalid base_tree');
    const entries = (b.tree as Record<string, unknown>[]).map((e) => {
      if (e.type !== 'blob' || !['100644', '100755'].includes(String(e.mode)))
        throw new HttpError(422, 'Only blob entries are supported here');
      if (e.sha !== null && (typeof e.sha !== 'string' || !SHA.test(e.sha))) throw new HttpError(422, 'Invalid sha');
      return { path: safePath(e.path), mode: String(e.mode), sha: e.sha as string | null };
    });
    const sha = await writeTree(gitDir, baseTree as string | undefined, entries).catch(() => {
      throw new HttpError(422, 'GitRPC::BadObjectState');
    });
    return { status: 201, body: { sha, url: `${base}/git/trees/${sha}`, truncated: false } };
  }
  if (method === 'POST' && rest === '/git/commits') {
    const b = await readJson(req);
    const author = person(b.author);
    const committer = b.committer === undefined ? author : person(b.committer);
    const parents = b.parents;
    if (typeof b.message !== 'string' || typeof b.tree !== 'string' || !SHA.test(b.tree))
      throw new HttpError(422, 'Invalid request: message and tree are required');
    if (!Array.isArray(parents) || !parents.every((p) => typeof p === 'string' && SHA.test(p)))
      throw new HttpError(422, 'Invalid parents');
    if (!author || !committer) throw new HttpError(422, 'Invalid author');
    const sha = await writeCommit(gitDir, { tree: b.tree, parents, message: b.message, author, committer }).catch(
      () => {
        throw new HttpError(422, 'Tree or parent SHA does not exist');
      },
    );
    return { status: 201, body: commitJson(base, (await readCommit(gitDir, sha))!) };
  }
  if (method === 'PATCH' && (r = /^\/git\/refs\/heads\/(.+)$/.exec(rest))) {
    const branch = decodeURIComponent(r[1]!);
    const b = await readJson(req);
    if (typeof b.sha !== 'string' || !SHA.test(b.sha) || !(await readCommit(gitDir, b.sha)))
      throw new HttpError(422, 'Object does not exist');
    const current = await branchHead(gitDir, branch);
    if (!current) throw new HttpError(422, 'Reference does not exist');
    if (b.force !== true && !(await isAncestor(gitDir, current, b.sha)))
      throw new HttpError(422, 'Update is not a fast forward');
    // Compare-and-swap: a commit landing between the check and the move is refused the same way.
    if (!(await moveBranch(gitDir, branch, b.sha, current))) throw new HttpError(422, 'Update is not a fast forward');
    o.onBranchMoved?.(fullName, branch, b.sha);
    return {
      status: 200,
      body: {
        ref: `refs/heads/${branch}`,
        object: { type: 'commit', sha: b.sha, url: `${base}/git/commits/${b.sha}` },
      },
    };
  }
  throw new HttpError(404, 'Not Found');
}

function authorized(req: IncomingMessage, token: string): boolean {
  const got = Buffer.from(/^(?:Bearer|token) (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The request handler for `http.createServer`. */
export function gitHostHandler(o: GitHostOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    const url = new URL(req.url ?? '/', origin);
    let status: number;
    let body: unknown;
    try {
      if (!authorized(req, o.token)) throw new HttpError(401, 'Bad credentials');
      ({ status, body } = await route(o, req, url, origin));
    } catch (e) {
      status = e instanceof HttpError ? e.status : 500;
      body = {
        message: e instanceof HttpError ? e.message : 'Server Error',
        documentation_url: 'docs/roster-publishing.md',
      };
      if (!(e instanceof HttpError)) console.error('git host:', e);
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
}
