/** Runs in Node before the publisher's worker tests: starts the Git host fixture, which workerd reaches on 127.0.0.1. */
import type { TestProject } from 'vitest/node';
import { startGitHostFixture } from '../../support/git-host-fixture.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    gitHostPort: number;
  }
}

export default async function setup(project: TestProject) {
  const fixture = await startGitHostFixture();
  project.provide('gitHostPort', fixture.port);
  return () => fixture.close();
}
