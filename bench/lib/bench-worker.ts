/**
 * Turns a finished build into the benchmark's Worker: copies the bench-only
 * routes (bench/worker/) into its server folder beside the production entry,
 * and writes a `wrangler.bench.json` whose `main` is the bench entry. The
 * production `wrangler.json` and entry are left as they are.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ROOT } from '../generate-roster.ts';

/** Returns the path of the bench Worker's config for the build whose config is `config`. */
export async function benchWorkerConfig(config: string): Promise<string> {
  const server = dirname(config);
  await copyFile(join(ROOT, 'bench/worker/bench-routes.mjs'), join(server, 'bench-routes.mjs'));
  await copyFile(join(ROOT, 'bench/worker/bench-entry.mjs'), join(server, 'bench-entry.mjs'));
  const json = JSON.parse(await readFile(config, 'utf8')) as { main: string };
  const out = join(server, 'wrangler.bench.json');
  await writeFile(out, JSON.stringify({ ...json, main: 'bench-entry.mjs' }, null, 2));
  return out;
}
