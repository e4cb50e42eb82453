/**
 * Serves the validated roster to bundled code as `virtual:envgrid/roster`.
 * Astro pages (prerendered in workerd), the Worker and the worker tests all
 * import it, so they see exactly what `roster:check` validated. A bad roster
 * file fails the bundle with the file, field and fix.
 */
import { resolve, join } from 'node:path';
import type { Plugin } from 'vite';
import { readRosterFiles } from './fs.ts';
import { parseRoster } from './load.ts';
import { runtimeRosterModule } from './runtime.ts';

export const ROSTER_MODULE = 'virtual:envgrid/roster';
const RESOLVED = `\0${ROSTER_MODULE}`;

export function rosterVitePlugin(contentDir: string): Plugin {
  const dir = resolve(contentDir);
  return {
    name: 'envgrid-roster',
    resolveId(id) {
      return id === ROSTER_MODULE ? RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RESOLVED) return undefined;
      const files = await readRosterFiles(dir);
      for (const f of Object.keys(files)) this.addWatchFile(join(dir, f));
      const roster = parseRoster(files);
      // The built Worker ('ssr' environment of `astro build`) gets the slim roster: see runtime.ts.
      if (this.environment?.name === 'ssr' && this.environment.mode === 'build') return runtimeRosterModule(roster);
      // A JSON string parsed at startup is cheaper than a large object literal.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(roster))});`;
    },
    configureServer(server) {
      server.watcher.add(dir);
      const reload = (file: string) => {
        if (!file.startsWith(dir)) return;
        for (const env of Object.values(server.environments)) {
          const mod = env.moduleGraph.getModuleById(RESOLVED);
          if (mod) env.moduleGraph.invalidateModule(mod);
        }
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.on('change', reload);
      server.watcher.on('add', reload);
      server.watcher.on('unlink', reload);
    },
  };
}
