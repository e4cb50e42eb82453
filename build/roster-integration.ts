/**
 * Astro integration: checks the roster before anything is built, exactly as
 * `roster:check` does (domain/roster/check.ts). Errors (a bad file, a dangling id, a date
 * the working-day calendar cannot answer for) stop the build with a clear report; findings
 * against the plan are printed as warnings. Then it wires the roster module, handing it the
 * roster parsed here so each build parses the files once.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { AstroIntegration } from 'astro';
import { checkRosterFiles, townNamesOf } from '../domain/roster/check.ts';
import { readPublishedState, readRosterFiles } from '../domain/roster/fs.ts';
import { formatReport } from '../domain/roster/report.ts';
import { todayInChina } from '../domain/workdays.ts';
import { rosterVitePlugin } from './roster-vite-plugin.ts';

/** Findings against the plan printed by a build; `roster:check` lists them all. */
const FINDINGS_SHOWN = 30;

/** The Astro integration that checks the roster and provides `virtual:envgrid/roster`. */
export function envgridRoster(options: { contentDir: string }): AstroIntegration {
  return {
    name: 'envgrid-roster',
    hooks: {
      'astro:config:setup': async ({ updateConfig, logger, command }) => {
        const today = todayInChina();
        // Name files by the folder actually read (ENVGRID_CONTENT_DIR may point elsewhere).
        const root = displayDir(options.contentDir);
        const files = await readRosterFiles(options.contentDir);
        const result = checkRosterFiles(files, { today, published: await readPublishedState(options.contentDir) });
        const errors = result.findings.filter((f) => f.severity === 'error');
        const roster = result.roster;
        if (errors.length > 0) {
          const report = formatReport(
            { ...(roster ? { roster } : {}), findings: errors },
            { strict: false, today, townNames: townNamesOf(files), root },
          );
          if (command === 'dev') logger.error(report);
          else throw new Error(`${report}\n（与 npm run roster:check 的检查相同）`);
        }
        const findings = result.findings.filter((f) => f.severity === 'finding');
        for (const f of findings.slice(0, FINDINGS_SHOWN)) {
          logger.warn(`${root}/${f.file}${f.field ? ` › ${f.field}` : ''}：${f.message}`);
        }
        if (findings.length > FINDINGS_SHOWN) {
          logger.warn(`……另有 ${findings.length - FINDINGS_SHOWN} 条，运行 npm run roster:check 查看全部`);
        }
        if (roster) {
          logger.info(
            `roster ok: ${roster.towns.length} towns, ${roster.villages.length} villages, ` +
              `${roster.departments.length} departments, ${roster.enterprises.length} enterprises, ` +
              `${roster.changes.length} changes; ${result.findings.length} findings against the plan`,
          );
        }
        updateConfig({ vite: { plugins: [rosterVitePlugin(options.contentDir, roster)] } });
      },
    },
  };
}

/** The content folder as staff would type it: relative to the project when inside it. */
function displayDir(dir: string): string {
  const rel = relative(process.cwd(), resolve(dir));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : resolve(dir);
}
