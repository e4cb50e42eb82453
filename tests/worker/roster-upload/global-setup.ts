/**
 * Runs in Node before the upload's worker tests: writes the workbooks with `roster:export`'s
 * code (ExcelJS is Node-only) and hands them to workerd as base64.
 */
import type { TestProject } from 'vitest/node';
import { personRow, uploadCases } from '../../support/roster-workbooks.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    rosterWorkbooks: Record<string, string>;
    dongxingSupervisorRow: number;
  }
}

export default async function setup(project: TestProject) {
  const cases = await uploadCases();
  project.provide(
    'rosterWorkbooks',
    Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  );
  project.provide('dongxingSupervisorRow', await personRow('冯秀兰'));
}
