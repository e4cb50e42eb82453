/**
 * Command-line options shared by `node bench/run.ts` and each benchmark run
 * alone (`node bench/<name>.ts`), and the code that records one benchmark's
 * section in bench/results/latest.{json,md}.
 */
import { machine } from './machine.ts';
import { readResults, sectionMarkdown, writeResults, type Results, type Section } from './report.ts';

export interface BenchOptions {
  /** Smoke run: small scales, short load tests, one Lighthouse pass. */
  quick: boolean;
  /** Roster multipliers for build scale. */
  scales: number[];
  /** The large roster for the search benchmark (the largest scale by default). */
  searchScale: number;
  /** Reuse bench/.work/dist-<N> builds from an earlier run instead of rebuilding. */
  reuse: boolean;
  /** Seconds per autocannon run. */
  duration: number;
  /** Connection counts for the intake benchmark. */
  connections: number[];
  /** Lighthouse runs per page (the median is reported). */
  lighthouseRuns: number;
  /** Serve each scale's build to measure the Worker's cold start and memory. */
  serve: boolean;
  /** Kill a build after this long, ms (a finding, not a crash of the harness). */
  buildTimeoutMs: number;
  only: string[] | null;
}

function list(v: string | undefined, name: string): number[] {
  const out = (v ?? '').split(',').map(Number);
  if (out.length === 0 || out.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`${name} takes positive integers separated by commas, got "${v}"`);
  }
  return out;
}

export function parseArgs(argv: string[]): BenchOptions {
  const has = (f: string) => argv.includes(f);
  const val = (f: string) => {
    const i = argv.indexOf(f);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = has('--quick');
  const scales = val('--scales') ? list(val('--scales'), '--scales') : quick ? [1, 10] : [1, 10, 100, 1000];
  return {
    quick,
    scales,
    searchScale: val('--search-scale') ? list(val('--search-scale'), '--search-scale')[0]! : Math.max(...scales),
    reuse: has('--reuse'),
    duration: val('--duration') ? Number(val('--duration')) : quick ? 2 : 10,
    connections: val('--connections') ? list(val('--connections'), '--connections') : [1, 10, 50],
    lighthouseRuns: val('--lighthouse-runs') ? Number(val('--lighthouse-runs')) : quick ? 1 : 3,
    serve: !has('--no-serve'),
    buildTimeoutMs: (val('--build-timeout') ? Number(val('--build-timeout')) : 60) * 60_000,
    only: val('--only') ? val('--only')!.split(',') : null,
  };
}

export const USAGE = `node bench/run.ts [options]
  --quick                 smoke run: scales 1,10, 2 s load runs, one Lighthouse pass
  --only a,b              run only these: page-weight, build-scale, intake, search, lighthouse, forwarding-crash, roster-publish
  --scales 1,10,100,1000  roster multipliers for build scale (sample = 24 villages; 2000 ≈ 48,000)
  --search-scale N        the large roster for search (default: largest scale)
  --reuse                 reuse bench/.work/dist-<N> builds from an earlier run
  --duration S            seconds per autocannon run (default 10)
  --connections 1,10,50   autocannon connection counts
  --lighthouse-runs N     Lighthouse runs per page, median reported (default 3)
  --no-serve              build scale: skip serving each build
  --build-timeout MIN     kill a build after MIN minutes (default 60)`;

/** Merges finished sections into bench/results/latest.*, keeping sections not re-run, and prints them. */
export async function record(sections: Section[], opts: BenchOptions): Promise<string> {
  const prev = await readResults();
  const results: Results = {
    machine: machine(),
    options: { ...opts },
    sections: { ...(prev?.sections ?? {}) },
  };
  for (const s of sections) results.sections[s.id] = s;
  return writeResults(results);
}

/** Runs one benchmark alone (`node bench/<name>.ts …`), records and prints its table. */
export async function runAlone(
  id: string,
  run: (opts: BenchOptions) => Promise<Section>,
  opts: BenchOptions,
): Promise<void> {
  console.log(`${id}…`);
  const section = await run(opts);
  await record([section], opts);
  console.log(`\n${sectionMarkdown(section)}`);
  process.exit(0); // wrangler/Chromium children may hold the event loop open
}
