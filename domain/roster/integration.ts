/**
 * Astro integration: validates the roster before anything is built (so a bad
 * file stops the build with a clear report) and wires the roster module.
 */
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
          if (e instanceof RosterError && command === 'dev') logger.error(e.message);
          else throw e;
        }
        updateConfig({ vite: { plugins: [rosterVitePlugin(options.contentDir)] } });
      },
    },
  };
}
