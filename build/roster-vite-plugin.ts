/**
 * Serves the validated roster to bundled code as `virtual:envgrid/roster`.
 * Astro pages (prerendered in the build's Node process, which shares the roster
 * checked here), the Worker and the worker tests all import it, so they see
 * exactly what `roster:check` validated. A bad roster file fails the bundle
 * with the file, field and fix.
 *
 * Build plumbing, not domain logic: it lives beside astro.config.mjs's other wiring.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve, join } from 'node:path';
import type { Plugin } from 'vite';
import { readRosterFiles } from '../domain/roster/fs.ts';
import { parseRoster } from '../domain/roster/load.ts';
import { consoleClosedReason, runtimeRosterModule } from '../domain/roster/runtime.ts';
import type { Roster } from '../domain/roster/schema.ts';

export const ROSTER_MODULE = 'virtual:envgrid/roster';
const RESOLVED = `\0${ROSTER_MODULE}`;
/** Where the build process keeps the checked roster for prerendering (see load()). */
const SHARED_ROSTER = Symbol.for('envgrid.roster');
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

let textDir: string | undefined;

/**
 * Writes `text` to `<name>.txt` in a folder of this build process and returns its path. The
 * Cloudflare Vite plugin turns an import of a `.txt` file into a Text module: it copies the
 * file beside the bundle without parsing it, and workerd hands it to the code as a string.
 */
function textModule(name: string, text: string): string {
  if (!textDir) {
    const made = mkdtempSync(join(tmpdir(), 'envgrid-roster-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    textDir = made;
  }
  const file = join(textDir, `${name.replace(/[^a-z0-9-]/gi, '-')}.txt`);
  writeFileSync(file, text);
  return file;
}

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
      if (id !== RESOLVED && id !== RESOLVED_FILES) return undefined;
      const env = this.environment;
      // In a build the data goes into the bundle as a Text module (a file beside the code, see
      // textModule): at province scale it is over 100 MB, which the bundler would otherwise parse
      // as one string literal per environment. Dev and the tests get a JSON string in the code.
      const asText =
        env?.mode === 'build' ? (json: string) => textModule(`${env.name}-${id.slice(1)}`, json) : undefined;
      const jsonModule = (json: string) =>
        asText
          ? `import text from ${JSON.stringify(asText(json))};\nexport default JSON.parse(text);`
          : // A JSON string parsed at startup is cheaper than a large object literal.
            `export default JSON.parse(${JSON.stringify(json)});`;
      if (id === RESOLVED_FILES) {
        current ??= await load((f) => this.addWatchFile(f));
        // Too large for the isolate: the console is closed for this roster (runtime.ts).
        if (consoleClosedReason(current)) return 'export default null;';
        const files = await readRosterFiles(dir);
        for (const f of Object.keys(files)) this.addWatchFile(join(dir, f));
        return jsonModule(JSON.stringify(files));
      }
      current ??= await load((f) => this.addWatchFile(f));
      // Prerendering runs in this Node process (astro.config.mjs): it shares the roster checked here
      // instead of bundling a copy (over 100 MB of JSON for a province) and parsing it again.
      if (id === RESOLVED && env?.name === 'prerender' && env.mode === 'build') {
        (globalThis as Record<symbol, unknown>)[SHARED_ROSTER] = current;
        return [
          `const roster = globalThis[Symbol.for(${JSON.stringify(SHARED_ROSTER.description)})];`,
          "if (!roster) throw new Error('virtual:envgrid/roster: pages are prerendered in the build process (astro.config.mjs)');",
          'export default roster;',
        ].join('\n');
      }
      // The built Worker ('ssr' environment of `astro build`) gets the slim roster: see runtime.ts.
      if (env?.name === 'ssr' && env.mode === 'build') return runtimeRosterModule(current, asText);
      return jsonModule(JSON.stringify(current));
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
