/**
 * Runs in Node before the worker tests: starts the control server for the
 * office receivers (tests/support/receiver.ts), which workerd reaches on
 * 127.0.0.1, and hands its port to the tests.
 */
import type { TestProject } from 'vitest/node';
import { startControlServer } from '../../support/receiver.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    receiverControlPort: number;
  }
}

export default async function setup(project: TestProject) {
  const control = await startControlServer();
  project.provide('receiverControlPort', control.port);
  return () => control.close();
}
