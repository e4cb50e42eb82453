/**
 * Starts the built Worker (run `npm run build` first; `npm test` does) with a
 * fresh local D1 in a temporary folder, and gives the tests its URL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServer } from '../../scripts/lib/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject) {
  const persistTo = await mkdtemp(join(tmpdir(), 'envgrid-e2e-'));
  const server = await startServer({ persistTo });
  project.provide('baseURL', server.url);
  return async () => {
    await server.stop();
    await rm(persistTo, { recursive: true, force: true });
  };
}
