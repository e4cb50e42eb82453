/**
 * The Worker settings that `npm start` passes from the shell environment to the local Worker
 * (through `wrangler dev --env-file`): every var of wrangler.toml's `[vars]` and every secret
 * of functions/secret-names.ts, so a new setting needs no edit here. With none set, nothing
 * leaves the machine: every forwarding channel is off until its address is given. They reach
 * wrangler in a 0600 env file (scripts/lib/local-env.ts), never on its command line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'smol-toml';
import { SECRETS } from '../../functions/secret-names.ts';

/** The names under `[vars]` in the project's wrangler.toml. */
export function wranglerVarNames(file = resolve(import.meta.dirname, '../../wrangler.toml')): string[] {
  const config = parse(readFileSync(file, 'utf8')) as { vars?: Record<string, unknown> };
  return Object.keys(config.vars ?? {});
}

export const WORKER_VARS: readonly string[] = [...wranglerVarNames(), ...Object.keys(SECRETS)];

export function workerVarsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const name of WORKER_VARS) {
    const v = env[name];
    if (v) vars[name] = v;
  }
  return vars;
}
