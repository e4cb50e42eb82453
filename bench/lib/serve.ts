/** Serves a benchmark build on the real runtime (wrangler dev + local D1 in a temporary folder). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../scripts/lib/server.ts';
import type { Build } from './build.ts';

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
