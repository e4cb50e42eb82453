/**
 * Roster publication under `npm start`, with no account: a real git repository for the roster
 * (a clone of the working copy under .wrangler/roster/, never the working copy itself), the
 * local Git host service speaking GitHub's API against it, and a local pipeline that rebuilds
 * the site from that repository after every commit and restarts the local Worker on the same
 * port and D1. The pipeline reports each build as a check run on the commit, as Workers Builds
 * does on GitHub; the Worker's publisher reads it (functions/roster/publish/builds.ts), so a
 * failed build reaches the console the same way locally and deployed, and the running site
 * stays as it was (docs/roster-publishing.md).
 *
 * The end-to-end test and the publication benchmark run the same pieces (`startLocalSite`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ensureLocalRosterRepo, checkoutCommit, seedRosterRepo } from './git-host/repo.ts';
import { gitHostHandler, type LocalCheck } from './git-host/server.ts';
import { ROOT, startServer, triggerScheduled, type RunningServer } from './server.ts';

export const LOCAL_REPO_NAME = 'local/roster';
/** The check run's name, as staff read it in the console. */
export const LOCAL_CHECK_NAME = '本机构建（npm start）';

export interface LocalPublishing {
  /** The repository's folder; the site is built from `<dir>/content`. */
  dir: string;
  gitDir: string;
  branch: string;
  contentDir: string;
  /** Worker settings pointing the publisher at the local service. */
  vars: Record<string, string>;
  /** Called after each commit (set by the rebuild loop). */
  onCommit: (handler: (sha: string) => void) => void;
  /** Reports a build's outcome on commits, answered to the publisher as a check run. */
  report: (shas: readonly string[], check: LocalCheck) => void;
  close: () => Promise<void>;
}

/**
 * Sets up the repository and starts the service on 127.0.0.1. The repository is a clone of
 * the working copy, or — with `seedFrom`, a content folder — a fresh one holding a copy of it
 * (the end-to-end test's own repository).
 */
export async function startLocalPublishing(
  stateDir = resolve(ROOT, '.wrangler/roster'),
  opts: { seedFrom?: string } = {},
): Promise<LocalPublishing> {
  const dir = join(stateDir, 'repo');
  if (opts.seedFrom) seedRosterRepo(dir, opts.seedFrom);
  const { gitDir, branch } = ensureLocalRosterRepo(dir, ROOT);
  const token = randomBytes(24).toString('hex');
  const checks = new Map<string, LocalCheck>();
  let handler: (sha: string) => void = () => {};
  const server: Server = createServer(
    gitHostHandler({
      token,
      repos: (name) => (name === LOCAL_REPO_NAME ? gitDir : undefined),
      checks: (_repo, sha) => checks.get(sha),
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
    gitDir,
    branch,
    contentDir: join(dir, 'content'),
    vars: {
      ROSTER_GIT_API: `http://127.0.0.1:${port}`,
      ROSTER_GIT_REPO: LOCAL_REPO_NAME,
      ROSTER_GIT_BRANCH: branch,
      ROSTER_CONTENT_DIR: 'content',
      ROSTER_GIT_TOKEN: token,
    },
    onCommit: (h) => (handler = h),
    report: (shas, check) => shas.forEach((sha) => checks.set(sha, check)),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Runs `astro build` on `contentDir` into `outDir`; resolves with its output and whether it succeeded. */
export function buildSite(
  contentDir: string,
  outDir = resolve(ROOT, 'dist'),
): Promise<{ ok: boolean; output: string }> {
  return new Promise((ok) => {
    let output = '';
    const child = spawn(resolve(ROOT, 'node_modules/.bin/astro'), ['build', '--outDir', outDir], {
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
  // The roster check's report (build/roster-integration.ts) without its heading line.
  const roster = /名册检查：.*\n([\s\S]*?)\n?（与 npm run roster:check/.exec(plain)?.[1]?.trim();
  return (roster ?? plain.trim().split('\n').slice(-8).join('\n')).slice(0, 1500);
}

/** One pass of the local pipeline, as measured (docs/roster-publishing.md, bench/roster-publish.ts). */
export interface BuildPass {
  /** The commits this build carried (commits landing during a build are built together next). */
  shas: string[];
  ok: boolean;
  buildMs: number;
  /** Stopping the old Worker and serving the new build (0 when the build failed). */
  restartMs: number;
  message?: string;
}

export interface LocalSite {
  url: string;
  port: number;
  /** The Worker serving now (a new one after each successful rebuild). */
  server: () => RunningServer;
  publishing: LocalPublishing | undefined;
  /** Every build pass so far. */
  passes: BuildPass[];
  /** Runs the Worker's cron handler once. */
  tick: () => Promise<void>;
  /** Called when the Worker exits other than by a restart (npm start exits with it). */
  onExit: (handler: (code: number | null) => void) => void;
  stop: () => Promise<void>;
}

export interface LocalSiteOptions {
  persistTo: string;
  vars: Record<string, string>;
  /** The caller applied the migrations already (skips a wrangler start). */
  migrated?: boolean;
  port?: number;
  ip?: string;
  inheritOutput?: boolean;
  /** The repository and service (startLocalPublishing); without it the site never rebuilds. */
  publishing?: LocalPublishing;
  /** Where rebuilds go (default dist/); the first Worker serves `config` (default dist's). */
  outDir?: string;
  config?: string;
  log?: (line: string) => void;
}

/**
 * Serves the built Worker and, with `publishing`, rebuilds after each commit: the build's outcome
 * is reported as the commit's check, a good build replaces the running Worker (same port and D1,
 * no migrations), a failed one leaves it serving, and the cron runs once right after so the
 * publisher reads the check now rather than at the next minute.
 */
export async function startLocalSite(o: LocalSiteOptions): Promise<LocalSite> {
  const log = o.log ?? ((line: string) => console.log(line));
  const outDir = o.outDir ?? resolve(ROOT, 'dist');
  const serve = (config: string | undefined, migrate: boolean, port?: number) =>
    startServer({
      port,
      ip: o.ip,
      config,
      persistTo: o.persistTo,
      vars: { ...o.vars, ...o.publishing?.vars },
      inheritOutput: o.inheritOutput,
      migrate,
    });
  let server = await serve(o.config, !o.migrated, o.port);
  const port = server.port;
  let restarting = false;
  let exitHandler: (code: number | null) => void = () => {};
  const watch = (s: RunningServer) => s.process.on('exit', (code) => restarting || exitHandler(code));
  watch(server);
  const tick = () => triggerScheduled(server.url);
  const passes: BuildPass[] = [];

  if (o.publishing) {
    const p = o.publishing;
    let building = false;
    let waiting: string[] = [];
    const rebuild = async (): Promise<void> => {
      if (building || waiting.length === 0) return;
      building = true;
      const shas = waiting;
      waiting = [];
      const head = shas.at(-1)!.slice(0, 12);
      log(`roster: commit ${head}, rebuilding the site…`);
      p.report(shas, { name: LOCAL_CHECK_NAME, conclusion: null, title: '构建中', summary: '' });
      try {
        passes.push(await buildAndServe(shas, head));
      } catch (e) {
        log(`roster: rebuilding failed: ${e instanceof Error ? e.message : e}`);
      }
      // The publisher reads the check now (a failure shows in the console at once).
      await tick().catch((e: unknown) => log(`roster: cron tick failed: ${e instanceof Error ? e.message : e}`));
      building = false;
      await rebuild();
    };
    const buildAndServe = async (shas: string[], head: string): Promise<BuildPass> => {
      const t0 = performance.now();
      const b = await buildSite(p.contentDir, outDir);
      const pass: BuildPass = { shas, ok: b.ok, buildMs: performance.now() - t0, restartMs: 0 };
      if (b.ok) {
        const t1 = performance.now();
        restarting = true;
        await server.stop();
        server = await serve(join(outDir, 'server/wrangler.json'), false, port);
        restarting = false;
        watch(server);
        pass.restartMs = performance.now() - t1;
        p.report(shas, { name: LOCAL_CHECK_NAME, conclusion: 'success', title: '构建成功', summary: '' });
        log(
          `roster: the site now shows commit ${head} (build ${(pass.buildMs / 1000).toFixed(1)} s, restart ${(pass.restartMs / 1000).toFixed(1)} s).`,
        );
      } else {
        pass.message = buildFailureMessage(b.output);
        p.report(shas, {
          name: LOCAL_CHECK_NAME,
          conclusion: 'failure',
          title: '构建失败',
          summary: pass.message,
        });
        log(`roster: the build of ${head} failed; the site is unchanged.\n${pass.message}`);
      }
      return pass;
    };
    p.onCommit((sha) => {
      waiting.push(sha);
      void rebuild();
    });
  }

  return {
    url: server.url,
    port,
    server: () => server,
    publishing: o.publishing,
    passes,
    tick,
    onExit: (h) => (exitHandler = h),
    stop: async () => {
      restarting = true;
      await Promise.all([server.stop(), o.publishing?.close()]);
    },
  };
}
