/**
 * Serves the validated roster to bundled code as `virtual:envgrid/roster`.
 * Astro pages (prerendered in workerd), the Worker and the worker tests all
 * import it, so they see exactly what `roster:check` validated. A bad roster
 * file fails the bundle with the file, field and fix.
 *
 * Build plumbing, not domain logic: it lives beside astro.config.mjs's other wiring.
 */
import { resolve, join } from 'node:path';
import type { Plugin } from 'vite';
import { readRosterFiles } from '../domain/roster/fs.ts';
import { parseRoster } from '../domain/roster/load.ts';
import { runtimeRosterModule } from '../domain/roster/runtime.ts';
import type { Roster } from '../domain/roster/schema.ts';

export const ROSTER_MODULE = 'virtual:envgrid/roster';
const RESOLVED = `\0${ROSTER_MODULE}`;
/** `{ id }` of this build: the runtime records which build's changes went live (functions/roster/publish/record.ts). */
export const BUILD_MODULE = 'virtual:envgrid/build';
const RESOLVED_BUILD = `\0${BUILD_MODULE}`;

/** An id per build: ENVGRID_BUILD_ID if given, else the time and a random part (plus the commit on Workers Builds). */
function newBuildId(): string {
  if (process.env.ENVGRID_BUILD_ID) return process.env.ENVGRID_BUILD_ID;
  const commit = process.env.WORKERS_CI_COMMIT_SHA?.slice(0, 12);
  const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
  return [stamp, commit, crypto.randomUUID().slice(0, 8)].filter(Boolean).join('-');
}

/**
 * The roster files' text as built, for the staff console's edits (domain/roster/edits/): an edit
 * starts from these texts and records each one's sha256 as its base. Imported dynamically, so
 * it is a chunk of its own that the Worker evaluates only when a staff member edits the roster.
 */
export const ROSTER_FILES_MODULE = 'virtual:envgrid/roster-files';
const RESOLVED_FILES = `\0${ROSTER_FILES_MODULE}`;

/**
 * The Vite plugin for `virtual:envgrid/roster`. `checked` is the roster the Astro integration
 * already parsed and checked: the build then parses the files once. Without it (the vitest
 * projects) the plugin reads them itself; after a file changes in dev it always re-reads.
 */
export function rosterVitePlugin(contentDir: string, checked?: Roster): Plugin {
  const dir = resolve(contentDir);
  let current = checked;
  const buildId = newBuildId();
  const load = async (watch: (file: string) => void): Promise<Roster> => {
    const files = await readRosterFiles(dir);
    for (const f of Object.keys(files)) watch(join(dir, f));
    return parseRoster(files);
  };
  return {
    name: 'envgrid-roster',
    resolveId(id) {
      return id === ROSTER_MODULE
        ? RESOLVED
        : id === BUILD_MODULE
          ? RESOLVED_BUILD
          : id === ROSTER_FILES_MODULE
            ? RESOLVED_FILES
            : undefined;
    },
    async load(id) {
      if (id === RESOLVED_BUILD) return `export default ${JSON.stringify({ id: buildId })};`;
      if (id === RESOLVED_FILES) {
        const files = await readRosterFiles(dir);
        for (const f of Object.keys(files)) this.addWatchFile(join(dir, f));
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(files))});`;
      }
      if (id !== RESOLVED) return undefined;
      current ??= await load((f) => this.addWatchFile(f));
      // The built Worker ('ssr' environment of `astro build`) gets the slim roster: see runtime.ts.
      if (this.environment?.name === 'ssr' && this.environment.mode === 'build') return runtimeRosterModule(current);
      // A JSON string parsed at startup is cheaper than a large object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(current))});`;
    },
    configureServer(server) {
      server.watcher.add(dir);
      const reload = (file: string) => {
        if (!file.startsWith(dir)) return;
        current = undefined;
        for (const env of Object.values(server.environments)) {
          for (const id of [RESOLVED, RESOLVED_FILES]) {
            const mod = env.moduleGraph.getModuleById(id);
            if (mod) env.moduleGraph.invalidateModule(mod);
          }
        }
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.on('change', reload);
      server.watcher.on('add', reload);
      server.watcher.on('unlink', reload);
    },
  };
}
