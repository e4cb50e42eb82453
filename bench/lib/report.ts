/**
 * The shape every benchmark returns, and the files `npm run bench` writes:
 * bench/results/latest.json (everything, raw numbers included) and
 * bench/results/latest.md (one table per benchmark: figure beside reference).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Machine } from './machine.ts';

/** How a figure compares with its reference. */
export type Verdict = 'meets' | 'misses' | 'info' | 'pending' | 'failed';

export interface Row {
  /** What was measured, e.g. "village page, brotli". */
  item: string;
  /** The figure as shown, e.g. "9.8 KB". */
  value: string;
  /** The raw number behind `value`, in the unit named by `unit`. */
  raw?: number | null;
  unit?: string;
  /** The reference or limit, e.g. "≤ 14 KB (first round trip)". */
  reference: string;
  verdict: Verdict;
}

export interface Section {
  id: string;
  title: string;
  /** ISO time the benchmark finished. */
  at: string;
  /** Wall time the benchmark took, ms. */
  ms: number;
  rows: Row[];
  notes: string[];
  /** Raw measurements for anyone re-analysing. */
  data?: unknown;
}

export interface Results {
  machine: Machine;
  /** Options the run was given (quick, scales…). */
  options: Record<string, unknown>;
  sections: Record<string, Section>;
}

export const RESULTS_DIR = join(import.meta.dirname, '..', 'results');

const MARK: Record<Verdict, string> = {
  meets: '✅ meets',
  misses: '❌ misses',
  info: '—',
  pending: '⏳ pending',
  failed: '💥 failed',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One benchmark as a Markdown table with its notes. */
export function sectionMarkdown(s: Section): string {
  const lines = [
    `### ${s.title}`,
    '',
    '| Measured | Figure | Reference / limit | Verdict |',
    '| --- | ---: | --- | --- |',
    ...s.rows.map((r) => `| ${cell(r.item)} | ${cell(r.value)} | ${cell(r.reference)} | ${MARK[r.verdict]} |`),
    '',
  ];
  if (s.notes.length) lines.push(...s.notes.map((n) => `- ${n}`), '');
  lines.push(`<sub>${s.id} · finished ${s.at} · took ${(s.ms / 1000).toFixed(0)} s</sub>`, '');
  return lines.join('\n');
}

export function machineMarkdown(m: Machine): string {
  return [
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}; ` +
      `Node ${m.node}, workerd ${m.workerd}, wrangler ${m.wrangler}, Astro ${m.astro}, ${m.chromium}; ` +
      `load average at start ${m.loadAverage}; ${m.date}.`,
    '',
  ].join('\n');
}

/** The order sections are shown in, whatever order they were run or re-run in. */
export const ORDER = ['build-scale', 'page-weight', 'search', 'lighthouse', 'intake', 'forwarding-crash'];

export function orderedSections(r: Results): Section[] {
  const rank = (id: string) => (ORDER.includes(id) ? ORDER.indexOf(id) : ORDER.length);
  return Object.values(r.sections).sort((a, b) => rank(a.id) - rank(b.id));
}

export function resultsMarkdown(r: Results): string {
  return ['## EnvGrid benchmarks', '', machineMarkdown(r.machine), ...orderedSections(r).map(sectionMarkdown)].join(
    '\n',
  );
}

/** Reads the previous results, so `--only x` replaces x and keeps the other sections. */
export async function readResults(): Promise<Results | null> {
  const f = join(RESULTS_DIR, 'latest.json');
  if (!existsSync(f)) return null;
  try {
    return JSON.parse(await readFile(f, 'utf8')) as Results;
  } catch {
    return null;
  }
}

export async function writeResults(r: Results): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const md = resultsMarkdown(r);
  await writeFile(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(r, null, 2)}\n`);
  await writeFile(join(RESULTS_DIR, 'latest.md'), md);
  return md;
}

/** Formatting helpers shared by the benchmarks. */
export const fmt = {
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
  mb: (bytes: number) =>
    bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  gb: (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`,
  ms: (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`),
  n: (n: number) => n.toLocaleString('en-US'),
};

/** `meets` when `value ≤ limit`, else `misses`; `info` when there is no value. */
export function atMost(value: number | null | undefined, limit: number): Verdict {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'info';
  return value <= limit ? 'meets' : 'misses';
}

export function atLeast(value: number | null | undefined, limit: number): Verdict {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'info';
  return value >= limit ? 'meets' : 'misses';
}
