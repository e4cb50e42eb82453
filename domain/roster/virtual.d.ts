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
  const files: RosterFiles;
  export default files;
}
