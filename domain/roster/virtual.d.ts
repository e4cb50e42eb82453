declare module 'virtual:envgrid/roster' {
  import type { Roster } from './schema.ts';
  const roster: Roster;
  export default roster;
}
