/**
 * Starts the built Worker (run `npm run build` first; `npm test` does) with a
 * fresh local D1 in a temporary folder, and gives the tests its URL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateLocal, startServer } from '../../scripts/lib/server.ts';
import { seedSampleStaff } from '../../scripts/lib/staff-directory.ts';
import { TEST_STAFF_VARS } from '../support/staff-test-key.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject) {
  const persistTo = await mkdtemp(join(tmpdir(), 'envgrid-e2e-'));
  // Every browser in these tests is one client (127.0.0.1); a high complaint
  // rate limit keeps test files from using up each other's slots (the limit
  // itself is tested in tests/worker). Staff sign in with the test key
  // (the local sign-in page, or a cookie from tests/support/staff-tokens.ts).
  await migrateLocal(persistTo);
  await seedSampleStaff(persistTo, 'e2e');
  const server = await startServer({
    persistTo,
    vars: { RATE_LIMIT_MAX: '1000', PHOTO_LINK_SECRET: 'e2e-tests-photo-link-secret-0123456789', ...TEST_STAFF_VARS },
  });
  project.provide('baseURL', server.url);
  return async () => {
    await server.stop();
    await rm(persistTo, { recursive: true, force: true });
  };
}
