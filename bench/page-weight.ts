/**
 * Page weight: for the home page, a town, a village and the complaint form,
 * the compressed bytes (gzip and brotli, each response compressed on its own)
 * of the HTML plus the CSS and JS the page loads up front, against the 14 KB
 * that fits in the first round trip (TCP initial window, 10 × 1460 B); and
 * whether the page's main content is there with JavaScript off (Chromium).
 * Every town and village page is weighed; the heaviest is reported.
 *
 * Alone: `node bench/page-weight.ts`.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { loadRoster } from '../domain/roster/fs.ts';
import type { Roster } from '../domain/roster/schema.ts';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { ensureBuilt } from './lib/build.ts';
import { parseArgs, runAlone, type BenchOptions } from './lib/options.ts';
import { atMost, fmt, type Row, type Section } from './lib/report.ts';
import { withServer } from './lib/serve.ts';
import { representative } from './lib/pages.ts';

const BUDGET = 14 * 1024;

interface Resource {
  url: string;
  kind: 'html' | 'css' | 'js';
  raw: number;
  gzip: number;
  brotli: number;
}

interface PageWeight {
  path: string;
  status: number;
  resources: Resource[];
  /** Modules the page may load later (dynamic import()), not counted in the first load. */
  onDemand: string[];
  total: { raw: number; gzip: number; brotli: number };
}

const compress = (b: Buffer) => ({
  raw: b.length,
  gzip: gzipSync(b, { level: 6 }).length,
  brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/** Stylesheets, scripts and module preloads an HTML page asks for up front. */
export function linkedResources(html: string): { css: string[]; js: string[] } {
  const css: string[] = [];
  const js: string[] = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    const href = /\bhref\s*=\s*["']?([^"'\s>]+)/i.exec(tag)?.[1];
    if (!href) continue;
    if (/\brel\s*=\s*["']?stylesheet/i.test(tag)) css.push(href);
    else if (/\brel\s*=\s*["']?modulepreload/i.test(tag)) js.push(href);
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']?([^"'\s>]+)[^>]*>/gi)) js.push(m[1]!);
  return { css, js };
}

/** Static imports (needed before the module runs) and dynamic import() targets of a JS module. */
export function moduleImports(code: string): { fixed: string[]; dynamic: string[] } {
  const fixed = [...code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]+\sfrom\s*)?["']([^"']+)["']/g)].map(
    (m) => m[1]!,
  );
  const dynamic = [...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
  return { fixed, dynamic };
}

async function weigh(base: string, path: string): Promise<PageWeight> {
  const res = await fetch(new URL(path, base));
  const html = Buffer.from(await res.arrayBuffer());
  const resources: Resource[] = [{ url: path, kind: 'html', ...compress(html) }];
  const onDemand = new Set<string>();
  if (res.ok) {
    const pageUrl = new URL(path, base);
    const { css, js } = linkedResources(html.toString('utf8'));
    const seen = new Set<string>();
    const queue: [string, 'css' | 'js'][] = [
      ...css.map((u) => [new URL(u, pageUrl).href, 'css'] as [string, 'css']),
      ...js.map((u) => [new URL(u, pageUrl).href, 'js'] as [string, 'js']),
    ];
    while (queue.length) {
      const [url, kind] = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const r = await fetch(url);
      const body = Buffer.from(await r.arrayBuffer());
      resources.push({ url: new URL(url).pathname, kind, ...compress(body) });
      if (kind === 'js') {
        const { fixed, dynamic } = moduleImports(body.toString('utf8'));
        for (const f of fixed) queue.push([new URL(f, url).href, 'js']);
        for (const d of dynamic) onDemand.add(new URL(d, url).pathname);
      }
    }
  }
  const sum = (k: 'raw' | 'gzip' | 'brotli') => resources.reduce((a, r) => a + r[k], 0);
  return {
    path,
    status: res.status,
    resources,
    onDemand: [...onDemand],
    total: { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') },
  };
}

interface NoJsCheck {
  path: string;
  status: number;
  ok: boolean;
  missing: string[];
}

/** Loads each page in Chromium with JavaScript disabled and checks the expected content is in <main>. */
async function noJsChecks(base: string, pages: { path: string; expect: string[]; form?: boolean }[]) {
  const browser = await launchBrowser();
  const out: NoJsCheck[] = [];
  try {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    for (const p of pages) {
      const res = await page.goto(new URL(p.path, base).href);
      const main = (await page.locator('main').count()) ? await page.locator('main').first().innerText() : '';
      const missing = p.expect.filter((t) => !main.includes(t));
      if (p.form) {
        const forms = await page.locator('form[method="post" i]').count();
        const submit = await page
          .locator('form button[type="submit"], form button:not([type]), input[type="submit"]')
          .count();
        if (!forms) missing.push('<form method="post">');
        if (!submit) missing.push('submit button');
      }
      out.push({ path: p.path, status: res?.status() ?? 0, ok: missing.length === 0, missing });
    }
  } finally {
    await browser.close();
  }
  return out;
}

function heaviest(list: PageWeight[]): PageWeight | undefined {
  return list.filter((p) => p.status === 200).sort((a, b) => b.total.gzip - a.total.gzip)[0];
}

export async function run(opts: BenchOptions): Promise<Section> {
  const t0 = performance.now();
  const build = await ensureBuilt(1, { reuse: opts.reuse, log: true });
  const roster: Roster = await loadRoster(build.roster.dir);
  const { town, village } = representative(roster);

  return withServer(build, async (server) => {
    const home = await weigh(server.url, '/');
    const towns = await Promise.all(roster.towns.map((t) => weigh(server.url, `/towns/${t.id}/`)));
    const villages = await Promise.all(roster.villages.map((v) => weigh(server.url, `/villages/${v.id}/`)));
    const complaint = await weigh(server.url, '/complaint/');
    const firstTown = towns.find((p) => p.path === `/towns/${town.id}/`)!;
    const firstVillage = villages.find((p) => p.path === `/villages/${village.id}/`)!;
    const checks = await noJsChecks(server.url, [
      { path: '/', expect: [roster.district.name] },
      { path: firstTown.path, expect: [town.name, ...(town.subLeaders[0] ? [town.subLeaders[0].name] : [])] },
      {
        path: firstVillage.path,
        expect: [village.name, ...(village.supervisors[0] ? [village.supervisors[0].name] : [])],
      },
      { path: '/complaint/', expect: [], form: true },
    ]);

    const rows: Row[] = [];
    const add = (label: string, p: PageWeight | undefined) => {
      if (!p) return;
      if (p.status !== 200) {
        rows.push({
          item: `${label} ${p.path}`,
          value: `HTTP ${p.status}`,
          reference: 'page must exist',
          verdict: 'pending',
        });
        return;
      }
      const parts = `${p.resources.length} response${p.resources.length > 1 ? 's' : ''}`;
      rows.push({
        item: `${label} ${p.path}: gzip (${parts})`,
        value: `${fmt.kb(p.total.gzip)} (${fmt.kb(p.total.raw)} raw)`,
        raw: p.total.gzip,
        unit: 'B',
        reference: '≤ 14 KB (first round trip)',
        verdict: atMost(p.total.gzip, BUDGET),
      });
      rows.push({
        item: `${label} ${p.path}: brotli`,
        value: fmt.kb(p.total.brotli),
        raw: p.total.brotli,
        unit: 'B',
        reference: '≤ 14 KB (first round trip)',
        verdict: atMost(p.total.brotli, BUDGET),
      });
    };
    add('home', home);
    add('town', firstTown);
    const ht = heaviest(towns);
    if (ht && ht !== firstTown) add('heaviest town', ht);
    add('village', firstVillage);
    const hv = heaviest(villages);
    if (hv && hv !== firstVillage) add('heaviest village', hv);
    add('complaint form', complaint);
    for (const c of checks) {
      rows.push({
        item: `${c.path}: main content without JavaScript`,
        value: c.status !== 200 ? `HTTP ${c.status}` : c.ok ? 'present' : `missing: ${c.missing.join(', ')}`,
        reference: 'content and form work with JS off',
        verdict: c.status !== 200 ? 'pending' : c.ok ? 'meets' : 'misses',
      });
    }
    const onDemand = [...new Set([home, firstTown, firstVillage, complaint].flatMap((p) => p.onDemand))];
    const notes = [
      'Each response is compressed on its own with node:zlib (gzip level 6, brotli quality 11), as a server would send it; the page total is their sum. HTML, stylesheets, scripts and their static imports count; images and fonts do not.',
      `Weighed ${towns.length} town and ${villages.length} village pages of the sample roster, served by the built Worker on wrangler dev.`,
    ];
    if (onDemand.length) notes.push(`Loaded on demand (not counted): ${onDemand.join(', ')}.`);
    return {
      id: 'page-weight',
      title: 'Page weight (compressed, first load)',
      at: new Date().toISOString(),
      ms: performance.now() - t0,
      rows,
      notes,
      data: { home, towns, villages, complaint, checks },
    };
  });
}

if (import.meta.main) await runAlone('page-weight', run, parseArgs(process.argv.slice(2)));
