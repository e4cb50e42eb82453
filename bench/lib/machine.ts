/** The machine and tool versions a run was taken on, recorded beside every figure. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../generate-roster.ts';

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** workerd run by `wrangler dev` (serving) and by the build's prerender step. */
  workerd: string;
  wrangler: string;
  astro: string;
  chromium: string;
  /** 1/5/15-minute load averages when the run started: the machine may be shared. */
  loadAverage: string;
  date: string;
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return `${m?.[1] ?? 'Linux'} (kernel ${release()})`;
  } catch {
    return `${process.platform} ${release()}`;
  }
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .replace(/ built on .*$/, '');
  } catch {
    return 'Chromium not found';
  }
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpuModel: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    node: process.version,
    workerd: `${version('wrangler/node_modules/workerd')}`,
    wrangler: version('wrangler'),
    astro: version('astro'),
    chromium: chromiumVersion(),
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
    date: new Date().toISOString(),
  };
}
