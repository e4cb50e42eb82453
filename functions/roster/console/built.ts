/**
 * The roster this Worker version was built from, whole: every file's text and the validated
 * roster. The Worker's module roster (domain/roster/current.ts) is slim and leaves people out;
 * edits need all of it, so the files' text comes from its own chunk, loaded on the first edit
 * and kept for the isolate's life (a new roster means a new Worker version).
 */
import { parseRoster } from '../../../domain/roster/load.ts';
import type { BuiltRoster } from '../../../domain/roster/edits/model.ts';

let built: Promise<BuiltRoster> | undefined;

/** The roster as built (loaded once per isolate). */
export function builtRoster(): Promise<BuiltRoster> {
  built ??= import('virtual:envgrid/roster-files').then(({ default: files }) => {
    // The console's routes are closed first (consoleClosedReason); this is the backstop.
    if (!files) throw new Error('roster console: this Worker carries no roster files (domain/roster/runtime.ts)');
    return { files, roster: parseRoster(files) };
  });
  return built;
}
