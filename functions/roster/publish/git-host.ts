/**
 * A client for the part of GitHub's REST API that makes one commit of several files on a
 * branch, with optimistic concurrency (docs/roster-publishing.md):
 *
 *   GET  /repos/{o}/{r}/git/ref/heads/{branch}   the branch's commit
 *   GET  /repos/{o}/{r}/git/commits/{sha}        its tree
 *   GET  /repos/{o}/{r}/contents/{path}?ref=sha  a file's text and blob SHA at that commit
 *   GET  /repos/{o}/{r}/commits?sha=&per_page=   recent commits (to find one whose answer was lost)
 *   POST /repos/{o}/{r}/git/blobs · git/trees · git/commits
 *   PATCH /repos/{o}/{r}/git/refs/heads/{branch} {sha, force: false}   moves only if fast-forward
 *   GET  /repos/{o}/{r}/commits/{sha}/check-runs · commits/{sha}/status   the pipeline's verdict on a commit
 *
 * Gitea and Gitee do not offer the write half (blobs, trees, commits, refs) — see the docs.
 * Every failure is a GitHostError saying whether trying again later can help.
 */
import type { GitHostConfig } from './config.ts';

export type GitHostFailure =
  /** network error, timeout, 5xx, 429: try again later */
  | 'unavailable'
  /** the branch moved since it was read (not a fast forward) */
  | 'moved'
  /** 401/403/404 and other refusals: a setting or the token is wrong */
  | 'refused';

export class GitHostError extends Error {
  readonly kind: GitHostFailure;
  readonly status: number | undefined;
  constructor(kind: GitHostFailure, message: string, status?: number) {
    super(message);
    this.name = 'GitHostError';
    this.kind = kind;
    this.status = status;
  }
}

export interface Person {
  name: string;
  email: string;
}

export interface RemoteFile {
  /** Git blob SHA. */
  sha: string;
  text: string;
}

export interface CommitSummary {
  sha: string;
  message: string;
  author: Person;
}

/** What the pipeline connected to the repository says about a commit (check runs and commit statuses). */
export interface BuildCheck {
  /** `pending` also when nothing reported yet. */
  state: 'pending' | 'success' | 'failure';
  /** The failing check's name and summary, for staff. */
  detail?: string;
  /** Where the pipeline shows the failure. */
  url?: string;
}

/** Check-run conclusions that mean the build did not go out (GitHub's values). */
const FAILED_CONCLUSIONS = new Set(['failure', 'timed_out', 'startup_failure', 'cancelled']);

export interface GitHost {
  branchHead(): Promise<string>;
  commitTree(sha: string): Promise<string>;
  readFile(path: string, commit: string): Promise<RemoteFile | undefined>;
  recentCommits(count: number): Promise<CommitSummary[]>;
  createBlob(text: string): Promise<string>;
  createTree(baseTree: string, files: { path: string; blob: string }[]): Promise<string>;
  createCommit(c: {
    message: string;
    tree: string;
    parent: string;
    author: Person;
    committer: Person;
  }): Promise<string>;
  /** Moves the branch to `sha` without force; throws GitHostError('moved') when it is not a fast forward. */
  moveBranch(sha: string): Promise<void>;
  /** The pipeline's verdict on commit `sha`: a failing check run or commit status wins. */
  buildCheck(sha: string): Promise<BuildCheck>;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function base64Text(b64: string): string {
  const bin = atob(b64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return decoder.decode(bytes);
}

const enc = (s: string) => s.split('/').map(encodeURIComponent).join('/');

/** The client for one repository and branch. */
export function gitHost(config: GitHostConfig, fetchImpl: typeof fetch = fetch): GitHost {
  const repoUrl = `${config.api}/repos/${encodeURIComponent(config.owner)}/${encodeURIComponent(config.repo)}`;

  async function call<T>(method: string, path: string, body?: unknown, allow404 = false): Promise<T | undefined> {
    let res: Response;
    try {
      res = await fetchImpl(`${repoUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${config.token}`,
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'user-agent': 'EnvGrid-roster-publisher',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new GitHostError(
        'unavailable',
        timedOut
          ? `版本库服务 ${config.timeoutMs} 毫秒内没有应答（${method} ${path}）`
          : `连不上版本库服务（${method} ${path}）`,
      );
    }
    const text = await res.text();
    if (res.ok) {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new GitHostError('unavailable', `版本库服务的应答不是 JSON（${method} ${path}）`, res.status);
      }
    }
    if (res.status === 404 && allow404) return undefined;
    let message = '';
    try {
      message = String((JSON.parse(text) as { message?: unknown }).message ?? '');
    } catch {
      /* not JSON */
    }
    const what = `${method} ${path} → ${res.status}${message ? ` ${message.slice(0, 200)}` : ''}`;
    if (res.status >= 500 || res.status === 429)
      throw new GitHostError('unavailable', `版本库服务暂时出错（${what}）`, res.status);
    if (res.status === 401)
      throw new GitHostError('refused', `版本库拒绝了令牌 ROSTER_GIT_TOKEN（${what}），请检查令牌是否过期`, 401);
    if (res.status === 403 || res.status === 404) {
      throw new GitHostError(
        'refused',
        `版本库拒绝了请求（${what}）：请检查 ROSTER_GIT_REPO、ROSTER_GIT_BRANCH 和令牌的 contents 写权限`,
        res.status,
      );
    }
    if (/fast.?forward/i.test(message) || res.status === 409)
      throw new GitHostError('moved', `分支已被更新（${what}）`, res.status);
    throw new GitHostError('refused', `版本库拒绝了请求（${what}）`, res.status);
  }
  const must = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    (await call<T>(method, path, body))!;

  return {
    async branchHead() {
      const r = await must<{ object: { sha: string } }>('GET', `/git/ref/heads/${enc(config.branch)}`);
      return r.object.sha;
    },
    async commitTree(sha) {
      return (await must<{ tree: { sha: string } }>('GET', `/git/commits/${sha}`)).tree.sha;
    },
    async readFile(path, commit) {
      const r = await call<{ type: string; sha: string; content?: string; encoding?: string }>(
        'GET',
        `/contents/${enc(path)}?ref=${encodeURIComponent(commit)}`,
        undefined,
        true,
      );
      if (!r) return undefined;
      if (r.type !== 'file') throw new GitHostError('refused', `版本库中的 ${path} 不是文件`);
      if (r.encoding === 'base64' && typeof r.content === 'string') return { sha: r.sha, text: base64Text(r.content) };
      // Files over 1 MB come without content from the contents API: read the blob instead.
      const blob = await must<{ content: string; encoding: string }>('GET', `/git/blobs/${r.sha}`);
      return { sha: r.sha, text: blob.encoding === 'base64' ? base64Text(blob.content) : blob.content };
    },
    async recentCommits(count) {
      const list = await must<{ sha: string; commit: { message: string; author: Person } }[]>(
        'GET',
        `/commits?sha=${encodeURIComponent(config.branch)}&per_page=${count}`,
      );
      return list.map((c) => ({ sha: c.sha, message: c.commit.message, author: c.commit.author }));
    },
    async createBlob(text) {
      return (await must<{ sha: string }>('POST', '/git/blobs', { content: text, encoding: 'utf-8' })).sha;
    },
    async createTree(baseTree, files) {
      const tree = files.map((f) => ({ path: f.path, mode: '100644', type: 'blob', sha: f.blob }));
      return (await must<{ sha: string }>('POST', '/git/trees', { base_tree: baseTree, tree })).sha;
    },
    async createCommit(c) {
      const body = { message: c.message, tree: c.tree, parents: [c.parent], author: c.author, committer: c.committer };
      return (await must<{ sha: string }>('POST', '/git/commits', body)).sha;
    },
    async moveBranch(sha) {
      await must('PATCH', `/git/refs/heads/${enc(config.branch)}`, { sha, force: false });
    },
    async buildCheck(sha) {
      // Check runs: Workers Builds and GitHub Actions report there.
      type Run = {
        name?: string;
        status?: string;
        conclusion?: string | null;
        html_url?: string | null;
        details_url?: string | null;
        output?: { title?: string | null; summary?: string | null };
      };
      const runs =
        (await must<{ check_runs?: Run[] }>('GET', `/commits/${sha}/check-runs?per_page=100`)).check_runs ?? [];
      const failed = runs.find((r) => r.status === 'completed' && FAILED_CONCLUSIONS.has(r.conclusion ?? ''));
      if (failed) {
        const what = [failed.output?.title, failed.output?.summary].filter(Boolean).join('：');
        return {
          state: 'failure',
          detail: `${failed.name ?? '构建'}${what ? `：${what}` : ''}`.slice(0, 1500),
          ...(failed.details_url || failed.html_url ? { url: (failed.details_url || failed.html_url)! } : {}),
        };
      }
      // Commit statuses: older CI and other pipelines report there.
      type Status = { state?: string; description?: string | null; target_url?: string | null; context?: string };
      const combined = await must<{ state?: string; statuses?: Status[] }>('GET', `/commits/${sha}/status`);
      const bad = (combined.statuses ?? []).find((s) => s.state === 'failure' || s.state === 'error');
      if (bad) {
        return {
          state: 'failure',
          detail: `${bad.context ?? '构建'}${bad.description ? `：${bad.description}` : ''}`.slice(0, 1500),
          ...(bad.target_url ? { url: bad.target_url } : {}),
        };
      }
      const done = runs.length > 0 && runs.every((r) => r.status === 'completed');
      return { state: done || combined.state === 'success' ? 'success' : 'pending' };
    },
  };
}
