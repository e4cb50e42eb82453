/**
 * What the search benchmark needs of a large roster without building the
 * whole site (a 50,000-village build takes most of an hour on a busy 2-core
 * machine): the sample build's pages, with `/data/search.json` and the
 * shards under `/data/search/` replaced by the large roster's, made by the
 * same function the site's routes call (site/lib/search-shards.ts).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadRoster } from '../../domain/roster/fs.ts';
import { shardName } from '../../site/lib/search-match.ts';
import type { SearchIndex } from '../../site/lib/search-index.ts';
import { shardIndex, siteSearchIndex } from '../../site/lib/search-shards.ts';
import { generateRoster, WORK, type GeneratedRoster } from '../generate-roster.ts';
import { ensureBuilt, type Build } from './build.ts';

export interface SearchOnlyBuild extends Build {
  /** Time to load the roster and make its index (or read it back with --reuse), and to make the shards, ms. */
  loadMs: number;
  shardMs: number;
}

/** Writes the large roster's search files over a copy of the sample build, in bench/.work/search-<N>/. */
export async function buildSearchOnly(
  scale: number,
  opts: { reuse: boolean; log?: boolean },
): Promise<SearchOnlyBuild> {
  const page = await ensureBuilt(1, opts);
  const summary = join(WORK, `roster-${scale}.json`);
  const roster =
    opts.reuse && existsSync(summary) && existsSync(join(WORK, `roster-${scale}`))
      ? (JSON.parse(await readFile(summary, 'utf8')) as GeneratedRoster)
      : await generateRoster(scale);
  if (opts.log) console.log(`  search files for ${scale}× (${roster.villages} villages), on the 1× pages…`);
  // Loading 50,000 villages takes minutes on a busy machine: with --reuse the index made from them last time is kept.
  let t0 = performance.now();
  const cached = join(WORK, `search-index-${scale}.json`);
  let index: SearchIndex;
  if (opts.reuse && existsSync(cached)) index = JSON.parse(await readFile(cached, 'utf8')) as SearchIndex;
  else {
    index = siteSearchIndex(await loadRoster(roster.dir));
    await writeFile(cached, JSON.stringify(index));
  }
  const loadMs = performance.now() - t0;
  t0 = performance.now();
  const shards = shardIndex(index);
  const shardMs = performance.now() - t0;
  const outDir = join(WORK, `search-${scale}`);
  const client = join(outDir, 'client');
  await rm(outDir, { recursive: true, force: true });
  await cp(join(page.outDir, 'client'), client, { recursive: true });
  await rm(join(client, 'data', 'search'), { recursive: true, force: true });
  await mkdir(join(client, 'data', 'search'), { recursive: true });
  const files = [...shards].map(([prefix, node]): [string, string] => [
    prefix ? join(client, 'data', 'search', `${shardName(prefix)}.json`) : join(client, 'data', 'search.json'),
    JSON.stringify(node),
  ]);
  for (let i = 0; i < files.length; i += 64) {
    await Promise.all(files.slice(i, i + 64).map(([p, text]) => writeFile(p, text)));
  }
  return { scale, roster, outDir, config: '', measured: null, loadMs, shardMs };
}
