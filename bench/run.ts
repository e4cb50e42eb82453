/**
 * `npm run bench`: runs the benchmarks in order, writes
 * bench/results/latest.json and latest.md, and prints the table. Each figure
 * sits beside its reference or limit; the machine is recorded with them.
 *
 *   node bench/run.ts                      everything (takes a while: 1000× build)
 *   node bench/run.ts --quick              smoke run (scales 1 and 10, short loads)
 *   node bench/run.ts --only build-scale --scales 1,10
 *
 * Build scale runs first: the other benchmarks reuse its 1× and large builds.
 */
import { machine } from './lib/machine.ts';
import { parseArgs, record, USAGE, type BenchOptions } from './lib/options.ts';
import { machineMarkdown, type Section } from './lib/report.ts';
import { run as buildScale } from './build-scale.ts';
import { run as pageWeight } from './page-weight.ts';
import { run as intake } from './intake.ts';
import { run as search } from './search.ts';
import { run as lighthouse } from './lighthouse.ts';
import { run as forwardingCrash } from './forwarding-crash.ts';
import { run as rosterPublish } from './roster-publish.ts';

const BENCHMARKS: [string, (o: BenchOptions) => Promise<Section>][] = [
  ['build-scale', buildScale],
  ['page-weight', pageWeight],
  ['search', search],
  ['lighthouse', lighthouse],
  ['intake', intake],
  ['forwarding-crash', forwardingCrash],
  ['roster-publish', rosterPublish],
];

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

let opts: BenchOptions;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof Error ? e.message : e, `\n\n${USAGE}`);
  process.exit(2);
}
const unknown = opts.only?.filter((n) => !BENCHMARKS.some(([id]) => id === n)) ?? [];
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}

const t0 = performance.now();
console.log(machineMarkdown(machine()));
const sections: Section[] = [];
for (const [id, run] of BENCHMARKS) {
  if (opts.only && !opts.only.includes(id)) continue;
  console.log(`${id}…`);
  const started = performance.now();
  try {
    sections.push(await run(opts));
  } catch (e) {
    // One broken benchmark must not hide the others' figures.
    const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
    console.error(`${id} failed:\n${msg}`);
    sections.push({
      id,
      title: id,
      at: new Date().toISOString(),
      ms: performance.now() - started,
      rows: [{ item: 'benchmark', value: msg.split('\n')[0]!, reference: 'must run', verdict: 'failed' }],
      notes: [msg.split('\n').slice(0, 12).join(' ⏎ ')],
    });
  }
  console.log(`  ${id} done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
const md = await record(sections, opts);
console.log(`\n${md}`);
console.log(`Wrote bench/results/latest.json and latest.md in ${((performance.now() - t0) / 60_000).toFixed(1)} min.`);
process.exit(sections.some((s) => s.rows.some((r) => r.verdict === 'failed')) ? 1 : 0);
