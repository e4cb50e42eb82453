declare module 'virtual:envgrid/roster' {
  import type { Roster } from './schema.ts';
  const roster: Roster;
  export default roster;
}

declare module 'virtual:envgrid/build' {
  /** This build's id (build/roster-vite-plugin.ts). */
  const build: { id: string };
  export default build;
}

declare module 'virtual:envgrid/roster-files' {
  import type { RosterFiles } from './load.ts';
  /** Null when the roster is too large for the console (runtime.ts: consoleClosedReason). */
  const files: RosterFiles | null;
  export default files;
}
