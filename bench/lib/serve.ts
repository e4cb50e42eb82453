/** Serves a benchmark build on the real runtime (wrangler dev + local D1 in a temporary folder). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../scripts/lib/server.ts';
import type { Build } from './build.ts';
import { serveStatic } from './static-server.ts';

/** Starts the built Worker of `build`, runs `fn` with it, and always stops it and removes its state. */
export async function withServer<T>(
  build: Build,
  fn: (server: RunningServer) => Promise<T>,
  vars?: Record<string, string>,
): Promise<T> {
  const persistTo = await mkdtemp(join(tmpdir(), 'envgrid-bench-'));
  const server = await startServer({ persistTo, config: build.config, vars });
  try {
    return await fn(server);
  } finally {
    await server.stop();
    await rm(persistTo, { recursive: true, force: true });
  }
}

/** How a build was served: by its Worker, or (when wrangler refuses it) as static files only. */
export type ServedBy = 'worker' | { static: string };

/**
 * Like withServer, but when wrangler refuses the build because an asset is
 * over Cloudflare's 25 MiB limit, serves dist/client as plain files instead
 * (enough for prerendered pages and their scripts) and says why.
 */
export async function withPagesServer<T>(
  build: Build,
  fn: (url: string, servedBy: ServedBy) => Promise<T>,
): Promise<T> {
  try {
    return await withServer(build, (server) => fn(server.url, 'worker'));
  } catch (e) {
    const reason = /Asset too large[\s\S]*?We found a file (\S+) with a size of ([\d.]+ \w+)/.exec(String(e));
    if (!reason) throw e;
    const server = await serveStatic(join(build.outDir, 'client'));
    try {
      return await fn(server.url, {
        static: `wrangler refused ${reason[1]!.slice(build.outDir.length)} (${reason[2]})`,
      });
    } finally {
      await server.stop();
    }
  }
}
