/**
 * Builds the site from an N× roster into bench/.work/dist-<N>/ (never the
 * project's dist/, which tests use), measuring time and memory. Benchmarks
 * that need a built site share the builds made earlier in the same run.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateRoster, ROOT, WORK, type GeneratedRoster } from '../generate-roster.ts';
import { measure, type Measured } from './proc.ts';

export interface Build {
  scale: number;
  roster: GeneratedRoster;
  outDir: string;
  /** The built Worker's config, for startServer({ config }). */
  config: string;
  measured: Measured | null;
}

const built = new Map<number, Build>();

export function distDir(scale: number): string {
  return join(WORK, `dist-${scale}`);
}

/** Generates the N× roster and runs `astro build` on it, measured. Throws with the build's output if it fails. */
export async function buildScale(scale: number, opts: { timeoutMs?: number; log?: boolean } = {}): Promise<Build> {
  const roster = await generateRoster(scale);
  const outDir = distDir(scale);
  if (opts.log) console.log(`  building ${scale}× (${roster.villages} villages)…`);
  const measured = await measure(join(ROOT, 'node_modules/.bin/astro'), ['build', '--outDir', outDir], {
    cwd: ROOT,
    env: { ...process.env, ENVGRID_CONTENT_DIR: roster.dir, ASTRO_TELEMETRY_DISABLED: '1' },
    timeoutMs: opts.timeoutMs,
  });
  const b: Build = { scale, roster, outDir, config: join(outDir, 'server/wrangler.json'), measured };
  if (measured.code === 0) built.set(scale, b);
  return b;
}

/**
 * A successful build of the N× roster: the one made earlier in this run, or
 * with `reuse` an existing bench/.work/dist-<N>, or a fresh one.
 */
export async function ensureBuilt(scale: number, opts: { reuse?: boolean; log?: boolean } = {}): Promise<Build> {
  const done = built.get(scale);
  if (done) return done;
  const outDir = distDir(scale);
  const config = join(outDir, 'server/wrangler.json');
  if (opts.reuse && existsSync(config)) {
    const summary = join(WORK, `roster-${scale}.json`);
    const roster = existsSync(summary)
      ? (JSON.parse(await readFile(summary, 'utf8')) as GeneratedRoster)
      : await generateRoster(scale);
    const b: Build = { scale, roster, outDir, config, measured: null };
    built.set(scale, b);
    return b;
  }
  const b = await buildScale(scale, opts);
  if (b.measured?.code !== 0) {
    throw new Error(`astro build of the ${scale}× roster failed (exit ${b.measured?.code}):\n${b.measured?.output}`);
  }
  return b;
}

/** The build of the N× roster made earlier in this run, if any. */
export function builtThisRun(scale: number): Build | undefined {
  return built.get(scale);
}
