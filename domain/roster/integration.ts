/**
 * Astro integration: validates the roster before anything is built (so a bad
 * file stops the build with a clear report) and wires the roster module.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { AstroIntegration } from 'astro';
import { loadRoster } from './fs.ts';
import { RosterError } from './load.ts';
import { rosterVitePlugin } from './vite-plugin.ts';

export function envgridRoster(options: { contentDir: string }): AstroIntegration {
  return {
    name: 'envgrid-roster',
    hooks: {
      'astro:config:setup': async ({ updateConfig, logger, command }) => {
        try {
          const roster = await loadRoster(options.contentDir);
          logger.info(
            `roster ok: ${roster.towns.length} towns, ${roster.villages.length} villages, ${roster.departments.length} departments`,
          );
        } catch (e) {
          // Name files by the folder actually read (ENVGRID_CONTENT_DIR may point elsewhere).
          const err = e instanceof RosterError ? new RosterError(e.issues, displayDir(options.contentDir)) : e;
          if (err instanceof RosterError && command === 'dev') logger.error(err.message);
          else throw err;
        }
        updateConfig({ vite: { plugins: [rosterVitePlugin(options.contentDir)] } });
      },
    },
  };
}

/** The content folder as staff would type it: relative to the project when inside it. */
function displayDir(dir: string): string {
  const rel = relative(process.cwd(), resolve(dir));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : resolve(dir);
}
