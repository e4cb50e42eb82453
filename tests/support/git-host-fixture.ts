/**
 * The Git host the publisher's worker tests talk to: the real local service
 * (scripts/lib/git-host/server.ts) over real temporary git repositories seeded with the
 * sample roster, plus a control API the tests (in workerd) drive over HTTP: make a repository,
 * script faults (5xx, a slow answer, an answer lost after the work was done), make a commit
 * behind the publisher's back, read `git log`, report a build's check on a commit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gitHostHandler, type LocalCheck } from '../../scripts/lib/git-host/server.ts';
import { gitLog, seedRosterRepo, showFile } from '../../scripts/lib/git-host/repo.ts';
import {
  branchHead,
  readCommit,
  writeBlob,
  writeCommit,
  writeTree,
  moveBranch,
} from '../../scripts/lib/git-host/git.ts';

export const FIXTURE_TOKEN = 'test-git-token';

/** A scripted fault for the next request matching `method` (and `path`, a substring). */
export interface Fault {
  method?: string;
  path?: string;
  /** Answer this status without doing the work. */
  status?: number;
  /** Do the work, then drop the connection (the answer is lost). */
  lose?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /** How many matching requests this fault applies to (default 1). */
  times?: number;
}

interface Repo {
  gitDir: string;
  faults: Fault[];
  requests: string[];
  /** The pipeline's check on each commit, by SHA. */
  checks: Map<string, LocalCheck>;
}

export interface GitHostFixture {
  port: number;
  close: () => Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let s = '';
  for await (const c of req as AsyncIterable<Buffer>) s += c.toString('utf8');
  return s ? (JSON.parse(s) as Record<string, unknown>) : {};
}

/** Starts the fixture on a free port of 127.0.0.1. */
export async function startGitHostFixture(
  contentSource = resolve(import.meta.dirname, '../../content'),
): Promise<GitHostFixture> {
  const root = mkdtempSync(join(tmpdir(), 'envgrid-git-host-'));
  const repos = new Map<string, Repo>();
  let n = 0;
  const api = gitHostHandler({
    token: FIXTURE_TOKEN,
    repos: (name) => repos.get(name)?.gitDir,
    checks: (name, sha) => repos.get(name)?.checks.get(sha),
  });

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    const b = req.method === 'POST' ? await body(req) : {};
    const repo = repos.get(String(b.repo ?? new URL(req.url!, 'http://x').searchParams.get('repo')));
    if (path === '/repos') {
      const name = `test/roster-${++n}`;
      repos.set(name, {
        gitDir: seedRosterRepo(join(root, `r${n}`), contentSource),
        faults: [],
        requests: [],
        checks: new Map(),
      });
      return json(res, 200, { repo: name, token: FIXTURE_TOKEN });
    }
    if (!repo) return json(res, 404, { error: 'no such repo' });
    if (path === '/faults') {
      repo.faults.push(...(b.faults as Fault[]));
      return json(res, 200, {});
    }
    if (path === '/check') {
      repo.checks.set(String(b.sha), b.check as LocalCheck);
      return json(res, 200, {});
    }
    if (path === '/log') return json(res, 200, { log: gitLog(repo.gitDir, 20), requests: repo.requests });
    if (path === '/file') {
      const p = new URL(req.url!, 'http://x').searchParams.get('path')!;
      return json(res, 200, { text: showFile(repo.gitDir, 'main', p) ?? null });
    }
    if (path === '/commit') {
      // Someone else's commit straight onto the branch (another proposal, a hand edit).
      const head = (await branchHead(repo.gitDir, 'main'))!;
      const files = b.files as Record<string, string>;
      const entries = [];
      for (const [p, text] of Object.entries(files))
        entries.push({ path: p, mode: '100644', sha: await writeBlob(repo.gitDir, Buffer.from(text)) });
      const tree = await writeTree(repo.gitDir, (await readCommit(repo.gitDir, head))!.tree, entries);
      const who = { name: '他人示例', email: 'other@example.org' };
      const sha = await writeCommit(repo.gitDir, {
        tree,
        parents: [head],
        message: String(b.message ?? 'Hand edit'),
        author: who,
      });
      await moveBranch(repo.gitDir, 'main', sha, head);
      return json(res, 200, { sha });
    }
    return json(res, 404, { error: 'unknown control path' });
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/__control')) {
      control(req, res, url.pathname.slice('/__control'.length)).catch((e: unknown) =>
        json(res, 500, { error: String(e) }),
      );
      return;
    }
    const m = /^\/repos\/([^/]+\/[^/]+)\//.exec(url.pathname);
    const repo = m ? repos.get(decodeURIComponent(m[1]!)) : undefined;
    repo?.requests.push(`${req.method} ${url.pathname.slice(m![0].length - 1)}`);
    const fault = repo?.faults.find(
      (f) => (!f.method || f.method === req.method) && (!f.path || url.pathname.includes(f.path)),
    );
    if (fault && repo) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) repo.faults.splice(repo.faults.indexOf(fault), 1);
    }
    const go = () => {
      if (fault?.status) return json(res, fault.status, { message: 'Server Error' });
      if (fault?.lose) {
        // Do the work against a sink, then cut the connection: the caller never learns the result.
        const sink = { writeHead: () => sink, end: () => res.socket?.destroy() } as unknown as ServerResponse;
        return void api(req, sink);
      }
      void api(req, res);
    };
    if (fault?.delayMs) setTimeout(go, fault.delayMs);
    else go();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(root, { recursive: true, force: true });
          ok();
        });
      }),
  };
}
