/** The command-line boilerplate of the operator scripts (`npm run staff`, `npm run deliveries`). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parsePeriod, type Period } from '../../domain/patrols.ts';

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

/** The period of `--week 2026-W49` or `--month 2026-12` (exactly one of them), or fails with the usage. */
export function periodArg(args: { week?: string | undefined; month?: string | undefined }, usage: string): Period {
  if (Boolean(args.week) === Boolean(args.month)) fail(`请给出 --week 或 --month 之一\n${usage}`);
  try {
    const period = parsePeriod(args.week ?? args.month!);
    if (period.kind !== (args.week ? 'week' : 'month')) throw new Error(`收到 ${args.week ?? args.month}`);
    return period;
  } catch (e) {
    return fail(`--week 应写成 2026-W49，--month 应写成 2026-12：${(e as Error).message}`);
  }
}
