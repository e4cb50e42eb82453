/**
 * Build scale: generates rosters of 1×, 10×, 100×, 1000× the sample district
 * (24 villages → 24,000 at 1000×; `--scales 2000` gives ~48,000), builds each
 * with `astro build`, and reports time, peak memory, cost per village, growth
 * between scales, the output's size and file count, and the built Worker's
 * size and memory when served — each against the Cloudflare limit it must fit.
 *
 * Alone: `node bench/build-scale.ts --scales 1,10`.
 */
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { availableParallelism } from 'node:os';
import { ASSET_FILE_MAX, workerCheck, type WorkerCheck } from './lib/worker-check.ts';
import { buildScale } from './lib/build.ts';
import { dirSize } from './lib/proc.ts';
import { atMost, fmt, type Row, type Section } from './lib/report.ts';
import { parseArgs, runAlone, type BenchOptions } from './lib/options.ts';

// Cloudflare Workers limits (developers.cloudflare.com/workers/platform/limits/), Free / Paid plans.
const ASSET_FILES_FREE = 20_000;
const ASSET_FILES_PAID = 100_000;
const WORKER_GZIP_FREE = 3 * 1024 * 1024;
const WORKER_GZIP_PAID = 10 * 1024 * 1024;
const ISOLATE_MEMORY = 128 * 1024 * 1024;
const STARTUP_LIMIT_MS = 1000;
/** Prerendered pages weighed at every scale, by the path a citizen opens. */
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/towns/jiedao/': 'towns/jiedao/index.html',
  '/villages/beiguan/': 'villages/beiguan/index.html',
  '/towns/': 'towns/index.html',
  '/grid-status/': 'grid-status/index.html',
  '/changes/': 'changes/index.html',
  '/district/': 'district/index.html',
  '/district/leaders/': 'district/leaders/index.html',
  '/contact/': 'contact/index.html',
  '/data/roster.json': 'data/roster.json',
};

/** The town page with the most bytes compressed (`/towns/<id>/`; the town list's pages `/towns/<n>/` aside). */
async function largestTownPage(client: string): Promise<{ path: string; gzip: number } | null> {
  let best: { path: string; gzip: number } | null = null;
  for (const e of await readdir(join(client, 'towns'), { withFileTypes: true })) {
    const f = join(client, 'towns', e.name, 'index.html');
    if (!e.isDirectory() || /^\d+$/.test(e.name) || !existsSync(f)) continue;
    const gzip = gzipSync(await readFile(f)).length;
    if (!best || gzip > best.gzip) best = { path: `/towns/${e.name}/`, gzip };
  }
  return best;
}
/** Issue 16: a province (50,000 villages) builds in under 10 minutes and 4 GB on the 2-core machine. */
const BUILD_TIME_GOAL_MS = 10 * 60 * 1000;
const BUILD_MEMORY_GOAL = 4 * 1024 ** 3;

interface ScaleResult {
  scale: number;
  villages: number;
  towns: number;
  people: number;
  generateMs: number;
  ok: boolean;
  exitCode: number | null;
  buildMs: number;
  /** CPU time (user + system) of the build, ms; the machine is shared, so wall time alone misleads. */
  cpuMs: number | null;
  /** 1-minute load average at the build's start and end. */
  load: [number, number];
  treePeakRss: number;
  maxProcessRss: number | null;
  client?: { bytes: number; files: number; largest: { file: string; bytes: number } };
  /** Gzip size of prerendered pages and files whose size may grow with the roster. */
  pages?: Record<string, number | null>;
  worker?: { bytes: number; gzip: number; files: number };
  served?: WorkerCheck;
  error?: string;
}

async function largestFile(dir: string): Promise<{ file: string; bytes: number }> {
  let best = { file: '', bytes: 0 };
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    const { size } = await stat(p);
    if (size > best.bytes) best = { file: p.slice(dir.length), bytes: size };
  }
  return best;
}

/** The Worker upload: every module in dist/server, raw and gzip-compressed (as wrangler measures it). */
async function workerSize(dir: string): Promise<{ bytes: number; gzip: number; files: number }> {
  let bytes = 0;
  let files = 0;
  const parts: Buffer[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !/\.(m?js|wasm)$/.test(e.name)) continue;
    const b = await readFile(join(e.parentPath, e.name));
    parts.push(b);
    bytes += b.length;
    files++;
  }
  return { bytes, gzip: gzipSync(Buffer.concat(parts), { level: 6 }).length, files };
}

async function measureScale(scale: number, opts: BenchOptions): Promise<ScaleResult> {
  const b = await buildScale(scale, { timeoutMs: opts.buildTimeoutMs, log: true });
  const m = b.measured!;
  const r: ScaleResult = {
    scale,
    villages: b.roster.villages,
    towns: b.roster.towns,
    people: b.roster.people,
    generateMs: b.roster.ms,
    ok: m.code === 0,
    exitCode: m.code,
    buildMs: m.ms,
    cpuMs: m.cpuMs,
    load: m.load,
    treePeakRss: m.treePeakRss,
    maxProcessRss: m.maxProcessRss,
  };
  if (!r.ok) {
    r.error = m.output.split('\n').slice(-25).join('\n');
    return r;
  }
  const client = await dirSize(join(b.outDir, 'client'));
  r.client = { ...client, largest: await largestFile(join(b.outDir, 'client')) };
  r.pages = {};
  for (const [name, file] of Object.entries(PAGES)) {
    const f = join(b.outDir, 'client', file);
    r.pages[name] = existsSync(f) ? gzipSync(await readFile(f)).length : null;
  }
  const town = await largestTownPage(join(b.outDir, 'client'));
  if (town) r.pages[`largest town page ${town.path}`] = town.gzip;
  r.worker = await workerSize(join(b.outDir, 'server'));
  if (opts.serve) r.served = await workerCheck(b, 'beiguan');
  return r;
}

/** Rows for one scale, each figure beside the limit it must fit. */
function rowsFor(r: ScaleResult, prev: ScaleResult | undefined): Row[] {
  const tag = `${r.scale}× (${fmt.n(r.villages)} villages)`;
  if (!r.ok) {
    return [
      {
        item: `${tag}: build`,
        value: `failed, exit ${r.exitCode} after ${fmt.ms(r.buildMs)}`,
        raw: r.buildMs,
        unit: 'ms',
        reference: 'must build',
        verdict: 'failed',
      },
      {
        item: `${tag}: peak memory (process tree)`,
        value: fmt.gb(r.treePeakRss),
        raw: r.treePeakRss,
        unit: 'B',
        reference: `Node heap limit here ${fmt.gb(getHeapStatistics().heap_size_limit)}`,
        verdict: 'info',
      },
    ];
  }
  const heapLimit = getHeapStatistics().heap_size_limit;
  const rows: Row[] = [
    {
      item: `${tag}: build time`,
      value: fmt.ms(r.buildMs),
      raw: r.buildMs,
      unit: 'ms',
      reference: '< 10 min (issue 16; on a quiet machine, see the CPU time row)',
      verdict: atMost(r.buildMs, BUILD_TIME_GOAL_MS),
    },
    {
      item: `${tag}: build CPU time (user + system) and load average`,
      value: `${r.cpuMs === null ? 'n/a' : fmt.ms(r.cpuMs)} CPU; load ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)} on ${availableParallelism()} CPUs`,
      raw: r.cpuMs,
      unit: 'ms',
      reference: 'wall time on a shared machine stretches with its load; CPU time does not',
      verdict: 'info',
    },
    {
      item: `${tag}: build time per village`,
      value: fmt.ms(r.buildMs / r.villages),
      raw: r.buildMs / r.villages,
      unit: 'ms',
      reference: 'falls or stays flat as scale grows',
      verdict: 'info',
    },
    {
      item: `${tag}: peak memory, process tree / largest process`,
      value: `${fmt.gb(r.treePeakRss)} / ${r.maxProcessRss === null ? 'n/a' : fmt.gb(r.maxProcessRss)}`,
      raw: r.treePeakRss,
      unit: 'B',
      reference: `tree < 4 GB (issue 16); largest ≤ Node heap limit ${fmt.gb(heapLimit)}`,
      verdict:
        atMost(r.treePeakRss, BUILD_MEMORY_GOAL) === 'meets'
          ? atMost(r.maxProcessRss ?? r.treePeakRss, heapLimit)
          : atMost(r.treePeakRss, BUILD_MEMORY_GOAL),
    },
  ];
  if (prev && prev.ok) {
    const exp = Math.log(r.buildMs / prev.buildMs) / Math.log(r.villages / prev.villages);
    const marginal = (r.buildMs - prev.buildMs) / (r.villages - prev.villages);
    rows.push({
      item: `${tag}: growth from ${prev.scale}×`,
      value: `time ×${(r.buildMs / prev.buildMs).toFixed(1)} for villages ×${(r.villages / prev.villages).toFixed(0)}; exponent ${exp.toFixed(2)}; ${fmt.ms(marginal)} per added village`,
      raw: exp,
      unit: 'exponent',
      reference: 'exponent ≤ 1.1 (linear)',
      verdict: r.scale / prev.scale >= 10 && r.buildMs > 30_000 ? atMost(exp, 1.1) : 'info',
    });
  }
  if (r.client) {
    rows.push(
      {
        item: `${tag}: static output (dist/client)`,
        value: `${fmt.mb(r.client.bytes)} in ${fmt.n(r.client.files)} files`,
        raw: r.client.files,
        unit: 'files',
        reference: `≤ ${fmt.n(ASSET_FILES_FREE)} files (Free) / ${fmt.n(ASSET_FILES_PAID)} (Paid)`,
        verdict: atMost(r.client.files, ASSET_FILES_PAID),
      },
      {
        item: `${tag}: largest static file`,
        value: `${fmt.mb(r.client.largest.bytes)} ${r.client.largest.file}`,
        raw: r.client.largest.bytes,
        unit: 'B',
        reference: '≤ 25 MiB per asset',
        verdict: atMost(r.client.largest.bytes, ASSET_FILE_MAX),
      },
    );
  }
  if (r.pages) {
    const sizes = { ...r.pages };
    if (r.served && !('error' in r.served)) {
      sizes['/complaint/'] = r.served.complaintFormGzip;
      sizes['/villages/beiguan/notice/ (on demand)'] = r.served.noticeGzip;
    }
    for (const [name, gz] of Object.entries(sizes)) {
      if (gz === null) continue;
      const data = name.startsWith('/data/'); // fetched by programs, not a page: only the asset limit applies
      rows.push({
        item: `${tag}: ${data ? 'file' : 'page'} ${name}${data ? '' : ' HTML'}, gzip`,
        value: fmt.kb(gz),
        raw: gz,
        unit: 'B',
        reference: data ? 'open data; its raw size is in the largest-file row' : '≤ 14 KB (first round trip)',
        verdict: data ? 'info' : atMost(gz, 14 * 1024),
      });
    }
  }
  if (r.worker) {
    rows.push({
      item: `${tag}: Worker bundle (dist/server), gzip`,
      value: `${fmt.mb(r.worker.gzip)} (${fmt.mb(r.worker.bytes)} raw)`,
      raw: r.worker.gzip,
      unit: 'B',
      reference: `≤ ${fmt.mb(WORKER_GZIP_FREE)} (Free) / ${fmt.mb(WORKER_GZIP_PAID)} (Paid)`,
      verdict: atMost(r.worker.gzip, WORKER_GZIP_PAID),
    });
  }
  if (r.served && 'error' in r.served) {
    rows.push({
      item: `${tag}: served by wrangler dev`,
      value: r.served.error,
      reference: 'must serve',
      verdict: 'failed',
    });
  } else if (r.served) {
    const s = r.served;
    rows.push({
      item: `${tag}: first on-demand page (/complaint/status/) on a fresh isolate`,
      value: `${fmt.ms(s.firstOnDemandMs)} (HTTP ${s.firstOnDemandStatus})`,
      raw: s.firstOnDemandMs,
      unit: 'ms',
      reference: 'startup ≤ 1 s (Workers limit)',
      verdict: atMost(s.firstOnDemandMs, STARTUP_LIMIT_MS),
    });
    rows.push({
      item: `${tag}: printable notice rendered on demand (/villages/beiguan/notice/), first request`,
      value: fmt.ms(s.noticeMs),
      raw: s.noticeMs,
      unit: 'ms',
      reference: 'reads the town file through ASSETS; no roster of persons in the Worker',
      verdict: 'info',
    });
    if (s.setAside.length) {
      rows.push({
        item: `${tag}: served by wrangler dev`,
        value: `only with ${s.setAside.length} asset(s) over 25 MiB set aside: ${s.setAside.join(', ')}`,
        reference: 'wrangler serves and deploys assets ≤ 25 MiB only',
        verdict: 'misses',
      });
    }
    rows.push({
      item: `${tag}: Worker isolate heap, at startup / after 4 page requests`,
      value: `${fmt.mb(s.heapAtStart)} / ${fmt.mb(s.heapAfter)}`,
      raw: Math.max(s.heapAtStart, s.heapAfter),
      unit: 'B',
      reference: '≤ 128 MB per isolate (Workers limit)',
      verdict: atMost(Math.max(s.heapAtStart, s.heapAfter), ISOLATE_MEMORY),
    });
  }
  return rows;
}

export async function run(opts: BenchOptions): Promise<Section> {
  const t0 = performance.now();
  const results: ScaleResult[] = [];
  for (const scale of opts.scales) {
    const r = await measureScale(scale, opts);
    results.push(r);
    console.log(
      `  ${scale}×: ${r.ok ? `built in ${fmt.ms(r.buildMs)}` : `FAILED (exit ${r.exitCode})`}, peak ${fmt.gb(r.treePeakRss)}`,
    );
    if (!r.ok) break; // a larger roster will not build either
  }
  const base = results[0];
  const rows = results.flatMap((r, i) => rowsFor(r, results[i - 1]));
  const notes = [
    `Rosters: the sample district (${base ? base.towns / base.scale : '?'} towns, ${base ? base.villages / base.scale : '?'} villages) copied N× with new ids, names and phones by bench/generate-roster.ts; N = ${opts.scales.join(', ')}.`,
    'Build time is wall time of `astro build` (roster validation, Vite bundling, prerendering in the same Node process). Peak memory is the summed RSS of the build process tree, sampled every 200 ms; "largest process" is GNU time\'s max RSS.',
    "Worker limits are Cloudflare's (developers.cloudflare.com/workers/platform/limits/): static asset files per version, Worker size after compression, 128 MB isolate memory, 1 s startup.",
  ];
  for (const r of results.filter((x) => !x.ok)) notes.push(`${r.scale}× build output (tail): ${r.error}`);
  return {
    id: 'build-scale',
    title: 'Build scale',
    at: new Date().toISOString(),
    ms: performance.now() - t0,
    rows,
    notes,
    data: results,
  };
}

if (import.meta.main) await runAlone('build-scale', run, parseArgs(process.argv.slice(2)));
