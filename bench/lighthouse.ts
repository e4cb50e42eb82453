/**
 * Lighthouse (its default mobile preset: Moto G Power screen, simulated slow
 * 4G and 4× CPU slowdown) on the home page, a village page and the complaint
 * form, in Debian's Chromium: performance and accessibility scores, with the
 * main timings. Each page is run `--lighthouse-runs` times; the run with the
 * median performance score is reported.
 *
 * Alone: `node bench/lighthouse.ts [--lighthouse-runs 3] [--reuse]`.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { loadRoster } from '../domain/roster/fs.ts';
import { ensureBuilt } from './lib/build.ts';
import { chromiumPath } from './lib/machine.ts';
import { parseArgs, runAlone, type BenchOptions } from './lib/options.ts';
import { atLeast, fmt, type Row, type Section } from './lib/report.ts';
import { withServer } from './lib/serve.ts';
import { representative } from './lib/pages.ts';
import { CHROMIUM_FLAGS } from '../tests/e2e/browser.ts';

/** Goals: Lighthouse's "good" band starts at 90. */
const PERF_GOAL = 90;
const A11Y_GOAL = 100;

// The closed-network flags of the e2e tests, plus headless for chrome-launcher.
const FLAGS = ['--headless=new', ...CHROMIUM_FLAGS];

interface PageScore {
  path: string;
  status: number;
  performance: number | null;
  accessibility: number | null;
  fcp: number | null;
  lcp: number | null;
  tbt: number | null;
  cls: number | null;
  failedAudits: string[];
  runs: number[];
}

async function audit(url: string, port: number) {
  const r = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
  });
  if (!r) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = r;
  const num = (id: string) => lhr.audits[id]?.numericValue ?? null;
  const score = (c: string) => {
    const s = lhr.categories[c]?.score;
    return s === null || s === undefined ? null : Math.round(s * 100);
  };
  const failedAudits = Object.values(lhr.categories.accessibility?.auditRefs ?? [])
    .map((ref) => lhr.audits[ref.id])
    .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
    .map((a) => a!.id);
  return {
    status: lhr.runtimeError ? 0 : 200,
    performance: score('performance'),
    accessibility: score('accessibility'),
    fcp: num('first-contentful-paint'),
    lcp: num('largest-contentful-paint'),
    tbt: num('total-blocking-time'),
    cls: num('cumulative-layout-shift'),
    failedAudits,
    error: lhr.runtimeError?.message,
  };
}

export async function run(opts: BenchOptions): Promise<Section> {
  const t0 = performance.now();
  const build = await ensureBuilt(1, { reuse: opts.reuse, log: true });
  const roster = await loadRoster(build.roster.dir);
  const { village } = representative(roster);
  const paths = ['/', `/villages/${village.id}/`, '/complaint/'];
  return withServer(build, async (server) => {
    const chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: FLAGS });
    const scores: PageScore[] = [];
    try {
      for (const path of paths) {
        const status = (await fetch(`${server.url}${path}`)).status;
        if (status !== 200) {
          scores.push({
            path,
            status,
            performance: null,
            accessibility: null,
            fcp: null,
            lcp: null,
            tbt: null,
            cls: null,
            failedAudits: [],
            runs: [],
          });
          continue;
        }
        const runs = [];
        for (let i = 0; i < opts.lighthouseRuns; i++) runs.push(await audit(`${server.url}${path}`, chrome.port));
        runs.sort((a, b) => (a.performance ?? 0) - (b.performance ?? 0));
        const mid = runs[Math.floor(runs.length / 2)]!;
        scores.push({ path, ...mid, status, runs: runs.map((r) => r.performance ?? 0) });
      }
    } finally {
      chrome.kill();
    }
    const rows: Row[] = scores.flatMap((s): Row[] => {
      if (s.status !== 200) {
        return [{ item: s.path, value: `HTTP ${s.status}`, reference: 'page must exist', verdict: 'pending' }];
      }
      return [
        {
          item: `${s.path}: performance`,
          value: `${s.performance} (FCP ${fmt.ms(s.fcp ?? 0)}, LCP ${fmt.ms(s.lcp ?? 0)}, TBT ${fmt.ms(s.tbt ?? 0)}, CLS ${(s.cls ?? 0).toFixed(3)})`,
          raw: s.performance,
          reference: `≥ ${PERF_GOAL}`,
          verdict: atLeast(s.performance, PERF_GOAL),
        },
        {
          item: `${s.path}: accessibility`,
          value: `${s.accessibility}${s.failedAudits.length ? ` (failing: ${s.failedAudits.join(', ')})` : ''}`,
          raw: s.accessibility,
          reference: `${A11Y_GOAL}`,
          verdict: atLeast(s.accessibility, A11Y_GOAL),
        },
      ];
    });
    return {
      id: 'lighthouse',
      title: 'Lighthouse (mobile preset, Debian Chromium)',
      at: new Date().toISOString(),
      ms: performance.now() - t0,
      rows,
      notes: [
        `Lighthouse's default mobile settings (simulated slow 4G, 4× CPU slowdown), ${opts.lighthouseRuns} run(s) per page, median by performance score; village page: ${village.name}.`,
      ],
      data: scores,
    };
  });
}

if (import.meta.main) await runAlone('lighthouse', run, parseArgs(process.argv.slice(2)));
