/**
 * Runs a command and measures its wall time and memory: the peak of the summed
 * resident memory of its whole process tree (sampled from /proc, because
 * `astro build` starts workerd for prerendering, a separate process), and the
 * largest single process's max RSS from GNU time when it is installed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface Measured {
  code: number | null;
  ms: number;
  /** Peak of the summed VmRSS of the process tree, bytes (sampled every `intervalMs`). */
  treePeakRss: number;
  /** Largest single process's max RSS from GNU time, bytes; null without /usr/bin/time. */
  maxProcessRss: number | null;
  /** CPU time (user + system) of the command and its waited-for children from GNU time, ms; null without it. */
  cpuMs: number | null;
  /** The machine's 1-minute load average when the command started and when it ended. */
  load: [number, number];
  /** Last 20 kB of stdout + stderr. */
  output: string;
}

async function children(): Promise<Map<number, number[]>> {
  const byParent = new Map<number, number[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = byParent.get(ppid) ?? [];
      list.push(Number(name));
      byParent.set(ppid, list);
    } catch {
      /* exited meanwhile */
    }
  }
  return byParent;
}

async function rssOf(pid: number): Promise<number> {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Summed resident memory of `root` and all its descendants, bytes. */
export async function treeRss(root: number): Promise<number> {
  const byParent = await children();
  const stack = [root];
  let total = 0;
  while (stack.length) {
    const pid = stack.pop()!;
    total += await rssOf(pid);
    stack.push(...(byParent.get(pid) ?? []));
  }
  return total;
}

/** Runs `cmd args` in `cwd` with `env`, measuring time and memory. */
export async function measure(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; intervalMs?: number; timeoutMs?: number },
): Promise<Measured> {
  const timeFile = join(tmpdir(), `envgrid-bench-time-${process.pid}-${Date.now()}`);
  const useTime = existsSync(GNU_TIME);
  const [bin, argv] = useTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, cmd, ...args]] : [cmd, args];
  const load0 = loadavg()[0]!;
  const t0 = performance.now();
  const child = spawn(bin, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let peak = 0;
  let sampling = false;
  const timer = setInterval(() => {
    if (sampling || child.pid === undefined) return;
    sampling = true;
    void treeRss(child.pid)
      .then((r) => (peak = Math.max(peak, r)))
      .finally(() => (sampling = false));
  }, opts.intervalMs ?? 200);
  const killer = opts.timeoutMs
    ? setTimeout(() => {
        output += `\n[bench] killed after ${opts.timeoutMs} ms\n`;
        child.kill('SIGKILL');
      }, opts.timeoutMs)
    : undefined;
  const code = await new Promise<number | null>((ok) => child.on('exit', (c) => ok(c)));
  const ms = performance.now() - t0;
  clearInterval(timer);
  if (killer) clearTimeout(killer);
  let maxProcessRss: number | null = null;
  let cpuMs: number | null = null;
  if (useTime) {
    try {
      const [kb, user, sys] = (await readFile(timeFile, 'utf8')).trim().split('\n').pop()!.split(' ').map(Number);
      if (Number.isFinite(kb)) maxProcessRss = kb! * 1024;
      if (Number.isFinite(user) && Number.isFinite(sys)) cpuMs = (user! + sys!) * 1000;
    } catch {
      /* time wrote nothing (killed) */
    }
    await rm(timeFile, { force: true });
  }
  return { code, ms, treePeakRss: peak, maxProcessRss, cpuMs, load: [load0, loadavg()[0]!], output };
}

/** Total bytes and file count under `dir`. */
export async function dirSize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  if (!existsSync(dir)) return { bytes, files };
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += (await stat(join(e.parentPath, e.name))).size;
  }
  return { bytes, files };
}
