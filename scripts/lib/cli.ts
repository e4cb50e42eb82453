/** The command-line boilerplate of the operator scripts (`npm run staff`, `npm run deliveries`). */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Prints `message` to stderr and exits with `code` (2: wrong usage). */
export function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

/**
 * `parseArgs` (strict) of the process arguments; on a wrong option, fails
 * with the reason and the script's usage text.
 */
export function parseCli<T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(config: T, usage: string) {
  try {
    return parseArgs({ ...config, strict: true as const });
  } catch (e) {
    return fail(`参数有误（${e instanceof Error ? e.message : e}）\n${usage}`);
  }
}
