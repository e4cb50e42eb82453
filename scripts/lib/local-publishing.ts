/**
 * Roster publication under `npm start`, with no account: a real git repository for the roster
 * (a clone of the working copy under .wrangler/roster/, never the working copy itself), the
 * local Git host service speaking GitHub's API against it, and a watcher that rebuilds the
 * site from that repository after every commit and restarts the local Worker (the D1 in
 * .wrangler/state is kept). A build that fails leaves the running site as it was and marks
 * the proposal `failed` with the build's message (docs/roster-publishing.md).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { BUILD_FAILED_SQL } from '../../functions/roster/publish/store.ts';
import { PROPOSAL_TRAILER } from '../../functions/roster/publish/commit.ts';
import { localD1 } from './d1.ts';
import { readCommit } from './git-host/git.ts';
import { checkoutCommit, ensureLocalRosterRepo } from './git-host/repo.ts';
import { gitHostHandler } from './git-host/server.ts';
import { ROOT } from './server.ts';

export const LOCAL_REPO_NAME = 'local/roster';

export interface LocalPublishing {
  /** The repository's folder; the site is built from `<dir>/content`. */
  dir: string;
  contentDir: string;
  /** Worker settings pointing the publisher at the local service. */
  vars: Record<string, string>;
  /** Called after each commit: rebuild and restart (set by npm start once the server runs). */
  onCommit: (handler: (sha: string) => void) => void;
  close: () => Promise<void>;
}

/** Sets up the repository and starts the service on 127.0.0.1. */
export async function startLocalPublishing(stateDir = resolve(ROOT, '.wrangler/roster')): Promise<LocalPublishing> {
  const dir = join(stateDir, 'repo');
  const { gitDir, branch } = ensureLocalRosterRepo(dir, ROOT);
  const token = randomBytes(24).toString('hex');
  let handler: (sha: string) => void = () => {};
  const server: Server = createServer(
    gitHostHandler({
      token,
      repos: (name) => (name === LOCAL_REPO_NAME ? gitDir : undefined),
      onBranchMoved: (_repo, moved, sha) => {
        if (moved !== branch) return;
        checkoutCommit(dir, sha);
        handler(sha);
      },
    }),
  );
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    dir,
    contentDir: join(dir, 'content'),
    vars: {
      ROSTER_GIT_API: `http://127.0.0.1:${port}`,
      ROSTER_GIT_REPO: LOCAL_REPO_NAME,
      ROSTER_GIT_BRANCH: branch,
      ROSTER_CONTENT_DIR: 'content',
      ROSTER_GIT_TOKEN: token,
    },
    onCommit: (h) => (handler = h),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Runs `astro build` on `contentDir`; resolves with its output and whether it succeeded. */
export function buildSite(contentDir: string): Promise<{ ok: boolean; output: string }> {
  return new Promise((ok) => {
    let output = '';
    const child = spawn(resolve(ROOT, 'node_modules/.bin/astro'), ['build'], {
      cwd: ROOT,
      env: { ...process.env, ENVGRID_CONTENT_DIR: contentDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (output = (output + d).slice(-40_000)));
    child.stderr.on('data', (d) => (output = (output + d).slice(-40_000)));
    child.on('exit', (code) => ok({ ok: code === 0, output }));
  });
}

/** The part of a failed build's output staff can act on: the roster check's lines, else the tail. */
export function buildFailureMessage(output: string): string {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const roster = /名册内容有 \d+ 处错误[\s\S]*?(?=\n\s*\n|（与 npm run roster:check)/.exec(plain)?.[0];
  const text = roster ?? plain.trim().split('\n').slice(-8).join('\n');
  return `构建失败，网站仍是上一版本：${text}`.slice(0, 2000);
}

/** Marks the proposal behind commit `sha` (by its trailer) as failed in the local D1. */
export async function recordBuildFailure(
  gitDir: string,
  persistTo: string,
  sha: string,
  message: string,
): Promise<string | undefined> {
  const commit = await readCommit(gitDir, sha);
  const id = commit && new RegExp(`^${PROPOSAL_TRAILER}: *(\\S+)`, 'm').exec(commit.message)?.[1];
  if (!id) return undefined;
  const db = await localD1(persistTo);
  try {
    const at = new Date().toISOString();
    await db.batch(BUILD_FAILED_SQL.map((sql) => ({ sql, params: [id, at, message] })));
  } finally {
    await db.close();
  }
  return id;
}
